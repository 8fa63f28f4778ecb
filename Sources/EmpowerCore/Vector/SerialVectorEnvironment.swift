/// N environments stepped one after the other on the calling thread.
///
/// The reference implementation of ``VectorEnvironment`` (see it for the batch layout,
/// autoreset and errors). Env i is seeded with `Seed.derive(master, stream: "env", index: i)`
/// when ``reset(seed:)`` gets a master seed.
///
/// ```swift
/// var envs = try SerialVectorEnvironment(count: 8) { _ in try PointMass() }
/// var batch = try envs.reset(seed: 42).observations            // 8 x 2 floats
/// let step = try envs.step([Float](repeating: 1, count: 8 * 2))
/// if step.isDone(3) { let last = step.finalObservations[3] }   // the true final observation
/// ```
public struct SerialVectorEnvironment<E: Environment>: VectorEnvironment {
    private var batch: VectorBatch<E>

    /// Creates `count` environments with `make(i)`; each must be independent of the others.
    /// - Throws: `.invalidArgument` when `count <= 0`, `.incompatibleEnvironment` when the copies'
    ///   spaces differ, or what `make` throws.
    public init(count: Int, make: (Int) throws -> E) throws {
        batch = try VectorBatch(count: count, make: make)
    }

    public var count: Int { batch.count }
    public var spec: EnvironmentSpec { batch.spec }
    public var singleObservationSpace: Space { batch.observationSpace }
    public var singleActionSpace: Space { batch.actionSpace }
    /// The environments, in order.
    public var environments: [E] { batch.environments }

    public var episodeIndices: [Int] { batch.episodeCounts.map { $0 - 1 } }

    public mutating func replayEpisodes(master: UInt64, episodes: [Int], actions: [[Float]]) throws -> [Float] {
        try batch.replayEpisodes(master: master, episodes: episodes, actions: actions)
    }

    public mutating func reset(seed: UInt64?) throws -> VectorReset {
        let layout = batch.layout
        let count = batch.count
        var environments = batch.environments
        batch.environments = []
        defer { batch.environments = environments }
        let result = try VectorBatch<E>.collect(count: count, observationSize: layout.observationSize) { output in
            for i in 0..<count {
                do {
                    try VectorBatch.reset(&environments[i], index: i, seed: VectorBatch<E>.seed(for: i, master: seed), layout: layout, into: output)
                } catch {
                    output.errors[i] = error
                }
            }
        }
        batch.recordReset(seed: seed, count: result.rewards.count)
        return VectorReset(observations: result.observations, infos: result.infos)
    }

    public mutating func step(_ actions: [Float]) throws -> VectorStep {
        try batch.checkActions(actions)
        let seeds = batch.nextEpisodeSeeds
        let layout = batch.layout
        let count = batch.count
        var environments = batch.environments
        batch.environments = []
        defer { batch.environments = environments }
        let result = try actions.withUnsafeBufferPointer { actions in
            try VectorBatch<E>.collect(count: count, observationSize: layout.observationSize) { output in
                for i in 0..<count {
                    do {
                        try VectorBatch.step(&environments[i], index: i, actions: actions, resetSeed: seeds[i], layout: layout, into: output)
                    } catch {
                        output.errors[i] = error
                    }
                }
            }
        }
        batch.recordStep(result)
        return result
    }
}
