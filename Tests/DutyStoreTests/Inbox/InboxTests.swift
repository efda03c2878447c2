import DutyCore
import DutyTestSupport
import Foundation
import Testing
@testable import DutyStore

/// A CAP 1.2 message for tests, built from the parts a test cares about.
func capXML(id: String, sender: String = "gz@gd121.cn", type: String = "Alert", status: String = "Actual", refs: [String] = [],
            event: String = "暴雨", headline: String, severity: String = "Moderate", areaDesc: String = "海珠区",
            expires: String? = nil, description: String = "") -> String {
    let references = refs.isEmpty ? "" : "<references>" + refs.map { "\(sender),\($0),2026-06-01T08:00:00+08:00" }.joined(separator: " ") + "</references>"
    return """
    <?xml version="1.0" encoding="UTF-8"?>
    <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
      <identifier>\(id)</identifier><sender>\(sender)</sender><sent>2026-06-01T08:00:00+08:00</sent>
      <status>\(status)</status><msgType>\(type)</msgType><scope>Public</scope>\(references)
      <info><language>zh-CN</language><category>Met</category><event>\(event)</event><urgency>Expected</urgency>
        <severity>\(severity)</severity><certainty>Likely</certainty>\(expires.map { "<expires>\($0)</expires>" } ?? "")
        <senderName>广州市气象台</senderName><headline>\(headline)</headline><description>\(description)</description>
        <area><areaDesc>\(areaDesc)</areaDesc></area></info>
    </alert>
    """
}

/// A store on the in-memory file system with an inbox to drop files into.
final class InboxFixture {
    let fs: FileSystem
    let root: String
    let store: Store
    let inbox: Inbox
    static let now = ISO8601.parse("2026-06-01T08:05:00+08:00")!

    /// A new store on the in-memory file system.
    convenience init() throws {
        let (fs, root) = try TestStores.memory(node: "room1")
        try self.init(fs: fs, root: root)
    }

    init(fs: FileSystem, root: String) throws {
        self.fs = fs
        self.root = root
        if !fs.exists(Path.join(root, "config.toml")) { try Store.create(at: root, node: "room1", fs: fs) }
        store = try Store.open(at: root, fs: fs)
        inbox = Inbox(store: store, language: .zh)
    }

    func drop(_ name: String, _ text: String) throws { try drop(name, Array(text.utf8)) }
    func drop(_ name: String, _ bytes: [UInt8]) throws { try fs.replaceDurably(Path.join(root, "inbox/\(name)"), bytes) }

    @discardableResult
    func takeIn(at now: Instant = InboxFixture.now) throws -> [InboxOutcome] { try inbox.takeInAll(now: { now }) }

    func files(_ dir: String) -> [String] { ((try? fs.list(Path.join(root, "inbox/\(dir)"))) ?? []).filter { !$0.hasPrefix(".") } }
    func text(_ path: String) -> String? { (try? fs.read(Path.join(root, "inbox/\(path)"))).map { String(decoding: $0, as: UTF8.self) } }
}

@Suite struct InboxTests {
    let rainA = capXML(id: "RS-1", headline: "广州市海珠区暴雨黄色预警信号", description: "南洲街、官洲街雨量较大")
    let rainB = capXML(id: "RS-2", type: "Update", refs: ["RS-1"], headline: "广州市海珠区暴雨橙色预警信号", severity: "Severe",
                        description: "南洲街、官洲街雨量较大")
    let rainC = capXML(id: "RS-3", type: "Update", refs: ["RS-2"], headline: "广州市海珠区暴雨黄色预警信号", description: "南洲街、官洲街雨量较大")
    let rainD = capXML(id: "RS-4", type: "Cancel", refs: ["RS-3"], headline: "广州市海珠区暴雨预警信号解除")
    var idA: String { AlertIdentity.cap(sender: "gz@gd121.cn", identifier: "RS-1") }
    func id(_ n: Int) -> String { AlertIdentity.cap(sender: "gz@gd121.cn", identifier: "RS-\(n)") }

    @Test func idsAreDerivedFromThePublishersNames() {
        #expect(AlertIdentity.cap(sender: "gz@gd121.cn", identifier: "RS-1").hasPrefix("CAP-"))
        #expect(AlertIdentity.cap(sender: "gz@gd121.cn", identifier: "RS-1").count == 14)
        // SHA-256("a,b") begins c8e6dd6a5b…
        #expect(AlertIdentity.json(source: "a", id: "b") == "J-" + String(sha256Hex("a,b").prefix(10)))
        #expect(AlertIdentity.cap(sender: "a", identifier: "b") == "CAP-" + String(sha256Hex("a,b").prefix(10)))
    }

    /// A file that does not read and was written moments ago is most likely still being written
    /// (curl -o): it stays in the inbox, and is refused only once it has stood still.
    @Test func aFileStillBeingWrittenIsLeftForALaterLook() throws {
        try TestStores.with(.real) { fs, root in
            let store = try Store.open(at: root, fs: fs)
            let path = root + "/inbox/half.json"
            try fs.replaceDurably(path, Array(#"{"id":"H-1","source":"110联动","level":"red","#.utf8))
            let written = try #require(fs.modificationTime(path))
            let soon = Inbox(store: store, language: .zh) { Instant(ms: written.ms + 500) }
            #expect(try soon.takeIn(now: InboxFixture.now) == [])
            #expect(fs.exists(path))
            #expect(!fs.exists(root + "/inbox/rejected"))
            let later = Inbox(store: store, language: .zh) { Instant(ms: written.ms + Inbox.settleMs + 1) }
            let outcomes = try later.takeIn(now: InboxFixture.now)
            #expect(outcomes.map(\.file) == ["half.json"])
            #expect(outcomes.first?.isRefused == true)
            #expect(fs.exists(root + "/inbox/rejected/half.json"))
        }
    }

    @Test func updateChainIsOneAlertWhoseLevelWentUpAndDownAndACancelLiftsIt() throws {
        let f = try InboxFixture()
        try f.drop("1-a.xml", rainA)
        #expect(try f.takeIn() == [InboxOutcome(file: "1-a.xml", result: .raised(idA), movedTo: "done/1-a.xml")])
        try f.drop("2-b.xml", rainB)
        try f.drop("3-c.xml", rainC)
        #expect(try f.takeIn() == [
            InboxOutcome(file: "2-b.xml", result: .updated(idA, note: "黄色→橙色；标题：广州市海珠区暴雨橙色预警信号"), movedTo: "done/2-b.xml"),
            InboxOutcome(file: "3-c.xml", result: .updated(idA, note: "橙色→黄色；标题：广州市海珠区暴雨黄色预警信号"), movedTo: "done/3-c.xml"),
        ])
        try f.drop("4-d.xml", rainD)
        #expect(try f.takeIn() == [InboxOutcome(file: "4-d.xml", result: .lifted(idA), movedTo: "done/4-d.xml")])

        let s = f.store.state
        #expect(s.alerts.keys == [idA])
        let a = try #require(s.alerts[idA])
        #expect(a.level == .yellow && a.content.kind == "暴雨" && a.content.street == "南洲街" && a.isLifted)
        let stamp = Stamp(actor: "inbox", at: InboxFixture.now)
        #expect(a.events == [
            AlertEvent(kind: .raised, stamp: stamp, text: "", origin: Origin(node: f.store.node, seq: 1)),
            AlertEvent(kind: .updated, stamp: stamp, text: "黄色→橙色；标题：广州市海珠区暴雨橙色预警信号", origin: Origin(node: f.store.node, seq: 3)),
            AlertEvent(kind: .updated, stamp: stamp, text: "橙色→黄色；标题：广州市海珠区暴雨黄色预警信号", origin: Origin(node: f.store.node, seq: 5)),
            AlertEvent(kind: .lifted, stamp: stamp, text: "广州市海珠区暴雨预警信号解除", origin: Origin(node: f.store.node, seq: 6)),
        ])
        #expect(s.alertAliases == [id(2): idA, id(3): idA, id(4): idA])
        #expect(f.files("done") == ["1-a.xml", "2-b.xml", "3-c.xml", "4-d.xml"])
        #expect(try f.fs.list(Path.join(f.root, "inbox")) == [".taking", "done"])

        // The round followed the signal: opened at yellow, during at orange, after when lifted.
        let round = try #require(s.rounds["R-20260601"])
        #expect(round.title == "暴雨黄色预警" && round.subject == "暴雨黄色预警" && round.phase == .after)
        #expect(round.phaseChanges.map(\.phase) == [.before, .during, .after])

        // Everything survives a snapshot and a reopen, aliases included.
        try f.store.writeSnapshot()
        let reopened = try Store.open(at: f.root, fs: f.fs)
        #expect(reopened.state.alertAliases == s.alertAliases)
        #expect(reopened.digest == f.store.digest)
        #expect(try Store.open(at: f.root, fs: f.fs, useSnapshot: false).digest == f.store.digest)
    }

    @Test func aWholeChainInOneBatchReachesTheFirstAlert() throws {
        let f = try InboxFixture()
        for (n, x) in [rainA, rainB, rainC, rainD].enumerated() { try f.drop("\(n + 1).xml", x) }
        let results = try f.takeIn().map(\.result)
        #expect(results == [.raised(idA), .updated(idA, note: "黄色→橙色；标题：广州市海珠区暴雨橙色预警信号"),
                            .updated(idA, note: "橙色→黄色；标题：广州市海珠区暴雨黄色预警信号"), .lifted(idA)])
        #expect(f.store.state.rounds["R-20260601"]?.phase == .after)
    }

    @Test func theSameMessageTwiceIsADuplicateAndAppendsNothing() throws {
        let f = try InboxFixture()
        try f.drop("a.xml", rainA)
        try f.takeIn()
        let seq = f.store.position.seq
        try f.drop("a.xml", rainA)
        try f.drop("copy-of-a.xml", rainA)
        try f.drop("b.xml", rainB)
        try f.takeIn()
        try f.drop("b-again.xml", rainB)
        #expect(try f.takeIn() == [InboxOutcome(file: "b-again.xml", result: .duplicate(idA), movedTo: "done/b-again.xml")])
        #expect(f.files("done") == ["a-2.xml", "a.xml", "b-again.xml", "b.xml", "copy-of-a.xml"])
        // Only the update (and its round move) was appended after the first take-in.
        #expect(f.store.position.seq == seq + 2)
        #expect(f.store.state.alerts.keys == [idA])
    }

    @Test func eachRefusalGoesToRejectedWithItsReasonAndTheOthersAreTakenIn() throws {
        let f = try InboxFixture()
        // Each with the Chinese the .reason file gives it on its second line.
        let samples: [(String, [UInt8], String, String)] = [
            ("truncated.xml", try CAPSampleTests.sample("bad-truncated-heavy-rain-zh-TW.xml"), "line 52: not well-formed XML: the file ends before every element is closed, or has more after the last one (cut off in transfer?)", "文件损坏或不完整"),
            ("cap10.xml", try CAPSampleTests.sample("bad-wrong-namespace-thunderstorm.xml"), "line 2: not CAP 1.2 (namespace http://www.incident.com/cap/1.0)", "不是预警文件"),
            ("noid.xml", try CAPSampleTests.sample("bad-missing-identifier-and-sent-zh-TW.xml"), "line 2: <alert> is missing <identifier>, <sent>", "预警内容缺项或有误"),
            ("404.xml", try CAPSampleTests.sample("bad-real-404-html-page.xml"), "an HTML page, not an alert (a web server's error page saved in place of the file?)", "不是预警文件"),
            ("big5.json", [0x7B, 0x22, 0xA4, 0xA4, 0x22, 0x7D], "line 1: not UTF-8 text (byte 2 is not UTF-8)", "文件损坏或不完整"),
            ("ack.xml", Array(capXML(id: "K-1", type: "Ack", headline: "x").utf8), "line 4: msgType Ack: an acknowledgement of another message, not an alert", "不是预警文件"),
            ("cancel.xml", Array(capXML(id: "K-2", type: "Cancel", refs: ["NEVER"], headline: "解除").utf8),
             "a Cancel of an alert never taken in (references \(AlertIdentity.cap(sender: "gz@gd121.cn", identifier: "NEVER")))", "解除的警情从未接收（references \(AlertIdentity.cap(sender: "gz@gd121.cn", identifier: "NEVER"))）"),
            ("noinfo-event.xml", Array(capXML(id: "K-3", event: "", headline: "x").utf8), "line 5: <info> 1 is missing <event>", "预警内容缺项或有误"),
            ("status.xml", Array(capXML(id: "K-4", status: "Real", headline: "x").utf8), "line 4: <status> \"Real\" is not Actual, Exercise, System, Test or Draft", "预警内容缺项或有误"),
            ("bad.json", Array("{\n  \"id\": \"1\",\n  \"source\" \"x\"\n}".utf8), "not valid JSON at line 3, column 12: expected ':'", "文件损坏或不完整"),
            ("notitle.json", Array(#"{"id":"1","source":"110"}"#.utf8), "missing \"title\"", "预警内容缺项或有误"),
            ("level.json", Array(#"{"id":"1","source":"110","title":"t","level":"purple"}"#.utf8),
             "\"level\" \"purple\" is not red, orange, yellow, blue or white (红/橙/黄/蓝/白)", "预警内容缺项或有误"),
            ("empty.xml", [], "the file is empty", "文件损坏或不完整"),
            ("notes.txt", Array("hello".utf8), "neither CAP XML nor a JSON alert (the file does not start with < or {)", "不是预警文件"),
        ]
        for (name, bytes, _, _) in samples { try f.drop(name, bytes) }
        try f.drop("good.xml", rainA)
        let outcomes = try f.takeIn()
        #expect(Set(outcomes) == Set(samples.map { InboxOutcome(file: $0.0, result: .refused(InboxRefusal($0.2, zh: $0.3)), movedTo: "rejected/\($0.0)") }
                                + [InboxOutcome(file: "good.xml", result: .raised(idA), movedTo: "done/good.xml")]))
        for (name, _, reason, chinese) in samples { #expect(f.text("rejected/\(name).reason") == reason + "\n" + chinese + "\n", "\(name)") }
        #expect(f.files("done") == ["good.xml"])
        // Only the good file changed anything: its alert and the round it opened.
        #expect(f.store.position.seq == 2)
        #expect(f.store.state.alerts.keys == [idA])
    }

    @Test func jsonAlertsAreTakenInWithDefaults() throws {
        let f = try InboxFixture()
        try f.drop("full.json", #"{"id":"2026-0601-17","source":"110联动","level":"橙","kind":"内涝","title":"聚龙大街积水 40cm","body":"车辆无法通行","street":"南华西","sent":"2026-06-01T07:58:00+08:00"}"#)
        try f.drop("least.json", #"{"id": 7, "source": "市三防办", "title": "做好防御准备"}"#)
        let outcomes = try f.takeIn()
        let full = AlertIdentity.json(source: "110联动", id: "2026-0601-17")
        let least = AlertIdentity.json(source: "市三防办", id: "7")
        #expect(outcomes.map(\.result) == [.raised(full), .raised(least)])
        #expect(f.store.state.alerts[full]?.content == AlertContent(
            id: full, source: "110联动", kind: "内涝", level: .orange, title: "聚龙大街积水 40cm", body: "车辆无法通行", street: "南华西街",
            sent: ISO8601.parse("2026-06-01T07:58:00+08:00"), expires: nil, reality: .actual))
        #expect(f.store.state.alerts[least]?.content == AlertContent(
            id: least, source: "市三防办", kind: "其他", level: .blue, title: "做好防御准备", body: "", street: "海珠区"))
        #expect(f.store.state.openRound == nil)
    }

    @Test func anUpdateOfAnUnknownMessageIsANewAlertAndTestMessagesOpenNoRound() throws {
        let f = try InboxFixture()
        try f.drop("u.xml", rainB)
        try f.drop("t.xml", capXML(id: "T-1", status: "Test", headline: "暴雨红色预警信号（测试）"))
        let outcomes = try f.takeIn()
        #expect(outcomes.map(\.result) == [.raised(AlertIdentity.cap(sender: "gz@gd121.cn", identifier: "T-1")), .raised(id(2))])
        #expect(f.store.state.alerts[id(2)]?.level == .orange)
        #expect(f.store.state.alerts[AlertIdentity.cap(sender: "gz@gd121.cn", identifier: "T-1")]?.content.reality == .test)
        // The orange update opened a round and moved it on; the test message counted for nothing.
        #expect(f.store.state.openRound?.phase == .during)
    }

    @Test func partialHiddenAndFolderEntriesAreLeftAlone() throws {
        let f = try InboxFixture()
        for name in [".hidden.xml", "a.xml.tmp", "b.part", "c.crdownload", ".syncthing.d.xml.tmp", "~e.xml"] { try f.drop(name, rainA) }
        try f.fs.createDirectory(Path.join(f.root, "inbox/sub.xml"))
        #expect(try f.takeIn() == [])
        #expect(try f.fs.list(Path.join(f.root, "inbox")).filter { !$0.hasPrefix(".") }.sorted() == ["a.xml.tmp", "b.part", "c.crdownload", "sub.xml", "~e.xml"])
    }

    @Test func aClaimLeftByADeadProcessIsTakenAgainAsADuplicate() throws {
        let f = try InboxFixture()
        try f.drop("a.xml", rainA)
        try f.takeIn()
        // A taker died after its append, before moving its claimed file.
        try f.fs.createDirectory(Path.join(f.root, "inbox/.taking"))
        try f.fs.replaceDurably(Path.join(f.root, "inbox/.taking/999999-beef.a.xml"), Array(rainA.utf8))
        f.inbox.isProcessAlive = { $0 != 999_999 }
        #expect(try f.takeIn() == [InboxOutcome(file: "a.xml", result: .duplicate(idA), movedTo: "done/a-2.xml")])
        #expect(try f.fs.list(Path.join(f.root, "inbox/.taking")) == [])
    }

    @Test func batchesAreBoundedAndTheRestWaits() throws {
        let f = try InboxFixture()
        for n in 0..<25 { try f.drop(String(format: "j%02d.json", n), #"{"id":"\#(n)","source":"s","title":"t\#(n)"}"#) }
        #expect(try f.inbox.takeIn(maxFiles: 10, now: InboxFixture.now).count == 10)
        #expect(f.files("done").count == 10)
        #expect(try f.inbox.takeIn(maxFiles: 10, budget: .zero, now: InboxFixture.now).count == 0)
        #expect(try f.inbox.takeIn(maxFiles: 100, now: InboxFixture.now).count == 15)
        #expect(f.store.state.alerts.count == 25)
    }

    @Test func twoTakersOnOneInboxTakeEachFileOnce() throws {
        try TempDir.with("dutywatch-inbox") { dir in
            let fs = RealFileSystem()
            let root = dir + "/store"
            try Store.create(at: root, node: "room1", fs: fs)
            for n in 0..<300 {
                try fs.replaceDurably(root + "/inbox/" + String(format: "m%03d.json", n), Array(#"{"id":"\#(n % 250)","source":"s","title":"t"}"#.utf8))
            }
            let results = Mutex2<[InboxOutcome]>([])
            let group = DispatchGroup()
            for _ in 0..<2 {
                group.enter()
                Thread.detachNewThread {
                    defer { group.leave() }
                    guard let f = try? InboxFixture(fs: fs, root: root) else { return }
                    while true {
                        guard let batch = try? f.inbox.takeIn(maxFiles: 7, now: InboxFixture.now), !batch.isEmpty else { break }
                        results.mutate { $0 += batch }
                    }
                }
            }
            group.wait()
            let all = results.value
            #expect(all.count == 300)
            #expect(Set(all.map(\.file)).count == 300)
            #expect(all.filter { if case .raised = $0.result { true } else { false } }.count == 250)
            #expect(all.filter { if case .duplicate = $0.result { true } else { false } }.count == 50)
            #expect(try fs.list(root + "/inbox/done").count == 300)
            #expect(try Store.open(at: root, fs: fs).state.alerts.count == 250)
        }
    }
}

final class Mutex2<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var v: T
    init(_ v: T) { self.v = v }
    var value: T { lock.lock(); defer { lock.unlock() }; return v }
    func mutate(_ f: (inout T) -> Void) { lock.lock(); f(&v); lock.unlock() }
}

func sha256Hex(_ s: String) -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
    let input = Pipe(), out = Pipe()
    p.standardInput = input
    p.standardOutput = out
    try? p.run()
    input.fileHandleForWriting.write(Data(s.utf8))
    try? input.fileHandleForWriting.close()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return String(String(decoding: data, as: UTF8.self).prefix(64))
}
