#if canImport(Glibc)
import Glibc
#endif
import DutyCore

/// The machine's own clock, as file systems stamp files with it: what a file's age, or how long
/// ago something was last seen here, is measured against. Passed in where it is read, so a test
/// can run time as it likes.
public enum MachineClock {
    public static func now() -> Instant {
        var t = timespec()
        clock_gettime(CLOCK_REALTIME, &t)
        return Instant(ms: Int64(t.tv_sec) * 1000 + Int64(t.tv_nsec) / 1_000_000)
    }
}
