import ArgumentParser
import DutyCore
import DutyStore
import Foundation

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "init", abstract: "Create a store (optionally filled with demo data).")

    @OptionGroup var store: StoreOption
    @Flag(help: "Fill the store with a realistic demo: streets, hazard points, checklists, a 15-day roster, contacts, alerts.")
    var demo = false
    @Option(help: "This console's node name (letters, digits, - and _).")
    var node: String?
    @Option(help: "A shared directory to exchange journals with other consoles through (joins an existing store too).")
    var shared: String?
    @Option(help: "With --demo: the moment the demo's afternoon ends, ISO 8601 (default now); the same moment gives the same store.")
    var at: String?

    func run() throws {
        try runReporting {
            let path = try store.path()
            guard demo || at == nil else { throw CLIError("--at is for --demo: it says when the demo's story ends") }
            let fs = RealFileSystem()
            let name = node ?? defaultNodeName()
            let exists = fs.exists(path + "/config.toml")
            if !(exists && shared != nil && !demo) {
                do {
                    try Store.create(at: path, node: name, fs: fs)
                } catch {
                    throw CLIError("\(error)")
                }
            }
            if let shared {
                let absolute = shared.hasPrefix("/") ? shared : FileManager.default.currentDirectoryPath + "/" + shared
                do {
                    let id = try Store.join(root: path, shared: absolute, fs: fs)
                    print("joined \(absolute) (cluster \(id))")
                } catch {
                    throw CLIError("\(error)")
                }
            }
            guard demo else {
                if !exists { print("created store \(path) (node \(name))") }
                return
            }
            let s = try store.open()
            let moment = try at.map { try parseInstant($0, s.calendar) } ?? now()
            let entries = DemoData.entries(now: moment, calendar: s.calendar)
            try s.append(entries)
            try s.writeSnapshot()
            print("created demo store \(path) (node \(name)): \(entries.count) records")
        }
    }

    private func defaultNodeName() -> String {
        let host = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "console"
        let cleaned = String(host.unicodeScalars.filter { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-") }.prefix(40))
        return cleaned.isEmpty ? "console" : cleaned
    }
}
