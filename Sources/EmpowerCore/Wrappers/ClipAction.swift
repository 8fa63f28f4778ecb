/// Clips every action element into the base environment's `Box` bounds before stepping, so a
/// policy with unbounded outputs (a plain Gaussian) can act.
///
/// The wrapper's action space is the unbounded box of the same shape. NaN is not clipped (it
/// is passed through and rejected by the base as `.nonFiniteAction`).
///
/// ```swift
/// var env = try ClipAction(Pendulum())
/// _ = try env.reset(seed: 0)
/// _ = try env.step([7])            // the pendulum receives 2
/// ```
public struct ClipAction<Base: Environment>: EnvironmentWrapper {
    public var base: Base
    public let actionSpace: Space
    private let low: [Float]
    private let high: [Float]

    /// - Throws: ``EnvironmentError`` `.incompatibleEnvironment` when the base action space is not a `Box`.
    public init(_ base: Base) throws(EnvironmentError) {
        guard let box = base.actionSpace.box else {
            throw EnvironmentError(
                .incompatibleEnvironment, "ClipAction needs a Box action space, but \(base.spec.id) has \(base.actionSpace)",
                context: ["environment": base.spec.id, "actionSpace": "\(base.actionSpace)"])
        }
        self.base = base
        self.low = box.low
        self.high = box.high
        do {
            self.actionSpace = .box(try Box(low: -.infinity, high: .infinity, shape: box.shape))
        } catch {
            throw EnvironmentError(.invalidArgument, error.message, context: error.context)
        }
    }

    public mutating func step(_ action: [Float]) throws -> Step {
        guard action.count == low.count else {
            return try base.step(action)  // the base reports the wrong length with its own name
        }
        var clipped = action
        for i in clipped.indices {
            let x = clipped[i]
            // Written with comparisons so that NaN falls through unchanged.
            clipped[i] = x < low[i] ? low[i] : (x > high[i] ? high[i] : x)
        }
        return try base.step(clipped)
    }
}
