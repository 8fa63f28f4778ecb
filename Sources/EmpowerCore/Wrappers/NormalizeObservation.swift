/// Normalizes observations to zero mean and unit variance with running statistics.
///
/// Each observation (from `reset` and `step`) first updates ``statistics`` (unless
/// ``isFrozen``), then is returned as `(x - mean) / sqrt(variance + epsilon)`, optionally
/// clipped to `[-clip, clip]`. Freeze the statistics for evaluation so that evaluating does not
/// change what the policy sees; save them with the model (they are `Codable`) and put them back
/// with ``statistics`` when loading.
///
/// ```swift
/// var env = try NormalizeObservation(Pendulum())
/// _ = try env.reset(seed: 0)
/// // ... train ...
/// let saved = try JSONEncoder().encode(env.statistics)
/// env.isFrozen = true                  // evaluation: statistics no longer move
/// ```
public struct NormalizeObservation<Base: Environment>: EnvironmentWrapper {
    public var base: Base
    /// The running statistics; assign to restore saved ones.
    public var statistics: RunningMeanVariance
    /// When true, observations are normalized but the statistics are not updated.
    public var isFrozen: Bool
    /// Added to the variance before the square root (positive, so a constant coordinate maps to 0).
    public let epsilon: Double
    /// When set, normalized values are clipped to `[-clip, clip]`.
    public let clip: Float?
    public let observationSpace: Space

    /// - Throws: ``EnvironmentError`` `.incompatibleEnvironment` when the observation space is not
    ///   a `Box`; `.invalidArgument` for a non-positive `clip` or `epsilon`.
    public init(_ base: Base, epsilon: Double = 1e-8, clip: Float? = nil, isFrozen: Bool = false) throws(EnvironmentError) {
        guard let box = base.observationSpace.box else {
            throw EnvironmentError(
                .incompatibleEnvironment,
                "NormalizeObservation needs a Box observation space, but \(base.spec.id) has \(base.observationSpace)",
                context: ["environment": base.spec.id, "observationSpace": "\(base.observationSpace)"])
        }
        guard epsilon > 0, clip.map({ $0 > 0 }) ?? true else {
            throw EnvironmentError(
                .invalidArgument, "NormalizeObservation needs epsilon > 0 (it keeps a constant coordinate from dividing by zero) and clip > 0, got epsilon \(epsilon), clip \(clip.map { "\($0)" } ?? "none")",
                context: ["environment": base.spec.id])
        }
        self.base = base
        self.statistics = RunningMeanVariance(size: box.flatSize)
        self.isFrozen = isFrozen
        self.epsilon = epsilon
        self.clip = clip
        let bound = clip ?? .infinity
        do {
            self.observationSpace = .box(try Box(low: -bound, high: bound, shape: box.shape))
        } catch {
            throw EnvironmentError(.invalidArgument, error.message, context: error.context)
        }
    }

    public mutating func reset(seed: UInt64?) throws -> Reset {
        var reset = try base.reset(seed: seed)
        reset.observation = try normalize(reset.observation)
        return reset
    }

    public mutating func step(_ action: [Float]) throws -> Step {
        var step = try base.step(action)
        step.observation = try normalize(step.observation)
        return step
    }

    /// Updates the statistics (unless frozen) and normalizes one observation.
    private mutating func normalize(_ observation: [Float]) throws(EnvironmentError) -> [Float] {
        try checkSize(observation)
        if !isFrozen { statistics.update(observation) }
        return try normalized(observation)
    }

    /// `observation` normalized with the current statistics, without updating them.
    /// - Throws: `.incompatibleEnvironment` when its length differs from the statistics' size.
    public func normalized(_ observation: [Float]) throws(EnvironmentError) -> [Float] {
        try checkSize(observation)
        var result = observation
        let count = statistics.count
        for i in result.indices {
            let variance = count > 0 ? statistics.sumOfSquaredDeviations[i] / count : 1
            var value = Float((Double(result[i]) - statistics.mean[i]) / (variance + epsilon).squareRoot())
            if let clip { value = Swift.min(Swift.max(value, -clip), clip) }
            result[i] = value
        }
        return result
    }

    private func checkSize(_ observation: [Float]) throws(EnvironmentError) {
        guard observation.count == statistics.size else {
            throw EnvironmentError(
                .incompatibleEnvironment,
                "NormalizeObservation over \(base.spec.id) has statistics for \(statistics.size) floats but got an observation of \(observation.count); the statistics may come from another environment",
                context: ["environment": base.spec.id, "expected": "\(statistics.size)", "given": "\(observation.count)"])
        }
    }
}
