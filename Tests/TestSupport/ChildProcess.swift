import Foundation

/// What a child process left when it ended.
public struct ChildExit: Sendable {
    public var status: Int32
    public var out: Data
    public var err: Data
}

/// Runs `executable` to its end and reads its output whole (stdout first, then stderr: a child
/// that writes more than a pipe holds to stderr before it ends would wait forever).
public func runChild(_ executable: URL, _ arguments: [String], environment: [String: String]? = nil) throws -> ChildExit {
    let p = Process()
    p.executableURL = executable
    p.arguments = arguments
    if let environment { p.environment = environment }
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return ChildExit(status: p.terminationStatus, out: o, err: e)
}
