import EmpowerBase
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Shows the progress of long work: steps done out of the total, percent, steps per second,
/// time left, and a few key metrics.
///
/// On a terminal, one line is redrawn in place (`\r`, then "clear to end of line") at most a
/// few times per second:
///
///     [ 12000/100000  12.0%]  1234 steps/s  ETA 1m11s  episode_return=-12.3  accuracy=0.85
///
/// Elsewhere (a log file, CI), a plain line is written every `interval` seconds (10 by
/// default) or every 5% of the total, whichever comes first, so logs stay short.
///
/// The rate is measured since the previous line (so it follows slowdowns), the ETA extrapolates
/// it to the remaining steps. The clock is injected (`clock` returns seconds) so tests are exact.
///
/// ```swift
/// var progress = ProgressReporter(totalSteps: 100_000, isTerminal: ProgressReporter.standardErrorIsTerminal,
///                                 write: { text in fputs(text, stderr) })
/// progress.update(step: step, metrics: record)
/// progress.finish()
/// ```
public struct ProgressReporter {
    /// The step at which the work is done.
    public let totalSteps: Int
    /// Whether to redraw one line in place (terminal) or write plain lines.
    public let isTerminal: Bool
    /// Seconds between plain lines when not on a terminal.
    public let interval: Double
    /// Metrics shown, in order, by the part of the key after its last '/'.
    public var shownMetrics: [String]

    private let write: (String) -> Void
    private let clock: () -> Double
    private var lastTime: Double
    private var lastStep: Int
    private var lastLineTime: Double
    private var lastLineStep: Int
    private var rate: Double = 0
    private var latestMetrics: MetricsRecord?
    private var currentStep: Int
    private var hasDrawn = false

    /// Metrics shown by default when present in the record.
    public static let defaultShownMetrics = [
        "rollout/episode_return", "skills/accuracy", "skills/intrinsic_reward", "train/critic_loss", "train/actor_loss",
    ]

    /// Seconds between terminal redraws.
    static let redrawInterval = 0.2

    /// - Parameters:
    ///   - totalSteps: the step at which the work is done.
    ///   - initialStep: the step the work starts at (a resumed run's checkpoint step).
    ///   - isTerminal: redraw in place (see ``standardErrorIsTerminal``) or write plain lines.
    ///   - write: receives the text, newlines and control sequences included.
    ///   - interval: seconds between plain lines (not on a terminal).
    ///   - clock: the current time in seconds (a monotonic clock by default).
    public init(
        totalSteps: Int, initialStep: Int = 0, isTerminal: Bool, write: @escaping (String) -> Void,
        interval: Double = 10, clock: @escaping () -> Double = ProgressReporter.monotonicSeconds,
        shownMetrics: [String] = ProgressReporter.defaultShownMetrics
    ) {
        self.totalSteps = max(totalSteps, 1)
        self.isTerminal = isTerminal
        self.write = write
        self.interval = interval
        self.clock = clock
        self.shownMetrics = shownMetrics
        let now = clock()
        lastTime = now
        lastLineTime = now
        lastStep = initialStep
        lastLineStep = initialStep
        currentStep = initialStep
    }

    /// Reports that `step` steps are done; `metrics`, when given, become the latest shown.
    /// Writes only when a line is due (see the type's notes). Cost: a clock read, and a line
    /// format when one is due.
    public mutating func update(step: Int, metrics: MetricsRecord? = nil) {
        if let metrics {
            // A periodic evaluation's `eval/...` values stay shown until the next evaluation.
            var merged = metrics
            for (key, value) in latestMetrics?.values ?? [] where key.hasPrefix("eval/") && merged[key] == nil { merged.set(key, value) }
            latestMetrics = merged
        }
        currentStep = step
        let now = clock()
        if isTerminal {
            guard now - lastTime >= ProgressReporter.redrawInterval || !hasDrawn else { return }
            measure(now: now, step: step)
            write("\r" + line() + "\u{1B}[K")
            hasDrawn = true
        } else {
            let fivePercent = max(totalSteps / 20, 1)
            guard now - lastLineTime >= interval || step - lastLineStep >= fivePercent else { return }
            measure(now: now, step: step)
            write(line() + "\n")
            lastLineTime = now
            lastLineStep = step
        }
    }

    /// Writes the final state and ends the line.
    public mutating func finish() {
        measure(now: clock(), step: currentStep)
        if isTerminal {
            write("\r" + line() + "\u{1B}[K\n")
        } else if currentStep != lastLineStep {
            // Plain lines: the last step was not printed yet.
            write(line() + "\n")
        }
    }

    private mutating func measure(now: Double, step: Int) {
        let elapsed = now - lastTime
        if elapsed > 0, step > lastStep { rate = Double(step - lastStep) / elapsed }
        if elapsed > 0 || step != lastStep {
            lastTime = now
            lastStep = step
        }
    }

    /// The progress line for the current state, without control characters.
    func line() -> String {
        let width = String(totalSteps).count
        let stepText = String(currentStep)
        let percent = min(max(Double(currentStep) / Double(totalSteps) * 100, 0), 100)
        var parts = ["[\(String(repeating: " ", count: max(0, width - stepText.count)))\(stepText)/\(totalSteps) \(ProgressReporter.formatPercent(percent))]"]
        parts.append("\(ProgressReporter.formatRate(rate)) steps/s")
        let remaining = max(totalSteps - currentStep, 0)
        parts.append("ETA " + (rate > 0 ? ProgressReporter.formatDuration(Double(remaining) / rate) : "--"))
        if let latestMetrics {
            for key in shownMetrics {
                guard let value = latestMetrics[key] else { continue }
                parts.append("\(ProgressReporter.shownName(key))=\(ProgressReporter.formatMetric(value))")
            }
        }
        return parts.joined(separator: "  ")
    }

    // MARK: Formatting

    /// A metric's name on the progress line: its last component (`skills/accuracy` ->
    /// `accuracy`); `fresh_` before an evaluation on fresh rollouts (`eval/accuracy` ->
    /// `fresh_accuracy`); a SLIM channel's return by its channel (`slim/reach/return` ->
    /// `reach_return`).
    static func shownName(_ key: String) -> String {
        let parts = key.split(separator: "/").map(String.init)
        guard let last = parts.last else { return key }
        if parts.first == "eval" { return "fresh_" + last }
        if parts.first == "slim", parts.count == 3 { return parts[1] + "_" + last }
        return last
    }

    /// A duration as `42s`, `3m05s` or `1h02m` (hours grow past 24: `50h00m`).
    public static func formatDuration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "--" }
        let total = Int(seconds.rounded())
        if total < 60 { return "\(total)s" }
        if total < 3600 { return "\(total / 60)m" + twoDigits(total % 60) + "s" }
        let minutes = total / 60
        return "\(minutes / 60)h" + twoDigits(minutes % 60) + "m"
    }

    /// A percentage with one decimal, right-aligned to six characters (`  5.0%`, `100.0%`).
    static func formatPercent(_ percent: Double) -> String {
        let tenths = Int((percent * 10).rounded())
        let text = "\(tenths / 10).\(tenths % 10)%"
        return String(repeating: " ", count: max(0, 6 - text.count)) + text
    }

    /// A rate: whole numbers from 100 up, one decimal below (`1234`, `12.5`).
    static func formatRate(_ rate: Double) -> String {
        guard rate.isFinite else { return "--" }
        if rate >= 100 { return String(Int(rate.rounded())) }
        let tenths = Int((rate * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    /// A metric with about four significant digits (`-12.35`, `0.8512`, `1.23e+05`).
    static func formatMetric(_ value: Double) -> String {
        guard value.isFinite else { return "\(value)" }
        let magnitude = abs(value)
        if magnitude != 0, magnitude < 1e-3 || magnitude >= 1e5 {
            let exponent = Int(log10(magnitude).rounded(.down))
            let mantissa = value / pow(10, Double(exponent))
            return fixed(mantissa, decimals: 2) + "e" + (exponent < 0 ? "-" : "+") + twoDigits(abs(exponent))
        }
        let decimals = magnitude >= 1000 ? 0 : magnitude >= 100 ? 1 : magnitude >= 10 ? 2 : magnitude >= 1 ? 3 : 4
        return fixed(value, decimals: decimals)
    }

    static func fixed(_ value: Double, decimals: Int) -> String {
        let scale = pow(10, Double(decimals))
        let scaled = Int((abs(value) * scale).rounded())
        let whole = scaled / Int(scale)
        let sign = value < 0 && scaled != 0 ? "-" : ""
        guard decimals > 0 else { return sign + "\(whole)" }
        let fraction = String(scaled % Int(scale))
        return sign + "\(whole)." + String(repeating: "0", count: max(0, decimals - fraction.count)) + fraction
    }

    static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    // MARK: Environment

    /// Seconds from a monotonic clock (not affected by changes to the wall clock).
    public static func monotonicSeconds() -> Double { MonotonicClock.seconds() }

    /// Whether standard error is a terminal (where progress is usually written).
    public static var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) != 0 }

    /// Whether standard output is a terminal.
    public static var standardOutputIsTerminal: Bool { isatty(STDOUT_FILENO) != 0 }
}
