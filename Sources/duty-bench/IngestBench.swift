import ConsoleLink
import ConsoleUI
import DutyCore
import DutyStore
import Foundation

/// Taking in a flood of alert files: throughput of `duty-watch ingest`, and what a key pressed in
/// the console waits while the console takes the same flood in, batch by batch.
enum IngestBench {
    struct Figures {
        var files: Int
        var ingestNanos: UInt64
        var outcomes: [String: Int]
        /// Per keypress in the console while it takes the flood in: arrival to frame drawn.
        var keyNanos: [UInt64]
        /// From the console's start until its inbox was empty.
        var consoleNanos: UInt64
        /// Open alerts on the console's screen at the end.
        var shown: Int
    }

    /// 10,000 files: 60 % CAP alerts, 20 % CAP updates of earlier ones, 10 % JSON alerts, 10 %
    /// copies of earlier files (duplicates). Written plainly, as a feed's downloader would.
    static func fill(inbox: String, files: Int) throws {
        let kinds = ["暴雨", "台风", "雷雨大风", "高温", "大雾", "内涝"]
        let colours = ["蓝色", "黄色", "橙色", "红色"]
        var written: [(String, Data)] = []
        var capCount = 0
        for n in 0..<files {
            let name = String(format: "%05d", n)
            let data: Data
            switch n % 10 {
            case 0..<6:
                capCount += 1
                let kind = kinds[n % kinds.count]
                let street = Haizhu.streets[n % 18]
                data = Data(cap(id: "B-\(n)", type: "Alert", refs: nil, headline: "\(street)\(kind)\(colours[n % 4])预警", street: street).utf8)
            case 6, 7:
                // An update of the CAP alert written ten files earlier.
                let street = Haizhu.streets[(n - 10 + 20) % 18]
                data = Data(cap(id: "B-\(n)", type: "Update", refs: "B-\(max(0, n - 10 - (n - 10) % 10))",
                                headline: "\(street)暴雨\(colours[(n / 10) % 4])预警", street: street).utf8)
            case 8:
                data = Data(#"{"id":"\#(n)","source":"110联动","level":"\#(["red", "orange", "yellow", "blue"][n % 4])","kind":"内涝","title":"积水报告 \#(n)","street":"\#(Haizhu.streets[n % 18])","sent":"2026-06-01T08:00:00+08:00"}"#.utf8)
            default:
                data = written[max(0, written.count - 5)].1
            }
            written.append((name, data))
            try data.write(to: URL(fileURLWithPath: "\(inbox)/\(name)\(data.first == UInt8(ascii: "{") ? ".json" : ".xml")"))
        }
        _ = capCount
    }

    static func cap(id: String, type: String, refs: String?, headline: String, street: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
          <identifier>\(id)</identifier><sender>bench@gd121.cn</sender><sent>2026-06-01T08:00:00+08:00</sent>
          <status>Actual</status><msgType>\(type)</msgType><scope>Public</scope>\(refs.map { "<references>bench@gd121.cn,\($0),2026-06-01T08:00:00+08:00</references>" } ?? "")
          <info><language>zh-CN</language><category>Met</category><event>预警</event><urgency>Expected</urgency>
            <severity>Moderate</severity><certainty>Likely</certainty><expires>2026-06-01T20:00:00+08:00</expires>
            <senderName>广州市气象台</senderName><headline>\(headline)</headline>
            <description>\(street)及周边请做好防御，注意低洼路段积水。</description><instruction>减少外出。</instruction>
            <area><areaDesc>广州市海珠区\(street)</areaDesc><geocode><valueName>GB2260</valueName><value>440105</value></geocode></area>
          </info>
        </alert>
        """
    }

    static func run(dir: String, files: Int, now: Instant) throws -> Figures {
        let fs = RealFileSystem()
        // 1. `duty-watch ingest`: everything at once.
        let a = dir + "/ingest"
        try Store.create(at: a, node: "bench", fs: fs)
        try fill(inbox: a + "/inbox", files: files)
        let store = try Store.open(at: a, fs: fs)
        let start = monotonicNanos()
        let outcomes = try Inbox(store: store, language: .zh).takeInAll(now: { now })
        let ingestNanos = monotonicNanos() - start
        var counts: [String: Int] = [:]
        for o in outcomes {
            switch o.result {
            case .raised: counts["raised", default: 0] += 1
            case .updated: counts["updated", default: 0] += 1
            case .lifted: counts["lifted", default: 0] += 1
            case .duplicate: counts["duplicate", default: 0] += 1
            case .refused: counts["refused", default: 0] += 1
            }
        }

        // 2. The console: the real runtime loop and store worker, keys arriving at random
        // moments (a hundred a second on average) while the worker takes the same flood in. A key's
        // time runs from its arrival to the frame drawn after it, so any wait for the loop counts.
        let b = dir + "/console"
        try Store.create(at: b, node: "bench", fs: fs)
        try fill(inbox: b + "/inbox", files: files)
        let cstore = try Store.open(at: b, fs: fs)
        let settings = ConsoleSettings(calendar: .shanghai, acknowledgeWithin: [.red: 2, .orange: 5, .yellow: 15, .blue: 30, .white: 30], bell: false)
        let state = ConsoleState(duty: cstore.state, now: Instant(Date()), settings: settings, language: .zh, actor: "bench")
        let consoleStart = monotonicNanos()
        let link = StoreLink(cstore, language: .zh, settings: settings, clock: { Instant(Date()) })
        let terminal = TimedKeysTerminal { link.worker.inboxFilesHandled >= files }
        let runtime = ConsoleRuntime(terminal: terminal, store: link, state: state, ascii: false) { Instant(Date()) }
        runtime.run()
        link.stop()
        return Figures(files: files, ingestNanos: ingestNanos, outcomes: counts, keyNanos: terminal.latencies,
                       consoleNanos: terminal.drainedAt.map { $0 - consoleStart } ?? 0, shown: runtime.state.queue.count)
    }
}

/// A terminal whose keys arrive at set moments, 0–20 ms apart (a key held down repeats about as fast): it hands a key over once its
/// moment has come, and times each from that moment to the next frame drawn. Input ends a
/// second after `drained` says the inbox is empty.
final class TimedKeysTerminal: Terminal {
    let size = Size(width: 120, height: 40)
    let drained: () -> Bool
    private(set) var latencies: [UInt64] = []
    private(set) var drainedAt: UInt64?
    private var nextArrival = monotonicNanos()
    private var handedOver: UInt64?
    private var count = 0
    private var rng = SystemRandomNumberGenerator()
    private static let keys: [Key] = [.char("j"), .char("j"), .char("k"), .down, .up, .char("j"), .char("2"), .char("j"), .char("1")]

    init(drained: @escaping () -> Bool) {
        self.drained = drained
        nextArrival += UInt64.random(in: 0..<20_000_000, using: &rng)
    }

    func draw(_ grid: Grid) {
        if let a = handedOver {
            latencies.append(monotonicNanos() - a)
            handedOver = nil
        }
    }

    func readInput(timeoutMilliseconds: Int) -> InputEvent {
        let now = monotonicNanos()
        if let d = drainedAt, now - d > 1_000_000_000 { return .endOfInput }
        if drainedAt == nil, drained() { drainedAt = now }
        let until = min(nextArrival, now + UInt64(max(0, timeoutMilliseconds)) * 1_000_000)
        if until > now {
            var ts = timespec(tv_sec: Int((until - now) / 1_000_000_000), tv_nsec: Int((until - now) % 1_000_000_000))
            nanosleep(&ts, nil)
        }
        guard monotonicNanos() >= nextArrival else { return .idle }
        handedOver = nextArrival
        nextArrival += UInt64.random(in: 0..<20_000_000, using: &rng)
        count += 1
        return .key(Self.keys[count % Self.keys.count])
    }

    func bell() {}
    func restore() {}
}

extension IngestBench {
    /// Profiling aid: the console's own cost of a store change and of a key, after a flood.
    static func deriveOnly(dir: String, files: Int, now: Instant) throws {
        let fs = RealFileSystem()
        try Store.create(at: dir, node: "bench", fs: fs)
        try fill(inbox: dir + "/inbox", files: files)
        let store = try Store.open(at: dir, fs: fs)
        _ = try Inbox(store: store, language: .zh).takeInAll(now: { now })
        let settings = ConsoleSettings(calendar: .shanghai, acknowledgeWithin: [.red: 2, .orange: 5, .yellow: 15, .blue: 30, .white: 30], bell: false)
        var state = ConsoleState(duty: store.state, now: now, settings: settings, language: .zh, actor: "bench")
        var changes: [UInt64] = []
        for _ in 0..<30 {
            let t = monotonicNanos()
            _ = update(&state, .storeChanged(store.state))
            changes.append(monotonicNanos() - t)
        }
        var adopts: [UInt64] = []
        let view = QueueView(duty: store.state, settings: settings)
        for _ in 0..<300 {
            let t = monotonicNanos()
            _ = update(&state, .storeChanged(store.state, view: view))
            adopts.append(monotonicNanos() - t)
        }
        var keys: [UInt64] = []
        var renders: [UInt64] = []
        for n in 0..<300 {
            let t = monotonicNanos()
            _ = update(&state, .key(n % 3 == 2 ? .char("k") : .char("j")))
            let t1 = monotonicNanos()
            _ = render(state, size: Size(width: 120, height: 40))
            keys.append(t1 - t)
            renders.append(monotonicNanos() - t1)
        }
        print("open \(state.queue.count) rows \(state.rows.count); storeChanged p50 \(ms(median(changes))); with the view p50 \(ms(median(adopts))) max \(ms(adopts.max() ?? 0)); key update p50 \(ms(median(keys))); render p50 \(ms(median(renders)))")
    }
}
