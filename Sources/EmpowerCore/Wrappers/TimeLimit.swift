/// Truncates episodes after a fixed number of steps.
///
/// The step that reaches the limit returns `isTruncated = true` (unless it terminated, which
/// wins: a terminal state is never reported as truncated); a further `step` throws
/// `.stepAfterEpisodeEnd`. The base's own limit still applies; ``spec`` reports the smaller one.
///
/// ```swift
/// var env = try TimeLimit(Pendulum(), maxEpisodeSteps: 50)
/// _ = try env.reset(seed: 1)
/// for _ in 1..<50 { _ = try env.step([0]) }     // not truncated
/// try env.step([0]).isTruncated                 // true: the 50th step
/// ```
public struct TimeLimit<Base: Environment>: EnvironmentWrapper {
    public var base: Base
    /// The step at which episodes are truncated.
    public let maxEpisodeSteps: Int
    private var tracker: EpisodeTracker

    /// - Throws: ``EnvironmentError`` `.invalidArgument` when `maxEpisodeSteps <= 0`.
    public init(_ base: Base, maxEpisodeSteps: Int) throws(EnvironmentError) {
        guard maxEpisodeSteps > 0 else {
            throw EnvironmentError(
                .invalidArgument, "TimeLimit over \(base.spec.id): maxEpisodeSteps must be positive, got \(maxEpisodeSteps)",
                context: ["environment": base.spec.id, "maxEpisodeSteps": "\(maxEpisodeSteps)"])
        }
        self.base = base
        self.maxEpisodeSteps = maxEpisodeSteps
        self.tracker = EpisodeTracker(maxEpisodeSteps: maxEpisodeSteps)
    }

    /// Steps taken in the current episode.
    public var elapsedSteps: Int { tracker.elapsedSteps }

    public var spec: EnvironmentSpec {
        var spec = base.spec
        spec.maxEpisodeSteps = Swift.min(spec.maxEpisodeSteps ?? maxEpisodeSteps, maxEpisodeSteps)
        return spec
    }

    public mutating func reset(seed: UInt64?) throws -> Reset {
        let reset = try base.reset(seed: seed)
        tracker.beginEpisode()
        return reset
    }

    public mutating func step(_ action: [Float]) throws -> Step {
        try tracker.checkCanStep(environment: base.spec.id)
        var step = try base.step(action)
        step.isTruncated = tracker.endStep(isTerminated: step.isTerminated, isTruncated: step.isTruncated)
        return step
    }

    public func snapshot() throws -> EnvironmentSnapshot {
        EnvironmentSnapshot(environmentID: spec.id, payload: WrapperSnapshot(base: try base.snapshot(), state: tracker))
    }

    public mutating func restore(_ snapshot: EnvironmentSnapshot) throws {
        let saved = try snapshot.payload(as: WrapperSnapshot<EpisodeTracker>.self, for: "TimeLimit(\(spec.id))")
        try base.restore(saved.base)
        tracker = saved.state
    }
}
