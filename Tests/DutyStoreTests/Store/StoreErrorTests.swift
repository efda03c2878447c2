import DutyCore
import DutyTestSupport
import Foundation
import Testing
@testable import DutyStore

/// A caller tells the store's failures apart by their kind, not by reading their words.
@Suite struct StoreErrorTests {
    @Test func aFolderWithoutAStoreIsNotAStore() throws {
        let fs = MemoryFileSystem()
        try fs.createDirectory("/mem/empty")
        #expect(throws: StoreError.notAStore(root: "/mem/empty")) { try Store.open(at: "/mem/empty", fs: fs) }
        #expect(throws: StoreError.badNodeName("a b")) { try Store.create(at: "/mem/x", node: "a b", fs: fs) }
        try Store.create(at: "/mem/x", node: "room1", fs: fs)
        #expect(throws: StoreError.alreadyAStore(root: "/mem/x")) { try Store.create(at: "/mem/x", node: "room1", fs: fs) }
    }

    @Test func aBrokenConfigIsBadConfigNamingItsLine() throws {
        let fs = MemoryFileSystem()
        try Store.create(at: "/mem/s", node: "room1", fs: fs)
        try fs.replaceDurably("/mem/s/config.toml", Array("node = \"room1\"\ntime_zone = [\n".utf8))
        do {
            _ = try Store.open(at: "/mem/s", fs: fs)
            Issue.record("opened a store with a broken config.toml")
        } catch {
            guard case .badConfig(let why) = error else { Issue.record("not badConfig: \(error)"); return }
            #expect(why.hasPrefix("/mem/s/config.toml:2"), "\(why)")
        }
    }

    @Test func aRuleThatRefusesIsRefusedAndNothingIsWritten() throws {
        try TestStores.with(.memory) { fs, root in
            let store = try Store.open(at: root, fs: fs)
            try store.append([StoreFixture.alert(1)], actor: "值班员", at: StoreFixture.at(0))
            let before = try fs.read(store.journalPath)
            do throws(StoreError) {
                try store.append([.alertAcknowledged(id: "A-404", note: "")], actor: "值班员", at: StoreFixture.at(0))
                Issue.record("acknowledged an alert that does not exist")
            } catch {
                guard case .refused(let rule) = error else { Issue.record("not refused: \(error)"); return }
                #expect(rule.message == error.description)
            }
            #expect(try fs.read(store.journalPath) == before)
        }
    }

    @Test func aReadOnlyDiskIsReadOnly() throws {
        let fs = MemoryFileSystem()
        try Store.create(at: "/mem/s", node: "room1", fs: fs)
        fs.readOnly.withLock { $0 = true }
        let store = try Store.open(at: "/mem/s", fs: fs)
        do {
            try store.append([StoreFixture.alert(1)], actor: "值班员", at: StoreFixture.at(0))
            Issue.record("saved on a read-only disk")
        } catch {
            guard case .readOnly = error else { Issue.record("not readOnly: \(error)"); return }
        }
    }

    /// A journal that is really `/dev/full`: the kernel answers ENOSPC as on a full disk.
    @Test func aFullDiskIsAnIOErrorThatSaysSo() throws {
        guard FileManager.default.fileExists(atPath: "/dev/full") else { return }
        try TestStores.with(.real) { fs, root in
            let store = try Store.open(at: root, fs: fs)
            try? FileManager.default.removeItem(atPath: store.journalPath)
            try FileManager.default.createSymbolicLink(atPath: store.journalPath, withDestinationPath: "/dev/full")
            do throws(StoreError) {
                try store.append([StoreFixture.alert(1)], actor: "值班员", at: StoreFixture.at(0))
                Issue.record("saved on a full disk")
            } catch {
                guard case .io(let doing, let file) = error else { Issue.record("not io: \(error)"); return }
                #expect(doing == "cannot save")
                #expect(file.errno == ENOSPC)
                #expect(error.isDiskFull)
            }
        }
    }
}
