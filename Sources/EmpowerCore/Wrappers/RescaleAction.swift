/// Lets a policy act in `[minimum, maximum]` (typically [-1, 1], what a tanh policy outputs)
/// while the base environment receives actions in its own bounded `Box`.
///
/// Each element is mapped affinely: `low + (a - minimum) · (high - low) / (maximum - minimum)`,
/// so `minimum` goes to `low` and `maximum` to `high`. Values outside are mapped by the same
/// formula (the base decides whether to clip); NaN stays NaN and the base rejects it.
///
/// ```swift
/// var env = try RescaleAction(Pendulum(), minimum: -1, maximum: 1)
/// _ = try env.reset(seed: 0)
/// _ = try env.step([0.5])          // a torque of 1.0 for the pendulum
/// ```
public struct RescaleAction<Base: Environment>: EnvironmentWrapper {
    public var base: Base
    public let actionSpace: Space
    private let offset: [Float]
    private let scale: [Float]
    private let minimum: Float

    /// - Throws: ``EnvironmentError`` `.incompatibleEnvironment` when the base action space is not
    ///   a `Box` bounded on every element; `.invalidArgument` unless `minimum < maximum`, both finite.
    public init(_ base: Base, minimum: Float = -1, maximum: Float = 1) throws(EnvironmentError) {
        guard let box = base.actionSpace.box, box.isBounded else {
            throw EnvironmentError(
                .incompatibleEnvironment,
                "RescaleAction needs a bounded Box action space, but \(base.spec.id) has \(base.actionSpace)",
                context: ["environment": base.spec.id, "actionSpace": "\(base.actionSpace)"])
        }
        guard minimum.isFinite, maximum.isFinite, minimum < maximum else {
            throw EnvironmentError(
                .invalidArgument, "RescaleAction needs finite minimum < maximum, got [\(minimum), \(maximum)]",
                context: ["environment": base.spec.id, "minimum": "\(minimum)", "maximum": "\(maximum)"])
        }
        self.base = base
        self.minimum = minimum
        self.offset = box.low
        self.scale = zip(box.low, box.high).map { ($1 - $0) / (maximum - minimum) }
        do {
            self.actionSpace = .box(try Box(low: minimum, high: maximum, shape: box.shape))
        } catch {
            // Unreachable: the bounds were validated above and the shape comes from a valid Box.
            throw EnvironmentError(.invalidArgument, error.message, context: error.context)
        }
    }

    public mutating func step(_ action: [Float]) throws -> Step {
        try EnvironmentError.validateAction(action, count: scale.count, environment: "RescaleAction(\(base.spec.id))")
        var mapped = action
        for i in mapped.indices { mapped[i] = offset[i] + (mapped[i] - minimum) * scale[i] }
        return try base.step(mapped)
    }
}
