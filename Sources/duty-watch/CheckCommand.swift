import DutyCore
import ArgumentParser
import DutyStore

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Verify the journal's hash chain, the snapshots and the config; list every problem.")

    @OptionGroup var store: StoreOption
    @Flag(help: "Also print `digest: <hex>` of the folded state (equal states, equal digests).")
    var digest = false
    @Flag(help: "Print JSON (shape in the README).") var json = false

    func run() throws {
        try runReporting {
            let report = Store.check(root: try store.path(), fs: RealFileSystem())
            if json {
                try printJSON(CheckJSON(report, digest: digest))
                if !report.isClean { throw ExitCode(1) }
                return
            }
            for n in report.notes { print(InertText.line("note: \(n)")) }
            for p in report.problems { print(InertText.line("problem: \(p)")) }
            if report.isClean {
                // The store may be unreadable (no config): then English, as its problems are.
                let w = (try? Store.readConfig(root: try store.path(), fs: RealFileSystem())).map(\.language) ?? .en
                print(w.pick("完好：\(report.records) 条记录，核对了 \(report.snapshotsChecked) 个快照",
                             "ok: \(report.records) records, \(report.snapshotsChecked) snapshots checked"))
            }
            if digest, let d = report.digest { print("digest: \(d)") }
            if !report.isClean { throw ExitCode(1) }
        }
    }
}
