import ArgumentParser
import DutyCore
import DutyStore
import Foundation

/// For the crash test: appends one op at a time and reports each sequence number only after it
/// is fsynced, so a parent that kills this process can check that nothing reported was lost.
struct StressAppendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stress-append", shouldDisplay: false)

    @OptionGroup var store: StoreOption
    @Option var count = 1000

    func run() throws {
        try runReporting {
            let s = try store.open()
            for i in 0..<count {
                let id = "STRESS-\(s.node)-\(s.position.seq + 1)-\(i)"
                let records = try s.append([.alertRaised(AlertContent(
                    id: id, source: "stress", kind: "test", level: .blue,
                    title: "写入测试 \(i)", body: String(repeating: "积水", count: i % 50), street: "海珠区"))],
                    actor: "stress", at: now())
                // Unbuffered: a line printed is a record on disk, even if the next instant is SIGKILL.
                FileHandle.standardOutput.write(Data("saved \(records[0].seq)\n".utf8))
            }
        }
    }
}
