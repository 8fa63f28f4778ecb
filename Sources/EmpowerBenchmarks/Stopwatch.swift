import EmpowerBase

/// Monotonic time in seconds, for benchmarks.
public enum Stopwatch {
    public static func now() -> Double { MonotonicClock.seconds() }

    /// Runs `body` `repetitions` times per sample and returns the time per repetition of every
    /// sample, in seconds.
    public static func sample(samples: Int, repetitions: Int, _ body: () -> Void) -> [Double] {
        var times: [Double] = []
        times.reserveCapacity(samples)
        for _ in 0..<samples {
            let start = now()
            for _ in 0..<repetitions { body() }
            times.append((now() - start) / Double(repetitions))
        }
        return times
    }
}

/// Order statistics of timing samples.
public struct TimingSummary: Sendable {
    public let best: Double
    public let median: Double
    public let samples: Int

    public init(_ times: [Double]) {
        let sorted = times.sorted()
        best = sorted.first ?? .nan
        median = sorted.isEmpty ? .nan : sorted[sorted.count / 2]
        samples = sorted.count
    }
}
