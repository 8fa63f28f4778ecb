#if canImport(Glibc)
import Glibc
#endif

/// Seconds from a monotonic clock (not affected by changes to the wall clock), for measuring
/// how long work takes.
public enum MonotonicClock {
    public static func seconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) * 1e-9
    }
}
