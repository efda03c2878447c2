import DutyCore
import DutyTestSupport
import Foundation
import Testing
@testable import DutyStore

@Suite struct JournalStoreTests {
    typealias Fx = StoreFixture
    typealias Disk = StoreDisk

    // MARK: - Round trip

    @Test(arguments: StoreFSKind.allCases)
    func reopeningGivesTheSameStateAndAGapFreeChain(_ kind: StoreFSKind) throws {
        try TestStores.with(kind) { fs, root in
            let store = try Store.open(at: root, fs: fs)
            #expect(store.state == DutyState())
            #expect(store.position == JournalPosition())
            // The first half as keypresses, the rest as one batch with its own actors and instants.
            var records = try Fx.appendOneByOne(store, Array(Fx.everyOp.prefix(12)))
            let batch = Fx.pending(Array(Fx.everyOp.dropFirst(12)), start: 12)
            records += try store.append(batch)
            #expect(records.count == Fx.everyOp.count)
            #expect(records.map(\.seq) == Array(1...Fx.everyOp.count))

            let reopened = try Store.open(at: root, fs: fs)
            #expect(reopened.state == store.state)
            #expect(reopened.position == store.position)
            #expect(reopened.readOnlyReason == nil)
            #expect(reopened.notices == [])

            let onDisk = Disk.verifyChain(try fs.read(store.journalPath))
            #expect(onDisk == records)
            #expect(onDisk.map(\.op) == Fx.everyOp)
            #expect(onDisk.map(\.actor) == Fx.pending(Fx.everyOp).map(\.actor))
            #expect(onDisk.map(\.wall) == Fx.pending(Fx.everyOp).map(\.at))
            #expect(onDisk.first?.prev == JournalRecord.genesis)
            #expect(store.state == Disk.fold(onDisk))
            #expect(store.position.seq == Fx.everyOp.count)
            #expect(store.position.line == Fx.everyOp.count)
            #expect(store.position.offset == (try fs.size(store.journalPath)))
            #expect(store.position.hash == records.last?.hash)
            // The tricky strings survived byte for byte.
            #expect(reopened.state.alerts[Fx.alertID]?.content.title == Fx.tricky)
        }
    }

    @Test(arguments: StoreFSKind.allCases)
    func journalHoldsExactlyTheEncodedLines(_ kind: StoreFSKind) throws {
        try TestStores.with(kind) { fs, root in
            let store = try Store.open(at: root, fs: fs)
            var records = try Fx.appendOneByOne(store, Array(Fx.everyOp.prefix(5)))
            records += try store.append(Fx.pending(Array(Fx.everyOp[5..<9]), start: 5))
            records += try Fx.appendOneByOne(store, Array(Fx.everyOp.dropFirst(9)), start: 9)
            let bytes = try fs.read(store.journalPath)
            #expect(bytes == Disk.encoded(records))
            // Re-encoding gives back the very record that was returned.
            for r in records {
                let again = RecordCodec.encode(node: r.node, seq: r.seq, hlc: r.hlc, wall: r.wall, actor: r.actor, prev: r.prev, op: r.op)
                #expect(again.record == r)
            }
        }
    }

    // MARK: - Hybrid logical clock

    @Test func hlcKeepsRisingWhenTheWallClockGoesBack() throws {
        try TestStores.with(.memory) { fs, root in
            let store = try Store.open(at: root, fs: fs)
            let walls = [Fx.at(10), Fx.at(0), Fx.at(-60), Fx.at(10), Fx.at(20)]
            var records: [JournalRecord] = []
            for (i, wall) in walls.enumerated() {
                records += try store.append([Fx.alert(i)], actor: "王建国", at: wall)
            }
            let ms10 = Fx.at(10).ms, ms20 = Fx.at(20).ms
            #expect(records.map(\.hlc) == [
                HLC(ms: ms10, counter: 0), HLC(ms: ms10, counter: 1), HLC(ms: ms10, counter: 2),
                HLC(ms: ms10, counter: 3), HLC(ms: ms20, counter: 0),
            ])
            #expect(records.map(\.wall) == walls)
            #expect(store.position.hlc == HLC(ms: ms20, counter: 0))

            // The clock survives a reopen: an earlier wall time still moves it forward.
            let reopened = try Store.open(at: root, fs: fs)
            #expect(reopened.position.hlc == HLC(ms: ms20, counter: 0))
            let next = try reopened.append([Fx.alert(9)], actor: "王建国", at: Fx.at(5))
            #expect(next.map(\.hlc) == [HLC(ms: ms20, counter: 1)])
            let all = Disk.verifyChain(try fs.read(store.journalPath))
            #expect(zip(all, all.dropFirst()).allSatisfy { $0.hlc < $1.hlc })
        }
    }

    // MARK: - Validation

    @Test(arguments: StoreFSKind.allCases)
    func anInvalidOpWritesNothingAndChangesNothing(_ kind: StoreFSKind) throws {
        try TestStores.with(kind) { fs, root in
            let store = try Store.open(at: root, fs: fs)
            try Fx.appendOneByOne(store, [Fx.alert(1)])

            func expectUnchanged(_ message: String, by attempt: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) throws {
                let bytes = try fs.read(store.journalPath)
                let state = store.state
                let position = store.position
                let error = #expect(throws: StoreError.self, sourceLocation: sourceLocation) { try attempt() }
                #expect(error?.description == message, sourceLocation: sourceLocation)
                #expect(try fs.read(store.journalPath) == bytes, sourceLocation: sourceLocation)
                #expect(store.state == state, sourceLocation: sourceLocation)
                #expect(store.position == position, sourceLocation: sourceLocation)
            }

            try expectUnchanged("no alert NOPE") {
                try store.append([.alertAcknowledged(id: "NOPE", note: "")], actor: "王建国", at: Fx.at(1))
            }
            try store.append([.alertAcknowledged(id: "A-1", note: "收到")], actor: "王建国", at: Fx.at(2))
            try expectUnchanged("alert A-1 is already acknowledged") {
                try store.append([.alertAcknowledged(id: "A-1", note: "again")], actor: "李\"小\"明", at: Fx.at(3))
            }
            // A batch whose third op is bad: the first two (valid) are not written either.
            try expectUnchanged("no alert A-404") {
                try store.append(Fx.pending([Fx.alert(2), .alertAcknowledged(id: "A-2", note: ""),
                                             .alertAcknowledged(id: "A-404", note: ""), .alertNoted(id: "A-2", text: "x")], start: 4))
            }
            // The third op is bad only because of the first two of the same batch.
            try expectUnchanged("alert A-3 is already acknowledged") {
                try store.append(Fx.pending([Fx.alert(3), .alertAcknowledged(id: "A-3", note: ""),
                                             .alertAcknowledged(id: "A-3", note: "twice")], start: 8))
            }
            #expect(store.state.alerts["A-2"] == nil)
            #expect(store.state.alerts["A-3"] == nil)
            #expect(store.position.seq == 2)

            // A batch whose later ops rely on its earlier ones is fine, and the journal matches the state.
            let ok = try store.append(Fx.pending([Fx.alert(4), .alertAcknowledged(id: "A-4", note: ""), .alertNoted(id: "A-4", text: "好")], start: 12))
            #expect(ok.map(\.seq) == [3, 4, 5])
            let onDisk = Disk.verifyChain(try fs.read(store.journalPath))
            #expect(onDisk.count == 5)
            #expect(Disk.fold(onDisk) == store.state)
            #expect(try Store.open(at: root, fs: fs).state == store.state)
        }
    }

    // MARK: - Snapshots

    /// 23 varied ops with a snapshot every 5: snapshots at 5, 10, 15, 20, of which 15 and 20 stay.
    private func storeWithSnapshots(_ fs: FileSystem, _ root: String) throws -> Store {
        let store = try Store.open(at: root, fs: fs)
        store.snapshotEvery = 5
        try Fx.appendOneByOne(store, Array(Fx.everyOp.prefix(23)))
        return store
    }

    @Test(arguments: StoreFSKind.allCases)
    func snapshotsAgreeWithAFullReplay(_ kind: StoreFSKind) throws {
        try TestStores.with(kind) { fs, root in
            let store = try storeWithSnapshots(fs, root)
            #expect(Disk.list(fs, Path.join(root, "snapshots")) == ["000000000015.snap", "000000000020.snap"])
            #expect(store.recordsSinceSnapshot == 3)

            let fast = try Store.open(at: root, fs: fs, useSnapshot: true)
            let slow = try Store.open(at: root, fs: fs, useSnapshot: false)
            // The fast one really started from snapshot 20.
            #expect(fast.recordsSinceSnapshot == 3)
            #expect(slow.recordsSinceSnapshot == 23)
            #expect(fast.state == slow.state)
            #expect(fast.position == slow.position)
            #expect(fast.digest == slow.digest)
            #expect(fast.state == store.state)
            #expect(fast.position == store.position)
            #expect(fast.notices == [])
            #expect(slow.notices == [])

            // A snapshot file holds exactly the fold of the journal up to its record.
            let records = Disk.verifyChain(try fs.read(store.journalPath))
            let snap = try Snapshot.decode(try fs.map(Path.join(root, "snapshots/000000000020.snap")), eager: true) { _ in DutyState() }
            #expect(snap.node == Fx.node)
            #expect(snap.position.seq == 20)
            #expect(snap.position.hash == records[19].hash)
            #expect(snap.position.offset == Disk.encoded(Array(records.prefix(20))).count)
            #expect(snap.state == Disk.fold(Array(records.prefix(20))))

            let report = Store.check(root: root, fs: fs)
            #expect(report.problems == [])
            #expect(report.snapshotsChecked == 2)
            #expect(report.records == 23)
            #expect(report.digest == store.digest)
        }
    }

    /// Byte 12 lies in the snapshot's header (node and journal position), right after the 8-byte
    /// magic: a snapshot whose header is damaged cannot be trusted at all.
    @Test(arguments: StoreFSKind.allCases)
    func aSnapshotWithADamagedHeaderIsSkippedWithANotice(_ kind: StoreFSKind) throws {
        try TestStores.with(kind) { fs, root in
            let store = try storeWithSnapshots(fs, root)
            let newest = Path.join(root, "snapshots/000000000020.snap")
            var bytes = try fs.read(newest)
            bytes[12] ^= 0x01
            try Disk.overwrite(fs, newest, bytes)

            let opened = try Store.open(at: root, fs: fs)
            #expect(opened.state == store.state)
            #expect(opened.position == store.position)
            #expect(opened.recordsSinceSnapshot == 8)  // started from snapshot 15
            #expect(opened.notices.count == 1)
            #expect(opened.notices.first?.description.hasPrefix("snapshots/000000000020.snap: skipped: ") == true,
                    "\(opened.notices)")
            #expect(opened.readOnlyReason == nil)

            let report = Store.check(root: root, fs: fs)
            #expect(report.problems.count == 1)
            #expect(report.problems.first?.hasPrefix("snapshots/000000000020.snap: ") == true, "\(report.problems)")

            // Both damaged: a full replay, still the right state.
            let older = Path.join(root, "snapshots/000000000015.snap")
            var b15 = try fs.read(older)
            b15[12] ^= 0x80
            try Disk.overwrite(fs, older, b15)
            let replayed = try Store.open(at: root, fs: fs)
            #expect(replayed.state == store.state)
            #expect(replayed.position == store.position)
            #expect(replayed.recordsSinceSnapshot == 23)
            #expect(replayed.notices.count == 2)
            #expect(replayed.notices.allSatisfy { $0.description.contains(": skipped: ") }, "\(replayed.notices)")
        }
    }

    /// A byte flipped anywhere in the newest snapshot: the store may skip it or rebuild the damaged
    /// part from the journal, but the state is right and one notice names the file.
    @Test(arguments: StoreFSKind.allCases)
    func aSnapshotDamagedAnywhereStillGivesTheRightState(_ kind: StoreFSKind) throws {
        try TestStores.with(kind) { fs, root in
            let store = try storeWithSnapshots(fs, root)
            let newest = Path.join(root, "snapshots/000000000020.snap")
            let original = try fs.read(newest)
            for at in [original.count / 3, original.count / 2, original.count * 2 / 3, original.count - 5] {
                var bytes = original
                bytes[at] ^= 0x04
                try Disk.overwrite(fs, newest, bytes)

                let opened = try Store.open(at: root, fs: fs)
                // Compare first: a lazily checked part reports its damage when it is read. The
                // archives' ids are read by a lookup of an id that is not there.
                #expect(opened.state.alerts["A-none"] == nil && opened.state.rounds["R-none"] == nil && opened.state.slots["S-none"] == nil)
                #expect(opened.state == store.state, "byte \(at) of \(original.count)")
                #expect(opened.digest == store.digest, "byte \(at)")
                #expect(opened.position == store.position, "byte \(at)")
                #expect(opened.readOnlyReason == nil)
                #expect(opened.notices.count == 1, "byte \(at): \(opened.notices)")
                #expect(opened.notices.first?.description.hasPrefix("snapshots/000000000020.snap: ") == true, "byte \(at): \(opened.notices)")

                let report = Store.check(root: root, fs: fs)
                #expect(report.problems.count == 1, "byte \(at): \(report.problems)")
                #expect(report.problems.first?.hasPrefix("snapshots/000000000020.snap: ") == true, "byte \(at): \(report.problems)")
            }
        }
    }

    @Test(arguments: StoreFSKind.allCases)
    func aSnapshotOfAnotherJournalIsSkipped(_ kind: StoreFSKind) throws {
        try TestStores.with(kind) { fs, root in
            _ = try storeWithSnapshots(fs, root)
            // Another history of the same node, as long as the first: same seqs, other hashes.
            let otherOps = (1...23).map { Fx.alert($0, title: "另一个") }
            let other: Store = try TestStores.with(.memory) { ofs, oroot in
                let o = try Store.open(at: oroot, fs: ofs)
                try Fx.appendOneByOne(o, otherOps)
                try Disk.overwrite(fs, Path.join(root, "journal/\(Fx.node).jsonl"), try ofs.read(o.journalPath))
                return o
            }

            let opened = try Store.open(at: root, fs: fs)
            #expect(opened.state == other.state)
            #expect(opened.position == other.position)
            #expect(opened.recordsSinceSnapshot == 23)
            #expect(opened.notices == [
                StoreProblem("snapshots/000000000020.snap: skipped: does not match the journal"),
                StoreProblem("snapshots/000000000015.snap: skipped: does not match the journal"),
            ])
            let report = Store.check(root: root, fs: fs)
            #expect(report.problems.sorted() == [
                "snapshots/000000000015.snap: names record 15 with another hash than the journal's",
                "snapshots/000000000020.snap: names record 20 with another hash than the journal's",
            ])
        }
    }

    /// A snapshot taken right after a long record (a district-wide contacts import is one line of
    /// well over 64 KiB) must still be recognised as matching the journal.
    @Test(arguments: StoreFSKind.allCases)
    func aSnapshotAfterALongRecordIsUsed(_ kind: StoreFSKind) throws {
        try TestStores.with(kind) { fs, root in
            let store = try Store.open(at: root, fs: fs)
            let contacts = (1...600).map { n in
                FloodContact(id: "C-\(n)", facility: "南洲路下穿隧道第\(n)号排涝泵站", type: "泵站", street: "南洲街",
                             leader: ResponsiblePerson(name: "刘书记\(n)", phone: "020-8888 \(n)"),
                             technical: ResponsiblePerson(name: "黄工\(n)", phone: "139 0000 \(n)"),
                             maintenance: ResponsiblePerson(name: "陈师傅\(n)", phone: "137 0000 \(n)"))
            }
            try Fx.appendOneByOne(store, [Fx.alert(1), .contactsImported(source: "全区联系人.csv", contacts: contacts)])
            let lines = Disk.lines(try fs.read(store.journalPath))
            #expect(lines[1].count > 64 << 10)
            try store.writeSnapshot()
            #expect(Disk.list(fs, Path.join(root, "snapshots")) == ["000000000002.snap"])

            let opened = try Store.open(at: root, fs: fs)
            #expect(opened.notices == [])
            #expect(opened.recordsSinceSnapshot == 0)  // started from the snapshot, nothing replayed
            #expect(opened.state == store.state)
            #expect(opened.position == store.position)
        }
    }

    // MARK: - Two processes, one store

    @Test func twoStoresOnOneFolderTakeTurns() throws {
        try TestStores.with(.real) { _, root in
            // Two instances with their own file-system objects, as two processes would have.
            let a = try Store.open(at: root, fs: RealFileSystem())
            let b = try Store.open(at: root, fs: RealFileSystem())
            #expect(try b.refresh() == false)

            try Fx.appendOneByOne(a, Array(Fx.everyOp.prefix(3)))
            #expect(try b.refresh() == true)
            #expect(b.state == a.state)
            #expect(b.position == a.position)
            #expect(try b.refresh() == false)

            let fromB = try b.append([Fx.everyOp[3]], actor: "李\"小\"明", at: Fx.at(3))
            #expect(fromB.map(\.seq) == [4])
            // A has not refreshed: append must read B's record first and continue after it.
            let fromA = try a.append([Fx.everyOp[4]], actor: "王建国", at: Fx.at(4))
            #expect(fromA.map(\.seq) == [5])
            #expect(fromA.first?.prev == fromB.first?.hash)
            let batchB = try b.append(Fx.pending(Array(Fx.everyOp[5..<8]), start: 5))
            #expect(batchB.map(\.seq) == [6, 7, 8])

            #expect(try a.refresh() == true)
            #expect(a.state == b.state)
            #expect(a.position == b.position)
            let records = Disk.verifyChain(try RealFileSystem().read(a.journalPath))
            #expect(records.map(\.seq) == Array(1...8))
            #expect(records.map(\.op) == Array(Fx.everyOp.prefix(8)))
            #expect(a.state == Disk.fold(records))
            #expect(try Store.open(at: root, fs: RealFileSystem()).state == a.state)
        }
    }
}

/// What people mean is planned under the writers' lock against the latest state, so two handles
/// on one store (the console and `alert raise` from the shell) neither collide nor overwrite.
@Suite struct PlannedSaveTests {
    @Test(arguments: StoreFSKind.allCases)
    func twoHandlesRaisingAtOnceGetTwoIDsAndTheRoundOnce(_ kind: StoreFSKind) throws {
        try TestStores.with(kind) { fs, root in
            let console = try Store.open(at: root, fs: fs)
            let shell = try Store.open(at: root, fs: fs)
            let at = InboxFixture.now
            let rain = AlertContent(id: "", source: "电话报告", kind: "暴雨", level: .orange, title: "暴雨橙色预警（电话通知）",
                                    body: "", street: "海珠区")
            let first = try shell.perform([.raise(rain)], actor: "系统", at: at)
            // The console has not refreshed: its own state still lacks the first alert and round.
            var second = rain
            second.title = "南洲路积水"
            second.kind = "内涝"
            let records = try console.perform([.raise(second)], actor: "冼嘉怡", at: at)
            let day = LocalCalendar.shanghai.localDate(at).compact
            #expect(first.map(\.op.name) == ["alertRaised", "roundOpened", "roundPhaseChanged"])
            #expect(records.map(\.op.name) == ["alertRaised"])
            guard case .alertRaised(let a)? = first.first?.op, case .alertRaised(let b)? = records.first?.op else { return }
            #expect((a.id, b.id) == ("A-\(day)-\(StoreFixture.node)-01", "A-\(day)-\(StoreFixture.node)-02"))
            #expect(console.state.alerts.live.count == 2 && console.state.openRound?.phase == .during)
            // A refusal comes back in words and saves nothing.
            #expect(throws: StoreError.self) { try console.perform([.acknowledge(alert: "A-none")], actor: "冼嘉怡", at: at) }
            #expect(console.position.seq == 4)
        }
    }
}
