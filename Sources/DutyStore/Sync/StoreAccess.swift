import Foundation

/// How a round reaches a store that another thread uses too: a lock held around each touch.
/// Without one (the command line's rounds) the store is touched directly.
public struct StoreAccess: Sendable {
    private let lock: NSLock?

    public init(lock: NSLock? = nil) { self.lock = lock }

    func callAsFunction<T>(_ body: () -> T) -> T {
        lock?.lock()
        defer { lock?.unlock() }
        return body()
    }

    func throwing<T>(_ body: () throws(FileError) -> T) throws(FileError) -> T {
        lock?.lock()
        defer { lock?.unlock() }
        return try body()
    }
}
