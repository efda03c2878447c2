import DutyCore
import DutyTestSupport
import Foundation
import Testing
@testable import DutyStore

/// A store whose snapshot has something in every archive: resolved and open alerts, a closed and an
/// open round with ticks, and calls.
enum ArchiveFixture {
    static let points = [
        HazardPoint(id: "HZ-001", name: "南洲路下穿隧道", type: .tunnel, street: "南洲街"),
        HazardPoint(id: "HZ-002", name: "江海大道积水点", type: .waterlogging, street: "江海街"),
    ]
    static let templates = [
        ChecklistTemplate(phase: .before, items: [
            ChecklistItem(id: "B1", text: "排水口是否堵塞"),
            ChecklistItem(id: "B2", text: "隧道水位标尺、警示灯", appliesTo: [.tunnel]),
        ]),
        ChecklistTemplate(phase: .during, items: [ChecklistItem(id: "D1", text: "积水深度超过 27cm 封路")]),
    ]
    static let contacts = [
        FloodContact(id: "C-01", facility: "南洲路隧道", type: "隧道", street: "南洲街",
                     leader: ResponsiblePerson(name: "刘书记", phone: "020-8888 0001"),
                     technical: ResponsiblePerson(name: "黄工", phone: "020-8888 0002"),
                     maintenance: ResponsiblePerson(name: "陈师傅", phone: "020-8888 0003")),
        FloodContact(id: "C-02", facility: "江海大道泵站", type: "泵站", street: "江海街",
                     leader: ResponsiblePerson(name: "何丽", phone: "139 0000 0021"),
                     technical: ResponsiblePerson(name: "郭工", phone: "139 0000 0022"),
                     maintenance: ResponsiblePerson(name: "梁叔", phone: "139 0000 0023")),
    ]

    static func content(_ n: Int, _ level: AlertLevel) -> AlertContent {
        AlertContent(id: "A-\(n)", source: "test", kind: "暴雨", level: level, title: "积水 \(n)", body: "第\(n)条\n\"正文\"", street: "海珠区")
    }

    static let today = LocalDate(year: 2026, month: 6, day: 5)!
    /// Two days of roster: one long before the snapshot (kept apart, undecoded at open) and
    /// today's (in the live section).
    static let roster = [(LocalDate(year: 2026, month: 4, day: 1)!, "何少明"), (today, "陈卫东")].flatMap { day, person in
        [DutySlot(id: "S-\(day)-D", date: day, start: LocalTime(hour: 8, minute: 30)!, end: LocalTime(hour: 17, minute: 30)!,
                  role: .leader, person: person, phone: "138 0000 0001"),
         DutySlot(id: "S-\(day)-N", date: day, start: LocalTime(hour: 17, minute: 30)!, end: LocalTime(hour: 8, minute: 30)!,
                  role: .officer, person: "冼嘉怡", phone: "138 0000 0002")]
    }

    /// The imports first, as one batch; then the rest as keypresses.
    static let imports: [Op] = [
        .rosterImported(source: "排班.csv", slots: roster),
        .hazardPointsImported(source: "隐患点.csv", points: points),
        .checklistTemplatesImported(source: "三查.toml", templates: templates),
        .contactsImported(source: "联系人.csv", contacts: contacts),
    ]
    static let keypresses: [Op] = [
        .alertRaised(content(1, .red)),
        .alertRaised(content(2, .orange)),
        .alertRaised(content(3, .yellow)),
        .alertRaised(content(4, .blue)),
        .alertAcknowledged(id: "A-1", note: "已确认"),
        .alertHandling(id: "A-1", note: ""),
        .alertResolved(id: "A-1", note: "雨停\n退水"),
        .alertResolved(id: "A-2", note: "误报"),
        .alertAcknowledged(id: "A-3", note: ""),
        .alertNoted(id: "A-3", text: "现场回报：水深 \"40cm\""),
        // Taken-in alerts: a publisher's update with its times and status, and a lift of one
        // already resolved (so archived).
        .alertUpdated(AlertContent(id: "A-4", source: "cap", kind: "暴雨", level: .orange, title: "暴雨橙色预警", body: "升级",
                                   street: "海珠区", sent: Instant(ms: 1_780_000_000_000), expires: Instant(ms: 1_780_003_600_000),
                                   reality: .exercise), note: "蓝→橙"),
        .alertLifted(id: "A-2", note: "解除"),
        .alertReported(id: "A-3", stage: .initial, note: "电话报区应急局"),
        .roundOpened(id: "R-1", title: "6月5日 雨前排查", phase: .before),
        .itemTicked(roundID: "R-1", pointID: "HZ-001", phase: .before, itemID: "B2", result: .problem, remark: "警示灯不亮"),
        .itemTicked(roundID: "R-1", pointID: "HZ-002", phase: .before, itemID: "B1", result: .ok, remark: ""),
        .roundPhaseChanged(id: "R-1", phase: .during),
        .itemTicked(roundID: "R-1", pointID: "HZ-002", phase: .during, itemID: "D1", result: .notApplicable, remark: ""),
        .roundClosed(id: "R-1"),
        .roundOpened(id: "R-2", title: "6月6日 雨前排查", phase: .before),
        .itemTicked(roundID: "R-2", pointID: "HZ-001", phase: .before, itemID: "B1", result: .ok, remark: "已清淤"),
        .callLogged(id: "CALL-1", contactID: "C-01", role: .technical, outcome: .notReached, note: "无人接听"),
        .callLogged(id: "CALL-2", contactID: "C-02", role: .leader, outcome: .reached, note: "已通知"),
        .handoverSubmitted(id: "HO-1", summary: "未结警情 2 条", note: "凌晨高潮位"),
    ]
    static var opCount: Int { imports.count + keypresses.count }

    /// Appends every op and writes a snapshot at the last one.
    static func build(_ fs: FileSystem, _ root: String) throws -> Store {
        let store = try Store.open(at: root, fs: fs)
        try store.append(StoreFixture.pending(imports))
        try StoreFixture.appendOneByOne(store, keypresses, start: imports.count)
        try store.writeSnapshot()
        return store
    }

    static var snapshotName: String { Snapshot.fileName(seq: opCount) }
    static func snapshotPath(_ root: String) -> String { Path.join(root, "snapshots/\(snapshotName)") }

    /// The body ranges of a snapshot's frames, read from the documented layout: the magic
    /// "DUTYSNP9", then per frame a varint length, the body, and its 32-byte SHA-256.
    static func frameBodies(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> [Range<Int>] {
        #expect(Array(bytes.prefix(8)) == Array("DUTYSNP9".utf8), sourceLocation: sourceLocation)
        var bodies: [Range<Int>] = []
        var i = 8
        while i < bytes.count {
            var length = 0, shift = 0
            while true {
                guard i < bytes.count, shift < 63 else {
                    Issue.record("the varint at byte \(i) runs off the end", sourceLocation: sourceLocation)
                    return bodies
                }
                let b = bytes[i]
                i += 1
                length |= Int(b & 0x7F) << shift
                if b < 0x80 { break }
                shift += 7
            }
            bodies.append(i..<(i + length))
            i += length + 32
        }
        #expect(i == bytes.count, "the frames do not end where the file does", sourceLocation: sourceLocation)
        return bodies
    }

    static func decode<T>(_ bytes: [UInt8], _ body: Range<Int>,
                          _ part: (inout BinaryReader) throws(DecodeError) -> T) throws -> T {
        try Array(bytes[body]).withUnsafeBufferPointer { buffer in try StateCodec.decode(buffer, part) }
    }
}

/// An archive of a snapshot: its frame and the name the store gives it in notices.
enum ArchivePart: Int, CaseIterable, Sendable, CustomStringConvertible {
    case resolvedAlerts = 2, closedRounds = 3, calls = 4, openTicks = 5, earlierSlots = 8

    var description: String { name }

    var name: String {
        switch self {
        case .resolvedAlerts: "the resolved alerts"
        case .closedRounds: "the closed rounds"
        case .calls: "the call log"
        case .openTicks: "the open round's ticks"
        case .earlierSlots: "the roster's earlier days"
        }
    }

    /// Whether each archive of a state is decoded, in frame order.
    static func loaded(_ s: DutyState) -> [Bool] {
        [s.alerts.archiveIsLoaded, s.rounds.archiveIsLoaded, s.callLog.isLoaded, s.rounds.live.values.allSatisfy(\.ticksLoaded),
         s.slots.earlierIsLoaded]
    }

    var position: Int { Self.allCases.firstIndex(of: self)! }

    /// Reads this archive of `a` and of `b` and whether they are equal.
    func sameContent(_ a: DutyState, _ b: DutyState) -> Bool {
        switch self {
        case .resolvedAlerts: a.alerts.archived == b.alerts.archived
        case .closedRounds: a.rounds.archived == b.rounds.archived
        case .calls: a.calls == b.calls
        case .openTicks: a.rounds.live.mapValues(\.ticks) == b.rounds.live.mapValues(\.ticks)
        case .earlierSlots: a.slots.all == b.slots.all
        }
    }
}

@Suite struct SnapshotArchiveTests {
    typealias Fx = StoreFixture
    typealias Disk = StoreDisk
    typealias AFx = ArchiveFixture

    static let allUnloaded = [false, false, false, false, false]
    static let allLoaded = [true, true, true, true, true]

    // MARK: - The file

    /// The layout the damage tests rely on: ten frames, each archive (and the archives' ids) decodable on its own.
    @Test(arguments: StoreFSKind.allCases)
    func theSnapshotHoldsEachArchiveInItsOwnFrame(_ kind: StoreFSKind) throws {
        try TestStores.with(kind) { fs, root in
            let store = try AFx.build(fs, root)
            #expect(Disk.list(fs, Path.join(root, "snapshots")) == [AFx.snapshotName])
            let bytes = try fs.read(AFx.snapshotPath(root))
            let frames = AFx.frameBodies(bytes)
            try #require(frames.count == 10)

            let header = try Snapshot.decodeHeader(OwnedBytes(bytes))
            #expect(header.node == Fx.node)
            #expect(header.position == store.position)
            #expect(try AFx.decode(bytes, frames[2], StateCodec.decodeAlerts) == store.state.alerts.archived)
            #expect(try AFx.decode(bytes, frames[3]) { (r: inout BinaryReader) throws(DecodeError) in
                try StateCodec.decodeRounds(&r, withTicks: true)
            } == store.state.rounds.archived)
            #expect(try AFx.decode(bytes, frames[4], StateCodec.decodeCalls) == store.state.calls)
            #expect(try AFx.decode(bytes, frames[5], StateCodec.decodeOpenTicks) == store.state.rounds.live.mapValues(\.ticks))
            #expect(try ArchivedIDsFrameTests.decode(Array(bytes[frames[6]])).ids == ["A-1", "A-2"])
            #expect(try ArchivedIDsFrameTests.decode(Array(bytes[frames[7]])).ids == ["R-1"])
            // The roster is cut two weeks before the newest import or handover (UTC day 2026-06-05).
            #expect(StateCodec.rosterCut(store.state) == LocalDate(year: 2026, month: 5, day: 22))
            #expect(try AFx.decode(bytes, frames[8], StateCodec.decodeSlots) == Dictionary(uniqueKeysWithValues: AFx.roster.prefix(2).map { ($0.id, $0) }))
            #expect(try ArchivedIDsFrameTests.decode(Array(bytes[frames[9]])).ids == ["S-2026-04-01-D", "S-2026-04-01-N"])
            #expect(store.state.slots.count == 4)
            #expect(store.state.rounds.live["R-2"]?.ticks.count == 1)
            // Not empty archives: the tests below damage real content.
            #expect(Set(store.state.alerts.archived.keys) == ["A-1", "A-2"])
            #expect(Set(store.state.alerts.live.keys) == ["A-3", "A-4"])
            #expect(Array(store.state.rounds.archived.keys) == ["R-1"])
            #expect(Array(store.state.rounds.live.keys) == ["R-2"])
            #expect(store.state.calls.map(\.id) == ["CALL-1", "CALL-2"])
        }
    }

    // MARK: - Opening

    @Test(arguments: StoreFSKind.allCases)
    func openingFromASnapshotLeavesTheArchivesUndecoded(_ kind: StoreFSKind) throws {
        try TestStores.with(kind) { fs, root in
            let store = try AFx.build(fs, root)
            let fast = try Store.open(at: root, fs: fs)
            #expect(fast.recordsSinceSnapshot == 0)
            #expect(fast.position == store.position)
            #expect(fast.notices == [])
            #expect(fast.readOnlyReason == nil)
            #expect(ArchivePart.loaded(fast.state) == Self.allUnloaded)

            // What the screen shows at start comes from the live section alone.
            #expect(fast.state.openAlertsByUrgency == store.state.openAlertsByUrgency)
            #expect(fast.state.openAlertsByUrgency.map(\.id) == ["A-4", "A-3"])
            #expect(fast.state.openRound == store.state.openRound)
            #expect(fast.state.openRound?.id == "R-2")
            #expect(fast.state.alerts["A-3"] == store.state.alerts["A-3"])
            #expect(fast.state.alerts.live == store.state.alerts.live)
            #expect(fast.state.rounds.live == store.state.rounds.live)
            #expect(fast.state.slots(on: AFx.today) == store.state.slots(on: AFx.today))
            #expect(fast.state.slots(on: AFx.today).map(\.person) == ["陈卫东", "冼嘉怡"])
            #expect(fast.state.nextShift(after: Fx.t0, Fx.cal)?.slots == store.state.nextShift(after: Fx.t0, Fx.cal)?.slots)
            #expect(fast.state.slots["S-2026-06-05-D"]?.person == "陈卫东")
            #expect(fast.state.slots["S-none"] == nil)
            #expect(fast.state.hazardPoints == store.state.hazardPoints)
            #expect(fast.state.templates == store.state.templates)
            #expect(fast.state.contacts == store.state.contacts)
            #expect(fast.state.handovers == store.state.handovers)
            #expect(fast.state.imports == store.state.imports)
            // Only the open round's ticks, read by the comparisons of the open round above.
            #expect(ArchivePart.loaded(fast.state) == [false, false, false, true, false])
            // A day before the cut is read from the earlier days.
            #expect(fast.state.slots(on: LocalDate(year: 2026, month: 4, day: 1)!).map(\.person) == ["何少明", "冼嘉怡"])
            #expect(ArchivePart.loaded(fast.state) == [false, false, false, true, true])

            let slow = try Store.open(at: root, fs: fs, useSnapshot: false)
            #expect(slow.recordsSinceSnapshot == AFx.opCount)
            #expect(fast.state == slow.state)
            #expect(ArchivePart.loaded(fast.state) == Self.allLoaded)
            #expect(fast.state == store.state)
            #expect(fast.digest == slow.digest)
            #expect(fast.digest == store.digest)
            #expect(fast.notices == [])

            let report = Store.check(root: root, fs: fs)
            #expect(report.problems == [])
            #expect(report.snapshotsChecked == 1)
            #expect(report.digest == store.digest)
        }
    }

    // MARK: - Damage found on first read

    /// A byte flipped inside one archive's frame: opening does not look there, so it succeeds
    /// quietly; the first read rebuilds that archive from the journal and says so.
    @Test(arguments: StoreFSKind.allCases, ArchivePart.allCases)
    func aDamagedArchiveIsRebuiltFromTheJournalOnFirstRead(_ kind: StoreFSKind, _ part: ArchivePart) throws {
        try TestStores.with(kind) { fs, root in
            let store = try AFx.build(fs, root)
            let path = AFx.snapshotPath(root)
            var bytes = try fs.read(path)
            let frames = AFx.frameBodies(bytes)
            try #require(frames.count == 10)
            let frame = frames[part.rawValue]
            bytes[frame.lowerBound + frame.count / 2] ^= 0x20
            try Disk.overwrite(fs, path, bytes)
            let replayed = try Store.open(at: root, fs: fs, useSnapshot: false)

            let opened = try Store.open(at: root, fs: fs)
            #expect(opened.recordsSinceSnapshot == 0)
            #expect(opened.position == store.position)
            #expect(opened.notices == [])
            #expect(ArchivePart.loaded(opened.state) == Self.allUnloaded)

            #expect(part.sameContent(opened.state, replayed.state))
            let notice = StoreProblem("snapshots/\(AFx.snapshotName): \(part.name): checksum mismatch, rebuilt from the journal")
            #expect(opened.notices == [notice])
            // Only the part read was decoded.
            var expectedLoaded = Self.allUnloaded
            expectedLoaded[part.position] = true
            #expect(ArchivePart.loaded(opened.state) == expectedLoaded)

            #expect(opened.state == replayed.state)
            #expect(opened.state == store.state)
            #expect(opened.digest == replayed.digest)
            // The intact archives are decoded from the file and add nothing.
            #expect(opened.notices == [notice])

            let report = Store.check(root: root, fs: fs)
            #expect(report.problems == ["snapshots/\(AFx.snapshotName): \(part.name): checksum mismatch, the file is damaged"])
            #expect(report.snapshotsChecked == 0)
            #expect(report.records == AFx.opCount)
            #expect(report.digest == replayed.digest)
        }
    }

    /// The archives' ids are read on the first lookup of an id that is not live (a new alert or
    /// round): damaged, they are rebuilt from the journal and a notice says so; the archives
    /// themselves stay undecoded.
    @Test(arguments: StoreFSKind.allCases, [6, 7, 9])
    func damagedArchiveIDsAreRebuiltOnTheFirstLookup(_ kind: StoreFSKind, _ frameIndex: Int) throws {
        try TestStores.with(kind) { fs, root in
            let store = try AFx.build(fs, root)
            let path = AFx.snapshotPath(root)
            var bytes = try fs.read(path)
            let frames = AFx.frameBodies(bytes)
            try #require(frames.count == 10)
            bytes[frames[frameIndex].lowerBound + frames[frameIndex].count / 2] ^= 0x20
            try Disk.overwrite(fs, path, bytes)

            let opened = try Store.open(at: root, fs: fs)
            #expect(opened.notices == [])
            #expect(opened.state.alerts["A-none"] == nil && opened.state.rounds["R-none"] == nil && opened.state.slots["S-none"] == nil)
            #expect(opened.state.alerts["A-1"] == store.state.alerts["A-1"] && opened.state.rounds["R-1"] == store.state.rounds["R-1"])
            #expect(opened.state.slots["S-2026-04-01-D"]?.person == "何少明")
            let part = [6: "the resolved alerts' ids", 7: "the closed rounds' ids", 9: "the ids of the roster's earlier days"][frameIndex]!
            #expect(opened.notices == [StoreProblem("snapshots/\(AFx.snapshotName): \(part): checksum mismatch, rebuilt from the journal")])
            #expect(opened.state == store.state)
        }
    }

    /// The archive is rebuilt as it was at the snapshot even when the journal has grown since. Here
    /// the first read of the damaged archive comes from folding a record that is already in the
    /// journal: a note on a resolved alert, met while catching up at open, and another console's
    /// note met by `refresh`. Rebuilt from the whole journal, the archive would hold the note twice.
    @Test(arguments: StoreFSKind.allCases)
    func aDamagedArchiveFirstReadWhileCatchingUpIsRebuiltAsOfTheSnapshot(_ kind: StoreFSKind) throws {
        try TestStores.with(kind) { fs, root in
            let writer = try AFx.build(fs, root)
            let path = AFx.snapshotPath(root)
            var bytes = try fs.read(path)
            let frames = AFx.frameBodies(bytes)
            try #require(frames.count == 10)
            bytes[frames[ArchivePart.resolvedAlerts.rawValue].upperBound - 3] ^= 0x01
            try Disk.overwrite(fs, path, bytes)
            let notice = StoreProblem("snapshots/\(AFx.snapshotName): the resolved alerts: checksum mismatch, rebuilt from the journal")
            let a1Notes = ["", "已确认", "", "雨停\n退水"]

            // Opened before the note is written; reads it with `refresh`.
            let reader = try Store.open(at: root, fs: fs)
            #expect(ArchivePart.loaded(reader.state) == Self.allUnloaded)

            try Fx.appendOneByOne(writer, [.alertNoted(id: "A-1", text: "补记：排水恢复")], start: AFx.opCount)
            // Opened after it: meets it while catching up, and keeps it beside the archive, which
            // is still undecoded: the damage shows when the archive is first read.
            let opened = try Store.open(at: root, fs: fs)
            #expect(opened.recordsSinceSnapshot == 1)
            #expect(opened.notices == [])
            #expect(ArchivePart.loaded(opened.state) == Self.allUnloaded)
            #expect(opened.state.alerts.archived["A-1"]?.events.map(\.text) == a1Notes + ["补记：排水恢复"])
            #expect(opened.notices == [notice])
            #expect(opened.state == writer.state)

            #expect(reader.notices == [])
            #expect(try reader.refresh() == true)
            #expect(reader.notices == [])
            #expect(reader.state.alerts.archived["A-1"]?.events.map(\.text) == a1Notes + ["补记：排水恢复"])
            #expect(reader.notices == [notice])
            #expect(reader.state == writer.state)

            let replayed = try Store.open(at: root, fs: fs, useSnapshot: false)
            #expect(reader.state == replayed.state)
            #expect(reader.digest == replayed.digest)
            #expect(writer.state == replayed.state)
        }
    }

    /// An op on an archived alert read first by `append` (to validate it) after opening from a
    /// snapshot whose archive is damaged.
    @Test(arguments: StoreFSKind.allCases)
    func aDamagedArchiveFirstReadByAnAppendIsRebuilt(_ kind: StoreFSKind) throws {
        try TestStores.with(kind) { fs, root in
            _ = try AFx.build(fs, root)
            let path = AFx.snapshotPath(root)
            var bytes = try fs.read(path)
            let frames = AFx.frameBodies(bytes)
            try #require(frames.count == 10)
            bytes[frames[ArchivePart.resolvedAlerts.rawValue].lowerBound + 1] ^= 0x40
            try Disk.overwrite(fs, path, bytes)

            let opened = try Store.open(at: root, fs: fs)
            #expect(ArchivePart.loaded(opened.state) == Self.allUnloaded)
            try opened.append([.alertReopened(id: "A-2", note: "并非误报")], actor: "王建国", at: Fx.at(AFx.opCount))
            #expect(opened.notices == [
                StoreProblem("snapshots/\(AFx.snapshotName): the resolved alerts: checksum mismatch, rebuilt from the journal"),
            ])
            #expect(opened.state.alerts.archived["A-2"] == nil)
            #expect(opened.state.alerts.live["A-2"]?.events.map(\.text) == ["", "误报", "解除", "并非误报"])
            #expect(opened.state.alerts.live["A-2"]?.status == .acknowledged)

            let replayed = try Store.open(at: root, fs: fs, useSnapshot: false)
            #expect(opened.state == replayed.state)
            #expect(opened.digest == replayed.digest)
        }
    }

    // MARK: - Writing after opening from a snapshot

    @Test(arguments: StoreFSKind.allCases)
    func appendingToArchivedValuesAfterOpeningFromASnapshot(_ kind: StoreFSKind) throws {
        try TestStores.with(kind) { fs, root in
            let store = try AFx.build(fs, root)
            let fast = try Store.open(at: root, fs: fs)
            #expect(ArchivePart.loaded(fast.state) == Self.allUnloaded)

            let reopenAt = Fx.at(AFx.opCount)
            try fast.append([.alertReopened(id: "A-1", note: "再次积水")], actor: "李\"小\"明", at: reopenAt)
            var reopened = try #require(store.state.alerts["A-1"])
            #expect(reopened.status == .resolved)
            reopened.status = .acknowledged
            reopened.events.append(AlertEvent(kind: .reopened, stamp: Stamp(actor: "李\"小\"明", at: reopenAt), text: "再次积水",
                                            origin: Origin(node: fast.node, seq: fast.position.seq)))
            #expect(fast.state.alerts.live["A-1"] == reopened)
            #expect(fast.state.alerts.archived["A-1"] == nil)
            #expect(fast.state.openAlertsByUrgency.map(\.id) == ["A-1", "A-4", "A-3"])

            let replayedAfterOne = try Store.open(at: root, fs: fs, useSnapshot: false)
            #expect(fast.state == replayedAfterOne.state)
            #expect(fast.digest == replayedAfterOne.digest)

            // More ops that touch each archive: a note on a resolved alert (it stays archived), a
            // call, the open round closed, an open alert resolved.
            try Fx.appendOneByOne(fast, [
                .alertNoted(id: "A-2", text: "补充说明"),
                .callLogged(id: "CALL-3", contactID: "C-01", role: .maintenance, outcome: .reached, note: ""),
                .roundClosed(id: "R-2"),
                .alertResolved(id: "A-3", note: "退水"),
            ], start: AFx.opCount + 1)
            #expect(Set(fast.state.alerts.live.keys) == ["A-1", "A-4"])
            #expect(Set(fast.state.alerts.archived.keys) == ["A-2", "A-3"])
            #expect(fast.state.rounds.live == [:])
            #expect(Set(fast.state.rounds.archived.keys) == ["R-1", "R-2"])
            #expect(fast.state.calls.map(\.id) == ["CALL-1", "CALL-2", "CALL-3"])
            #expect(fast.state.openRound == nil)

            let replayed = try Store.open(at: root, fs: fs, useSnapshot: false)
            #expect(fast.state == replayed.state)
            #expect(fast.digest == replayed.digest)
            #expect(fast.position == replayed.position)
            // From the same snapshot plus the five new records: the same again.
            let again = try Store.open(at: root, fs: fs)
            #expect(again.recordsSinceSnapshot == 5)
            #expect(again.state == replayed.state)
            #expect(fast.notices == [])
            #expect(again.notices == [])
        }
    }

    /// Archives left undecoded stay readable after later snapshots replace their file.
    @Test(arguments: StoreFSKind.allCases)
    func undecodedArchivesOutliveTheirSnapshotFile(_ kind: StoreFSKind) throws {
        try TestStores.with(kind) { fs, root in
            let writer = try AFx.build(fs, root)
            let fast = try Store.open(at: root, fs: fs)
            #expect(ArchivePart.loaded(fast.state) == Self.allUnloaded)

            // Another console instance writes two newer snapshots; the one `fast` came from goes.
            try Fx.appendOneByOne(writer, [.alertNoted(id: "A-2", text: "一")], start: 40)
            try writer.writeSnapshot()
            try Fx.appendOneByOne(writer, [.alertNoted(id: "A-2", text: "二")], start: 41)
            try writer.writeSnapshot()
            #expect(Disk.list(fs, Path.join(root, "snapshots")) == [
                Snapshot.fileName(seq: AFx.opCount + 1), Snapshot.fileName(seq: AFx.opCount + 2),
            ])

            let asOfSnapshot = Store.replay(fs: fs, journal: fast.journalPath, node: Fx.node, through: AFx.opCount)
            #expect(fast.state == asOfSnapshot)
            #expect(fast.state.alerts.archived["A-2"]?.events.count == 3)
            #expect(fast.state.alerts.archived["A-2"]?.lifted != nil)
            #expect(fast.state.alerts["A-4"]?.content.reality == .exercise)
            #expect(fast.state.alerts["A-4"]?.content.expires == Instant(ms: 1_780_003_600_000))
            #expect(fast.notices == [])
        }
    }
}

/// An ids frame is searched where it lies: in order it gives the ids back; ends that do not rise
/// or do not fit the frame's bytes are refused (the part is then rebuilt from the journal), never
/// read past.
@Suite struct ArchivedIDsFrameTests {
    static func frame(_ ids: [String]) -> [UInt8] {
        var w = BinaryWriter()
        w.uint(StateCodec.version)
        let laid = SortedIDs.layout(ids)
        w.count(laid.count)
        return w.bytes + laid.bytes
    }

    static func decode(_ bytes: [UInt8]) throws(DecodeError) -> SortedIDs {
        // Copied into memory the ids keep alive, as a snapshot's mapping is.
        let owned = OwnedBytes(bytes)
        return try StateCodec.decodeIDs(owned.bytes, keeping: owned)
    }

    @Test func idsInOrderComeBack() throws {
        let ids = ["A-20260605-01", "A-20260605-02", "A-20260605-南洲-1"]
        let decoded = try Self.decode(Self.frame(ids))
        #expect(decoded.ids == ids && decoded == SortedIDs(ids))
        #expect(decoded.hashValue == SortedIDs(ids).hashValue)
        #expect(decoded.contains("A-20260605-02") && !decoded.contains("A-20260605-03"))
        #expect(try Self.decode(Self.frame([])).ids == [])
    }

    @Test func endsThatDoNotFitAreRefused() {
        let good = Self.frame(["A-1", "A-22"])
        // The header (version, count) is two bytes; the ends follow, then "A-1A-22".
        #expect(throws: DecodeError.self) { try Self.decode(Array(good.dropLast())) }
        #expect(throws: DecodeError.self) { try Self.decode(good + [0x41]) }
        var falling = good
        falling[2] = 9  // the first id would end after the second
        #expect(throws: DecodeError.self) { try Self.decode(falling) }
        var tooMany = good
        tooMany[1] = 200
        #expect(throws: DecodeError.self) { try Self.decode(tooMany) }
        #expect(throws: DecodeError.self) { try Self.decode(Array(good.prefix(5))) }
    }
}

/// A slot whose day number is past any calendar is damage, refused with the byte, never a trap
/// while its date is worked out.
@Suite struct SlotFrameTests {
    static func frame(day: Int64) -> [UInt8] {
        var w = BinaryWriter()
        w.count(1)
        w.string("S-1")
        w.int(day)
        for minutes in [510, 1050] { w.int(minutes) }
        for text in ["带班领导", "何少明", "138 0000 0001"] { w.string(text) }
        return w.bytes
    }

    static func decode(_ bytes: [UInt8]) throws(DecodeError) -> [String: DutySlot] {
        try bytes.withUnsafeBufferPointer { (b) throws(DecodeError) -> [String: DutySlot] in
            var r = BinaryReader(b)
            return try StateCodec.decodeSlots(&r)
        }
    }

    @Test func aDayPastAnyCalendarIsRefused() throws {
        let june5 = LocalDate(year: 2026, month: 6, day: 5)!
        #expect(try Self.decode(Self.frame(day: Int64(june5.dayNumber)))["S-1"]?.date == june5)
        for day in [Int64.max, Int64.min, 3_650_000, -3_650_000] {
            #expect(throws: DecodeError.self) { try Self.decode(Self.frame(day: day)) }
        }
    }
}
