import DutyCore
import DutyTestSupport
import Foundation
import Testing
@testable import DutyStore

/// Raw file access for tests that damage files on purpose, and journal checks.
enum StoreDisk {
    static func journalPath(_ root: String, node: String = StoreFixture.node) -> String {
        Path.join(root, "journal/\(node).jsonl")
    }

    /// Replaces a file's bytes behind the store's back (same path; the store is not told).
    static func overwrite(_ fs: FileSystem, _ path: String, _ bytes: [UInt8]) throws {
        if let m = fs as? MemoryFileSystem {
            m.setContents(path, bytes)
            return
        }
        guard let h = FileHandle(forWritingAtPath: path) else { throw StoreError.io(doing: "test", FileError(path: path, message: "cannot open")) }
        defer { try? h.close() }
        try h.truncate(atOffset: 0)
        try h.write(contentsOf: Data(bytes))
        try h.synchronize()
    }

    /// Appends raw bytes, as a crashed or in-progress writer would leave them.
    static func appendRaw(_ fs: FileSystem, _ path: String, _ bytes: [UInt8]) throws {
        if let m = fs as? MemoryFileSystem {
            m.setContents(path, (m.contents(path) ?? []) + bytes)
            return
        }
        guard let h = FileHandle(forWritingAtPath: path) else { throw StoreError.io(doing: "test", FileError(path: path, message: "cannot open")) }
        defer { try? h.close() }
        try h.seekToEnd()
        try h.write(contentsOf: Data(bytes))
        try h.synchronize()
    }

    /// The lines of a journal, each with its newline.
    static func lines(_ bytes: [UInt8]) -> [[UInt8]] {
        var out: [[UInt8]] = []
        var start = 0
        for (i, b) in bytes.enumerated() where b == 0x0A {
            out.append(Array(bytes[start...i]))
            start = i + 1
        }
        if start < bytes.count { out.append(Array(bytes[start...])) }
        return out
    }

    /// Changes one ASCII letter or digit of a record's JSON text (before its hash member), so that
    /// the line stays one line of plausible text whose hash no longer matches.
    static func corrupt(_ line: [UInt8], near fraction: Double = 0.5) -> [UInt8] {
        var l = line
        let bodyEnd = l.count - 76  // `,"hash":"` + 64 hex + `"}` + newline
        var i = Int(Double(bodyEnd) * fraction)
        func isAlnum(_ b: UInt8) -> Bool { (0x61...0x7A).contains(b) || (0x41...0x5A).contains(b) || (0x30...0x39).contains(b) }
        while i < bodyEnd, !isAlnum(l[i]) { i += 1 }
        precondition(i < bodyEnd, "no letter to change in the record")
        l[i] = l[i] == UInt8(ascii: "a") ? UInt8(ascii: "b") : UInt8(ascii: "a")
        return l
    }

    /// Decodes every line of a journal and checks the framing a reader relies on: a newline after
    /// each record, seq 1…n without gaps, each `prev` the hash of the record before, the first
    /// `prev` the genesis hash. Records an issue per violation and returns the records read.
    @discardableResult
    static func verifyChain(_ bytes: [UInt8], node: String = StoreFixture.node,
                            sourceLocation: SourceLocation = #_sourceLocation) -> [JournalRecord] {
        var records: [JournalRecord] = []
        var prev = JournalRecord.genesis
        for (i, line) in lines(bytes).enumerated() {
            guard line.last == 0x0A else {
                Issue.record("line \(i + 1): \(line.count) bytes without a newline at the end of the journal", sourceLocation: sourceLocation)
                break
            }
            let record: JournalRecord
            do {
                record = try RecordCodec.decode(Array(line.dropLast()))
            } catch {
                Issue.record("line \(i + 1) does not decode: \(error)", sourceLocation: sourceLocation)
                break
            }
            #expect(record.seq == i + 1, "line \(i + 1) has seq \(record.seq)", sourceLocation: sourceLocation)
            #expect(record.prev == prev, "line \(i + 1): prev is not the hash of line \(i)", sourceLocation: sourceLocation)
            #expect(record.node == node, sourceLocation: sourceLocation)
            prev = record.hash
            records.append(record)
        }
        return records
    }

    /// The journal's records folded from scratch, independently of the store.
    static func fold(_ records: [JournalRecord]) -> DutyState {
        var s = DutyState()
        for r in records { s.apply(r.op, r.context) }
        return s
    }

    static func list(_ fs: FileSystem, _ dir: String) -> [String] {
        ((try? fs.list(dir)) ?? []).filter { !$0.hasPrefix(".") }
    }

    /// What a byte-for-byte re-encoding of `records` gives: the journal's exact expected content.
    static func encoded(_ records: [JournalRecord]) -> [UInt8] {
        records.flatMap { r in
            RecordCodec.encode(node: r.node, seq: r.seq, hlc: r.hlc, wall: r.wall, actor: r.actor, prev: r.prev, op: r.op).line
        }
    }
}

/// Fixed instants, people and ops for store tests. Strings carry Chinese text, quotes,
/// backslashes, newlines and control characters: everything the journal's JSON must escape.
enum StoreFixture {
    static let node = TestStores.node
    static let cal = Wall.calendar
    /// 2026-06-05 20:00 in Guangzhou: a night shift during the rainy season.
    static let t0 = Wall.at("2026-06-05", "20:00")
    static func at(_ minutes: Int) -> Instant { t0.adding(minutes: minutes) }

    static let actors = ["王建国", "李\"小\"明", "night\\duty\u{1}"]
    static let tricky = "暴雨\"红色\"预警\\信号\n第二行\r\t\u{0}\u{1}\u{1F}\u{7F} é 😀 \u{2028}末"

    static let alertID = "GD-2026-0605-001"
    static let day = LocalDate(year: 2026, month: 6, day: 5)!
    static func time(_ h: Int, _ m: Int = 0) -> LocalTime { LocalTime(hour: h, minute: m)! }

    static let slots = [
        DutySlot(id: "2026-06-05-leader", date: day, start: time(8, 30), end: time(8, 30), role: .leader,
                 person: "王建国", phone: "138 0000 0001"),
        DutySlot(id: "2026-06-05-officer", date: day, start: time(8, 30), end: time(8, 30), role: .officer,
                 person: "李\"小\"明", phone: "138-0000-0002"),
        DutySlot(id: "2026-06-05-tech", date: day, start: time(9), end: time(17, 30), role: .technical,
                 person: "张\\三", phone: "020\t8888"),
    ]

    /// Every `Op` case at least once, in an order that validates.
    static let everyOp: [Op] = [
        .rosterImported(source: "C:\\值班\\2026年6月 \"终稿\".csv", slots: slots),
        .slotReassigned(slotID: "2026-06-05-officer", person: "赵六\n(代班)", phone: "139-0000-0003", reason: "病假\t临时调整"),
        // Given by a console that saw someone else on it: a conflict, kept in the state.
        .slotReassigned(slotID: "2026-06-05-officer", person: "钱\"八\"", phone: "139-0000-0004", reason: "另一台同时调整", from: "王\\五"),
        .slotsSwapped(first: "2026-06-05-leader", second: "2026-06-05-officer", reason: "换班：\"私事\""),
        .slotAdded(slot: DutySlot(id: "2026-06-05-joint", date: day, start: time(20), end: time(8), role: DutyRole("联勤值守"),
                                  person: "陈\u{1}七", phone: ""), reason: "台风加强"),
        .slotRemoved(slotID: "2026-06-05-tech", reason: "合并岗位\\撤销"),
        .hazardPointsImported(source: "隐患点.csv", points: [
            HazardPoint(id: "HZ-001", name: "南洲路\"下穿\"隧道", type: .tunnel, street: "南洲街"),
            HazardPoint(id: "HZ-002", name: "江海大道积水点\n(东侧)", type: .waterlogging, street: "江海街"),
        ]),
        .checklistTemplatesImported(source: "三查.toml", templates: [
            ChecklistTemplate(phase: .before, items: [
                ChecklistItem(id: "B1", text: "排水口是否堵塞？\"清淤\""),
                ChecklistItem(id: "B2", text: "隧道水位标尺\\警示灯", appliesTo: [.tunnel, .culvert]),
            ]),
            ChecklistTemplate(phase: .during, items: [ChecklistItem(id: "D1", text: "积水深度\r\n超过 27cm 封路")]),
        ]),
        .contactsImported(source: "联系人.csv", contacts: [
            FloodContact(id: "C-01", facility: "南洲路隧道", type: "隧道", street: "南洲街",
                         leader: ResponsiblePerson(name: "刘\"书记\"", phone: "020-8888 0001"),
                         technical: ResponsiblePerson(name: "黄工\\", phone: "020-8888 0002"),
                         maintenance: ResponsiblePerson(name: "", phone: "")),
        ]),
        .alertRaised(AlertContent(id: alertID, source: "广东省突发事件预警信息发布中心", kind: "暴雨", level: .red,
                                  title: tricky, body: "海珠区气象台发布\n\n暴雨红色预警 \"请注意\"", street: "海珠区")),
        .alertAcknowledged(id: alertID, note: "已确认\u{7}"),
        .alertHandling(id: alertID, note: ""),
        .alertNoted(id: alertID, text: "现场回报：水深 \"40cm\"\\ 已封路"),
        .alertResolved(id: alertID, note: "雨停\n退水"),
        .alertReopened(id: alertID, note: "再次积水"),
        .roundOpened(id: "R-1", title: "6月5日 \"雨前\" 排查", phase: .before),
        .itemTicked(roundID: "R-1", pointID: "HZ-001", phase: .before, itemID: "B2", result: .problem, remark: "警示灯不亮\t待修"),
        .itemTicked(roundID: "R-1", pointID: "HZ-002", phase: .before, itemID: "B1", result: .ok, remark: ""),
        .roundPhaseChanged(id: "R-1", phase: .during),
        .itemTicked(roundID: "R-1", pointID: "HZ-002", phase: .during, itemID: "D1", result: .notApplicable, remark: "\u{0}"),
        .roundClosed(id: "R-1"),
        .callLogged(id: "CALL-1", contactID: "C-01", role: .technical, outcome: .notReached, note: "无人接听\\关机"),
        .handoverSubmitted(id: "HO-1", summary: "未结警情 1 条\n隧道警示灯待修", note: "\"注意\" 凌晨高潮位"),
        .handoverAnswered(id: "HO-1", accepted: false, text: "退回：缺\u{1F}通话记录"),
        .handoverAnswered(id: "HO-1", accepted: true, text: "签收"),
    ]

    /// `ops` as made by rotating actors, one minute apart from `t0 + start` minutes.
    static func pending(_ ops: [Op], start: Int = 0) -> [PendingOp] {
        ops.enumerated().map { i, op in PendingOp(op: op, actor: actors[(start + i) % actors.count], at: at(start + i)) }
    }

    /// A simple op that always validates on a state without alert `n`.
    static func alert(_ n: Int, title: String = "积水") -> Op {
        .alertRaised(AlertContent(id: "A-\(n)", source: "test", kind: "暴雨", level: .yellow,
                                  title: "\(title) \(n)", body: "第\(n)条\n\"正文\"", street: "海珠区"))
    }

    /// Appends `ops` one write each (the keypress path), actor and instant as `pending` gives them.
    @discardableResult
    static func appendOneByOne(_ store: Store, _ ops: [Op], start: Int = 0) throws -> [JournalRecord] {
        var out: [JournalRecord] = []
        for p in pending(ops, start: start) {
            out += try store.append([p.op], actor: p.actor, at: p.at)
        }
        return out
    }
}
