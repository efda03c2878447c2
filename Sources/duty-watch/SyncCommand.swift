import ArgumentParser
import DutyCore
import DutyStore
import Foundation

/// `duty-watch sync --store DIR --once`: one round of exchange with the shared directory.
struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Publish this console's records to the shared directory and take in the other consoles' (config.toml: shared).",
        discussion: "Exit status 0 when the round went through, 1 when the share could not be used or a segment was quarantined.",
        subcommands: [Settle.self])

    /// `duty-watch sync settle --store DIR --by NAME`: two histories of this console (a backup put
    /// back and changed before it synced) become one.
    struct Settle: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Settle two histories of this console: the share's stays, the local changes that went another way are re-issued after it (marked restored).")
        @OptionGroup var store: StoreOption
        @Option(help: "Who settles it.") var by: String

        func run() throws {
            try runReporting {
                let (s, _) = try Store.settle(root: try store.path(), fs: RealFileSystem(), by: by, at: now())
                Swift.print("settled from record \(s.from): kept the share's records \(s.from)–\(s.keptThrough) of this console, "
                      + "re-issued \(s.reissued) local change\(s.reissued == 1 ? "" : "s") after them as restored; the records set aside are in \(s.setAside)")
            }
        }
    }

    @OptionGroup var store: StoreOption
    @Flag(help: "One round, then exit (without it: a round every second until interrupted).") var once = false
    @Flag(help: "With --once: print what the round did as JSON.") var json = false

    func validate() throws {
        if json && !once { throw ValidationError("--json needs --once") }
    }

    func run() throws {
        var failed = false
        try runReporting {
            let s = try store.open()
            // One round object for the whole run: it remembers where publishing left off and
            // which peers' checkpoints were already read.
            let round = SyncRound(store: s, clock: now)
            repeat {
                // Whatever the journal holds is published, whoever appended it: `alert raise` from
                // a script while this runs included.
                _ = try? s.refresh()
                let r = round.run()
                s.snapshotIfDue()
                if json {
                    let shape = SyncJSON(r)
                    failed = !shape.ok
                    try printJSON(shape)
                } else {
                    failed = Self.print(r, store: s)
                }
                if !once { Thread.sleep(forTimeInterval: 1) }
            } while !once
        }
        if failed { throw ExitCode(1) }
    }

    /// Prints what a round did (on stdout) and what went wrong (on stderr, each a line
    /// `duty-watch: …`, as every failure of the command line); true when something went wrong.
    static func print(_ r: SyncRound.Report, store: Store) -> Bool {
        func failure(_ text: String) { complain("duty-watch: " + text) }
        if let offline = r.offline {
            failure("offline: \(offline)")
            return true
        }
        for peer in r.newConsoles { Swift.print("new console \(peer): its key is now bound to its name") }
        if r.takenBack > 0 { Swift.print("took back \(r.takenBack) of this console's own records from the share (a store put back from a backup?)") }
        if !r.republished.isEmpty { Swift.print("republished \(r.republished.joined(separator: ", ")) (a good copy of what a peer found damaged or missing)") }
        if r.publishedRecords > 0 {
            Swift.print("published \(r.publishedRecords) records: \(r.published.joined(separator: ", "))")
        }
        for (peer, n) in r.takenIn.sorted(by: { $0.key < $1.key }) { Swift.print("took in \(n) records from \(peer)") }
        for q in r.quarantined { failure("quarantined \(q)") }
        for p in r.problems { failure("problem: \(p)") }
        for w in r.waiting { Swift.print("waiting: \(InertText.line(w))") }
        for c in r.conflicts { failure("CONFLICT: \(c)") }
        if r.publishedRecords == 0 && r.takenBack == 0 && r.republished.isEmpty && r.takenIn.isEmpty && r.quarantined.isEmpty && r.problems.isEmpty && r.conflicts.isEmpty && r.waiting.isEmpty {
            Swift.print("nothing new (published through \(store.position.seq); peers: \(store.peerPositions.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.seq)" }.joined(separator: ", ")))")
        }
        return !r.quarantined.isEmpty || !r.problems.isEmpty || !r.conflicts.isEmpty
    }
}
