import DutyCore
import DutyTestSupport
import Foundation
import Testing
@testable import DutyStore

@Suite struct RecoveryTests {
    typealias Fx = StoreFixture
    typealias Disk = StoreDisk

    static let journalName = "journal/\(StoreFixture.node).jsonl"

    /// A store with ten alerts appended one by one; returns its state, position and journal bytes.
    private func tenRecords(_ fs: FileSystem, _ root: String) throws -> (state: DutyState, position: JournalPosition, bytes: [UInt8]) {
        let store = try Store.open(at: root, fs: fs)
        try Fx.appendOneByOne(store, (1...10).map { Fx.alert($0) })
        return (store.state, store.position, try fs.read(store.journalPath))
    }

    /// The reason `RecordCodec` gives for a line, as the scanner will report it.
    private func decodeFailure(_ line: [UInt8]) -> String {
        do {
            _ = try RecordCodec.decode(Array(line.dropLast()))
            return "decoded fine"
        } catch {
            return error.message
        }
    }

    // MARK: - Torn tail

    @Test(arguments: StoreFSKind.allCases)
    func aTornTailIsQuarantinedAndCut(_ kind: StoreFSKind) throws {
        try TestStores.with(kind) { fs, root in
            let good = try tenRecords(fs, root)
            let journal = Disk.journalPath(root)
            // The first 40 bytes of what record 11 would be: a write cut short.
            let (line11, _) = RecordCodec.encode(node: Fx.node, seq: 11, hlc: good.position.hlc.next(now: Fx.at(11)), wall: Fx.at(11),
                                                 actor: "王建国", prev: good.position.hash, op: Fx.alert(11))
            let torn = Array(line11.prefix(40))
            try Disk.appendRaw(fs, journal, torn)

            let store = try Store.open(at: root, fs: fs)
            let offset = good.bytes.count
            let name = "\(Fx.node)-journal-at-\(offset)"
            #expect(store.readOnlyReason == nil)
            #expect(store.state == good.state)
            #expect(store.position == good.position)
            #expect(try fs.read(journal) == good.bytes)
            #expect(Disk.list(fs, Path.join(root, "quarantine")) == [name + ".bin", name + ".reason"])
            #expect(try fs.read(Path.join(root, "quarantine/\(name).bin")) == torn)
            let reason = String(decoding: try fs.read(Path.join(root, "quarantine/\(name).reason")), as: UTF8.self)
            let reasonLines = reason.split(separator: "\n").map(String.init)
            #expect(Array(reasonLines.prefix(5)) == [
                "from: \(Self.journalName)", "line: 11", "byte offset: \(offset)", "length: 40",
                "reason: the record was not finished",
            ])
            #expect(store.notices == [StoreProblem(
                "\(Self.journalName): an unfinished record at line 11 (40 bytes, the record was not finished) was moved to quarantine/\(name).bin")])

            let next = try store.append([Fx.alert(11)], actor: "王建国", at: Fx.at(11))
            #expect(next.map(\.seq) == [11])
            #expect(next.first?.prev == good.position.hash)
            #expect(Disk.verifyChain(try fs.read(journal)).map(\.seq) == Array(1...11))
            // The repair is remembered as a note, not a problem.
            let report = Store.check(root: root, fs: fs)
            #expect(report.problems == [])
            #expect(report.records == 11)
            #expect(report.notes == ["quarantine/\(name).bin: kept from an earlier repair (reason: the record was not finished)"])
        }
    }

    @Test(arguments: StoreFSKind.allCases)
    func aLastRecordWithAWrongHashIsQuarantinedAndCut(_ kind: StoreFSKind) throws {
        try TestStores.with(kind) { fs, root in
            let good = try tenRecords(fs, root)
            let journal = Disk.journalPath(root)
            let lines = Disk.lines(good.bytes)
            let bad = Disk.corrupt(lines[9])
            #expect(bad != lines[9])
            let firstNine = Array(lines.prefix(9).joined())
            try Disk.overwrite(fs, journal, firstNine + bad)
            let nine = Disk.verifyChain(firstNine)
            #expect(nine.count == 9)

            let store = try Store.open(at: root, fs: fs)
            let name = "\(Fx.node)-journal-at-\(firstNine.count)"
            #expect(store.readOnlyReason == nil)
            #expect(store.state == Disk.fold(nine))
            #expect(store.position.seq == 9)
            #expect(store.position.offset == firstNine.count)
            #expect(store.position.hash == nine.last?.hash)
            #expect(try fs.read(journal) == firstNine)
            #expect(Disk.list(fs, Path.join(root, "quarantine")) == [name + ".bin", name + ".reason"])
            #expect(try fs.read(Path.join(root, "quarantine/\(name).bin")) == bad)
            let reason = String(decoding: try fs.read(Path.join(root, "quarantine/\(name).reason")), as: UTF8.self)
            let reasonLines = reason.split(separator: "\n").map(String.init)
            #expect(Array(reasonLines.prefix(5)) == [
                "from: \(Self.journalName)", "line: 10", "byte offset: \(firstNine.count)", "length: \(bad.count)",
                "reason: \(decodeFailure(bad))",
            ])
            #expect(store.notices.count == 1)
            #expect(store.notices.first?.description.contains("line 10") == true)
            #expect(store.notices.first?.description.contains("quarantine/\(name).bin") == true)

            let next = try store.append([Fx.alert(10)], actor: "王建国", at: Fx.at(10))
            #expect(next.map(\.seq) == [10])
            #expect(Disk.verifyChain(try fs.read(journal)).map(\.seq) == Array(1...10))
        }
    }

    /// A crash at the same place twice (the same record torn again after the first repair) must
    /// not lose the first quarantined bytes: quarantine keeps what failed a check.
    @Test(arguments: StoreFSKind.allCases)
    func aSecondTornTailAtTheSameOffsetKeepsTheFirst(_ kind: StoreFSKind) throws {
        try TestStores.with(kind) { fs, root in
            let good = try tenRecords(fs, root)
            let journal = Disk.journalPath(root)
            let first = Array("{\"seq\":11,\"node\":\"console-1\",\"hlc\":[1".utf8)
            let second = Array("{\"seq\":11,\"node\":\"console-1\",\"hlc\":[17806".utf8)
            try Disk.appendRaw(fs, journal, first)
            _ = try Store.open(at: root, fs: fs)
            try Disk.appendRaw(fs, journal, second)
            let store = try Store.open(at: root, fs: fs)
            #expect(store.position == good.position)
            #expect(try fs.read(journal) == good.bytes)

            let quarantine = Path.join(root, "quarantine")
            let kept = Disk.list(fs, quarantine).filter { $0.hasSuffix(".bin") }.map { name in
                String(decoding: (try? fs.read(Path.join(quarantine, name))) ?? [], as: UTF8.self)
            }
            #expect(kept.count == 2, "quarantine holds \(Disk.list(fs, quarantine))")
            #expect(Set(kept) == [String(decoding: first, as: UTF8.self), String(decoding: second, as: UTF8.self)])
        }
    }

    // MARK: - Damage in the middle

    @Test(arguments: StoreFSKind.allCases)
    func damageInTheMiddleMakesTheStoreReadOnlyAndCutsNothing(_ kind: StoreFSKind) throws {
        try TestStores.with(kind) { fs, root in
            let good = try tenRecords(fs, root)
            let journal = Disk.journalPath(root)
            var lines = Disk.lines(good.bytes)
            let bad = Disk.corrupt(lines[4], near: 0.3)
            lines[4] = bad
            let damaged = Array(lines.joined())
            try Disk.overwrite(fs, journal, damaged)
            let offset = lines.prefix(4).reduce(0) { $0 + $1.count }
            let damage = "\(Self.journalName): line 5 (byte \(offset)): \(decodeFailure(bad)); 5 good records follow it"

            let store = try Store.open(at: root, fs: fs)
            #expect(store.readOnlyReason ==
                "damage in the middle of the journal: \(damage). The store is read-only until someone decides; see `duty-watch check`.")
            // What came before the damage is shown; nothing after it is used.
            let four = Disk.verifyChain(Array(lines.prefix(4).joined()))
            #expect(store.state == Disk.fold(four))
            #expect(store.position.seq == 4)

            let error = #expect(throws: StoreError.self) {
                try store.append([Fx.alert(11)], actor: "王建国", at: Fx.at(11))
            }
            #expect(error?.description == store.readOnlyReason)
            #expect(try fs.read(journal) == damaged)
            #expect(Disk.list(fs, Path.join(root, "quarantine")) == [])

            let report = Store.check(root: root, fs: fs)
            #expect(report.problems == ["\(damage). Nothing after it is used; the store is read-only until someone decides."])
            #expect(report.records == 4)
            #expect(try fs.read(journal) == damaged)
        }
    }

    @Test(arguments: StoreFSKind.allCases)
    func aDeletedRecordInTheMiddleIsReportedAsAGap(_ kind: StoreFSKind) throws {
        try TestStores.with(kind) { fs, root in
            let good = try tenRecords(fs, root)
            let journal = Disk.journalPath(root)
            var lines = Disk.lines(good.bytes)
            lines.remove(at: 4)
            let damaged = Array(lines.joined())
            try Disk.overwrite(fs, journal, damaged)
            let offset = lines.prefix(4).reduce(0) { $0 + $1.count }
            let damage = "\(Self.journalName): line 5 (byte \(offset)): sequence 6 where 5 was expected; 4 good records follow it"

            let store = try Store.open(at: root, fs: fs)
            #expect(store.readOnlyReason?.contains(damage) == true, "\(store.readOnlyReason ?? "nil")")
            #expect(store.position.seq == 4)
            #expect(throws: StoreError.self) { try store.append([Fx.alert(11)], actor: "王建国", at: Fx.at(11)) }
            #expect(try fs.read(journal) == damaged)
            #expect(Store.check(root: root, fs: fs).problems == ["\(damage). Nothing after it is used; the store is read-only until someone decides."])
        }
    }

    @Test(arguments: StoreFSKind.allCases)
    func aRecordFromAnotherHistoryInTheMiddleBreaksTheChain(_ kind: StoreFSKind) throws {
        try TestStores.with(kind) { fs, root in
            let good = try tenRecords(fs, root)
            let journal = Disk.journalPath(root)
            // Record 5 of another history of this node: well-formed, right seq, wrong `prev`.
            let foreign: [UInt8] = try TestStores.with(.memory) { ofs, oroot in
                let o = try Store.open(at: oroot, fs: ofs)
                try Fx.appendOneByOne(o, (1...5).map { Fx.alert($0, title: "别处") })
                return Disk.lines(try ofs.read(o.journalPath))[4]
            }
            var lines = Disk.lines(good.bytes)
            lines[4] = foreign
            let damaged = Array(lines.joined())
            try Disk.overwrite(fs, journal, damaged)
            let offset = lines.prefix(4).reduce(0) { $0 + $1.count }
            let damage = "\(Self.journalName): line 5 (byte \(offset)): does not follow the previous record (hash chain broken); 5 good records follow it"

            let store = try Store.open(at: root, fs: fs)
            #expect(store.readOnlyReason?.contains(damage) == true, "\(store.readOnlyReason ?? "nil")")
            #expect(store.position.seq == 4)
            #expect(throws: StoreError.self) { try store.append([Fx.alert(11)], actor: "王建国", at: Fx.at(11)) }
            #expect(try fs.read(journal) == damaged)
            #expect(Store.check(root: root, fs: fs).problems == ["\(damage). Nothing after it is used; the store is read-only until someone decides."])
        }
    }

    // MARK: - check and digests

    @Test(arguments: StoreFSKind.allCases)
    func checkOnACleanStore(_ kind: StoreFSKind) throws {
        try TestStores.with(kind) { fs, root in
            let empty = Store.check(root: root, fs: fs)
            #expect(empty.problems == [])
            #expect(empty.records == 0)
            #expect(empty.digest == stateDigest(DutyState()))

            let store = try Store.open(at: root, fs: fs)
            try store.append(Fx.pending(Fx.everyOp))
            let report = Store.check(root: root, fs: fs)
            #expect(report.problems == [])
            #expect(report.notes == [])
            #expect(report.isClean)
            #expect(report.records == Fx.everyOp.count)
            #expect(report.snapshotsChecked == 0)
            #expect(report.digest == stateDigest(store.state))
            #expect(report.digest == store.digest)
            #expect(report.digest != empty.digest)
        }
    }

    /// After an upgrade the snapshots of the earlier format stay until newer ones replace them:
    /// opening passes them over and folds the journal; `check` notes them and is clean, while a
    /// file that is no snapshot at all is still a problem.
    @Test(arguments: StoreFSKind.allCases)
    func aSnapshotOfAnEarlierFormatIsPassedOverNotDamage(_ kind: StoreFSKind) throws {
        try TestStores.with(kind) { fs, root in
            let store = try Store.open(at: root, fs: fs)
            try store.append(Fx.pending(Fx.everyOp))
            try store.writeSnapshot()
            let name = Snapshot.fileName(seq: Fx.everyOp.count)
            let path = Path.join(root, "snapshots/\(name)")
            var bytes = try fs.read(path)
            bytes[7] = UInt8(ascii: "8")
            try StoreDisk.overwrite(fs, path, bytes)

            let opened = try Store.open(at: root, fs: fs)
            #expect(opened.openedFrom == nil)
            #expect(opened.state == store.state)
            let report = Store.check(root: root, fs: fs)
            #expect(report.problems == [])
            #expect(report.notes == ["snapshots/\(name): written in an earlier format, passed over until newer snapshots replace it"])
            #expect(report.snapshotsChecked == 0)
            #expect(report.digest == store.digest)

            bytes[7] = UInt8(ascii: "X")
            try StoreDisk.overwrite(fs, path, bytes)
            #expect(Store.check(root: root, fs: fs).problems == ["snapshots/\(name): not a snapshot file (or an older format)"])
        }
    }

    @Test func equalRecordsGiveEqualDigestsInAnyStore() throws {
        func digest(node: String, _ ops: [Op]) throws -> (store: String, check: String?) {
            try TestStores.with(.memory, node: node) { fs, root in
                let s = try Store.open(at: root, fs: fs)
                try s.append(Fx.pending(ops))
                return (s.digest, Store.check(root: root, fs: fs).digest)
            }
        }
        let north = try digest(node: "north", Fx.everyOp)
        let again = try digest(node: "north", Fx.everyOp)
        #expect(north.store == again.store)
        #expect(north.check == north.store)
        #expect(again.check == again.store)
        #expect(north.store.count == 64)
        // The same ops made on another console are other records: an alert's timeline says
        // which console each change came from.
        let south = try digest(node: "south-2", Fx.everyOp)
        #expect(south.store != north.store)
        #expect(south.check == south.store)

        var changed = Fx.everyOp
        changed[changed.count - 1] = .handoverAnswered(id: "HO-1", accepted: true, text: "签收。")
        let other = try digest(node: "north", changed)
        #expect(other.store != north.store)
        // The same ops by someone else, or at another minute, are another state too.
        let later = try TestStores.with(.memory, node: "north") { fs, root in
            let s = try Store.open(at: root, fs: fs)
            try s.append(Fx.pending(Fx.everyOp, start: 1))
            return s.digest
        }
        #expect(later != north.store)
    }

    // MARK: - Another process's append in progress

    @Test func anAppendInProgressIsNotATornTail() throws {
        try TestStores.with(.real) { fs, root in
            let writer = try Store.open(at: root, fs: RealFileSystem())
            try Fx.appendOneByOne(writer, (1...3).map { Fx.alert($0) })
            let reader = try Store.open(at: root, fs: RealFileSystem())
            let before = try fs.read(writer.journalPath)
            let (line, record) = RecordCodec.encode(node: Fx.node, seq: 4, hlc: writer.position.hlc.next(now: Fx.at(4)), wall: Fx.at(4),
                                                    actor: "王建国", prev: writer.position.hash, op: Fx.alert(4))
            let half = line.count / 2

            // This test plays the writer: it holds the writers' lock while the record is half written.
            let lock = try RealFileSystem().lockExclusive(Path.join(root, "journal/.lock"))
            try Disk.appendRaw(fs, writer.journalPath, Array(line[..<half]))
            #expect(try reader.refresh() == false)
            #expect(reader.position.seq == 3)
            #expect(reader.readOnlyReason == nil)
            #expect(try fs.read(writer.journalPath) == before + line[..<half])
            #expect(Disk.list(fs, Path.join(root, "quarantine")) == [])

            try Disk.appendRaw(fs, writer.journalPath, Array(line[half...]))
            lock.release()
            #expect(try reader.refresh() == true)
            #expect(reader.position.seq == 4)
            #expect(reader.position.hash == record.hash)
            #expect(reader.state.alerts["A-4"] != nil)
            #expect(reader.readOnlyReason == nil)
            #expect(Disk.list(fs, Path.join(root, "quarantine")) == [])
            #expect(try fs.read(writer.journalPath) == before + line)
            // The writer that did not write it continues after it.
            let next = try writer.append([Fx.alert(5)], actor: "王建国", at: Fx.at(5))
            #expect(next.map(\.seq) == [5])
            #expect(next.first?.prev == record.hash)
        }
    }
}
