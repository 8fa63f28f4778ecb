import EmpowerBase

/// Data-parallel training: while ``averaging(over:_:)`` runs its body, every ``Adam`` step
/// first replaces each gradient by its mean over the ranks of a ``ProcessGroup``, all of the
/// optimizer's parameters in one fused buffer (one collective per optimizer step).
///
/// The ranks start from the same parameters and apply the same averaged gradients, so they
/// hold the same parameters after every step, bit for bit. Outside ``averaging(over:_:)``
/// (evaluation, planning, a plain single-process run) nothing is averaged.
///
/// ```swift
/// try DataParallel.averaging(over: group) {
///     try trainer.advance()          // every optimizer step inside averages over the ranks
/// }
/// ```
///
/// Cost per optimizer step: a copy of the gradients into the fused buffer and back, and one
/// sum of 4 x (parameter count) bytes over the ranks (``ProcessGroup/sumIdentically(_:)``).
/// Optimizer steps taken on several threads at once must not average at the same time: the
/// callers run them one after the other while a group is active.
public enum DataParallel {
    /// The group of the running ``averaging(over:_:)``. Set and read only by the thread that
    /// trains (and the worker threads it waits for).
    nonisolated(unsafe) private static var active: (any ProcessGroup)?
    nonisolated(unsafe) private static var statistics = Statistics()

    /// Time and volume of the sums made so far (for the metrics and `empower bench`).
    public struct Statistics: Sendable, Equatable {
        /// Collective sums made.
        public var sums = 0
        /// Floats summed, over every sum.
        public var floats = 0
        /// Seconds spent in the sums (waiting for slower ranks included).
        public var seconds = 0.0
        public init() {}
    }

    /// The group every optimizer step averages over now (nil outside data-parallel training,
    /// and for a group of one).
    public static var current: (any ProcessGroup)? { active }

    /// What has been summed so far in this process.
    public static var totals: Statistics { statistics }

    /// Runs `body` with every optimizer step averaging its gradients over `group` (a group of
    /// one, or nil, averages nothing).
    public static func averaging<T>(over group: (any ProcessGroup)?, _ body: () throws -> T) rethrows -> T {
        guard let group, group.size > 1 else { return try body() }
        let previous = active
        active = group
        defer { active = previous }
        return try body()
    }

    /// Replaces every parameter's gradient with its mean over `group`, through `fused`.
    static func averageGradients(_ parameters: [Parameter], over group: any ProcessGroup, fused: inout [Float]) {
        let count = parameters.reduce(0) { $0 + $1.gradient.elementCount }
        if fused.count != count { fused = [Float](repeating: 0, count: count) }
        fused.withUnsafeMutableBufferPointer { buffer in
            var offset = 0
            for parameter in parameters {
                parameter.gradient.withUnsafeBufferPointer { gradient in
                    (buffer.baseAddress! + offset).update(from: gradient.baseAddress!, count: gradient.count)
                    offset += gradient.count
                }
            }
            sum(buffer, over: group)
            let scale = 1 / Float(group.size)
            offset = 0
            for parameter in parameters {
                parameter.gradient.makeUnique()
                parameter.gradient.withUnsafeMutableBufferPointer { gradient in
                    for index in gradient.indices { gradient[index] = buffer[offset + index] * scale }
                    offset += gradient.count
                }
            }
        }
    }

    /// The mean of `value` over the active group's ranks (`value` itself outside
    /// ``averaging(over:_:)``): for a learned quantity that is not a gradient, such as a dual
    /// variable's step.
    public static func mean(_ value: Float) -> Float {
        guard let group = active else { return value }
        var sum = value
        withUnsafeMutablePointer(to: &sum) { DataParallel.sum(UnsafeMutableBufferPointer(start: $0, count: 1), over: group) }
        return sum / Float(group.size)
    }

    private static func sum(_ values: UnsafeMutableBufferPointer<Float>, over group: any ProcessGroup) {
        let started = MonotonicClock.seconds()
        group.sumIdentically(values)
        statistics.sums += 1
        statistics.floats += values.count
        statistics.seconds += MonotonicClock.seconds() - started
    }
}
