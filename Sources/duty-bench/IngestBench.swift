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
        /// Per simulated keypress: the wait for the batch under way, then update + render.
        var keyNanos: [UInt64]
        /// Per console batch: take-in plus the console's own update for the new state.
        var batchNanos: [UInt64]
        /// Of each batch, the take-in alone (the rest is ConsoleUI's update for the new state).
        var takeInNanos: [UInt64]
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
        let outcomes = try Inbox(store: store, language: "zh").takeInAll(now: { now })
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

        // 2. The console: once a second the runtime refreshes (bounded take-in, then the update
        // for the new state); keys arrive at random moments of the second. A key that arrives
        // during the batch waits for the rest of it, then costs its own update + render.
        let b = dir + "/console"
        try Store.create(at: b, node: "bench", fs: fs)
        try fill(inbox: b + "/inbox", files: files)
        let cstore = try Store.open(at: b, fs: fs)
        let inbox = Inbox(store: cstore, language: "zh")
        let settings = ConsoleSettings(calendar: .shanghai, acknowledgeWithin: [.red: 2, .orange: 5, .yellow: 15, .blue: 30, .white: 30], bell: false)
        var state = ConsoleState(duty: cstore.state, now: now, settings: settings, language: .zh, actor: "bench")
        var rng = SystemRandomNumberGenerator()
        let keys: [Key] = [.char("j"), .char("j"), .char("k"), .down, .up, .char("j")]
        var keyNanos: [UInt64] = []
        var batchNanos: [UInt64] = []
        var takeInNanos: [UInt64] = []
        var k = 0
        while true {
            let t0 = monotonicNanos()
            _ = try? cstore.refresh()
            let took = try inbox.takeIn(maxFiles: InboxBatch.files, budget: InboxBatch.budget, now: now)
            let t1 = monotonicNanos()
            if !took.isEmpty { _ = update(&state, .storeChanged(cstore.state)) }
            let batch = monotonicNanos() - t0
            if took.isEmpty { break }
            batchNanos.append(batch)
            takeInNanos.append(t1 - t0)
            // Ten keys in this second, each at a random moment of it.
            for _ in 0..<10 {
                let arrival = UInt64.random(in: 0..<1_000_000_000, using: &rng)
                let wait = arrival < batch ? batch - arrival : 0
                let t = monotonicNanos()
                _ = update(&state, .key(keys[k % keys.count]))
                _ = render(state, size: Size(width: 120, height: 40))
                k += 1
                keyNanos.append(wait + monotonicNanos() - t)
            }
        }
        return Figures(files: files, ingestNanos: ingestNanos, outcomes: counts, keyNanos: keyNanos, batchNanos: batchNanos, takeInNanos: takeInNanos)
    }
}
