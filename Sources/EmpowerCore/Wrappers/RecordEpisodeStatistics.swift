/// Adds the episode return and length to the info of the step that ends an episode.
///
/// ```swift
/// var env = RecordEpisodeStatistics(try PointMass(goal: [0.5, 0.5]))
/// _ = try env.reset(seed: 0)
/// var step = try env.step([1, 1])
/// while !step.isDone { step = try env.step([1, 1]) }
/// step.info.episode?.episodeReturn     // the sum of the 100 rewards
/// step.info.episode?.length            // 100
/// ```
/// The return is accumulated in `Double`. ``episodeCount`` counts finished episodes.
public struct RecordEpisodeStatistics<Base: Environment>: EnvironmentWrapper {
    public var base: Base
    /// The return of the current episode so far.
    public private(set) var episodeReturn: Double = 0
    /// The length of the current episode so far.
    public private(set) var episodeLength = 0
    /// The number of episodes finished since this wrapper was created.
    public private(set) var episodeCount = 0

    public init(_ base: Base) {
        self.base = base
    }

    public mutating func reset(seed: UInt64?) throws -> Reset {
        let reset = try base.reset(seed: seed)
        episodeReturn = 0
        episodeLength = 0
        return reset
    }

    public mutating func step(_ action: [Float]) throws -> Step {
        var step = try base.step(action)
        episodeReturn += Double(step.reward)
        episodeLength += 1
        if step.isDone {
            step.info.episode = EpisodeStatistics(episodeReturn: episodeReturn, length: episodeLength)
            episodeCount += 1
        }
        return step
    }

    private struct State: Sendable {
        var episodeReturn: Double
        var episodeLength: Int
    }

    public func snapshot() throws -> EnvironmentSnapshot {
        EnvironmentSnapshot(
            environmentID: spec.id,
            payload: WrapperSnapshot(base: try base.snapshot(), state: State(episodeReturn: episodeReturn, episodeLength: episodeLength)))
    }

    public mutating func restore(_ snapshot: EnvironmentSnapshot) throws {
        let saved = try snapshot.payload(as: WrapperSnapshot<State>.self, for: "RecordEpisodeStatistics(\(spec.id))")
        try base.restore(saved.base)
        episodeReturn = saved.state.episodeReturn
        episodeLength = saved.state.episodeLength
    }
}
