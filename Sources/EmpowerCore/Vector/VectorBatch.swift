/// The shared machinery of the serial and threaded vector environments: the environments,
/// the sizes, and how one environment is reset or stepped into its slot of the layout.
///
/// Both vector environments call exactly these functions, so their results are bit-identical;
/// they differ only in which thread runs which index.
struct VectorBatch<E: Environment> {
    var environments: [E]
    let spec: EnvironmentSpec
    let observationSpace: Space
    let actionSpace: Space
    let observationSize: Int
    let actionSize: Int

    init(count: Int, make: (Int) throws -> E) throws {
        guard count > 0 else {
            throw EnvironmentError(
                .invalidArgument, "a vector environment needs at least one environment, got \(count)",
                context: ["count": "\(count)"])
        }
        var environments: [E] = []
        environments.reserveCapacity(count)
        for i in 0..<count { environments.append(try make(i)) }
        let first = environments[0]
        for (i, env) in environments.enumerated()
        where env.observationSpace != first.observationSpace || env.actionSpace != first.actionSpace {
            throw EnvironmentError(
                .incompatibleEnvironment,
                "vector environment copies must share their spaces, but env \(i) (\(env.spec.id)) has \(env.observationSpace) / \(env.actionSpace) and env 0 has \(first.observationSpace) / \(first.actionSpace)",
                context: ["index": "\(i)", "environment": env.spec.id])
        }
        self.environments = environments
        self.spec = first.spec
        self.observationSpace = first.observationSpace
        self.actionSpace = first.actionSpace
        self.observationSize = first.observationSpace.flatSize
        self.actionSize = first.actionSpace.flatSize
        self.nextEpisodeSeeds = Array(repeating: nil, count: count)
    }

    var count: Int { environments.count }

    static func seed(for index: Int, master: UInt64?) -> UInt64? {
        master.map { Seed.derive($0, stream: "env", index: UInt64(index)) }
    }

    /// The master seed of the last `reset(seed:)` (nil when it had none).
    private(set) var episodeMaster: UInt64?
    /// Episodes started by each env since the last `reset(seed:)`, the first included.
    private(set) var episodeCounts: [Int] = []
    /// The seed each env would autoreset with if its episode ended in the next step; kept up to
    /// date as episodes start, so a step does not derive `count` seeds.
    private(set) var nextEpisodeSeeds: [UInt64?] = []

    /// The seed of episode `episode` (0 = the one `reset(seed:)` starts) of env `index`:
    /// `Seed.derive(master, stream: "env", index: i)` for the first, then
    /// `Seed.derive(that, stream: "episode", index: episode)`. Nil without a master seed.
    static func seed(for index: Int, episode: Int, master: UInt64?) -> UInt64? {
        guard let first = seed(for: index, master: master) else { return nil }
        return episode == 0 ? first : Seed.derive(first, stream: "episode", index: UInt64(episode))
    }

    /// Called after a reset (the environments may be checked out of `environments` then, so
    /// the count comes from the result).
    mutating func recordReset(seed: UInt64?, count: Int) {
        episodeMaster = seed
        episodeCounts = Array(repeating: 1, count: count)
        nextEpisodeSeeds = (0..<count).map { VectorBatch.seed(for: $0, episode: 1, master: seed) }
    }

    /// See ``VectorEnvironment/replayEpisodes(master:episodes:actions:)``.
    mutating func replayEpisodes(master: UInt64, episodes: [Int], actions: [[Float]]) throws -> [Float] {
        guard episodes.count == count, actions.count == count else {
            throw EnvironmentError(
                .invalidArgument,
                "replaying \(count) environments needs \(count) episode indices and \(count) action lists, got \(episodes.count) and \(actions.count)",
                context: ["environment": spec.id])
        }
        var observations = [Float](repeating: 0, count: count * observationSize)
        for i in 0..<count {
            guard episodes[i] >= 0, actions[i].count % max(actionSize, 1) == 0 else {
                throw EnvironmentError(
                    .invalidArgument,
                    "env \(i): episode \(episodes[i]) with \(actions[i].count) action floats cannot be replayed (actions come in groups of \(actionSize))",
                    context: ["environment": spec.id, "index": "\(i)"])
            }
            var observation = try environments[i].reset(seed: VectorBatch.seed(for: i, episode: episodes[i], master: master)).observation
            var start = 0
            while start < actions[i].count {
                let step = try environments[i].step(Array(actions[i][start ..< start + actionSize]))
                observation = step.observation
                start += actionSize
                if step.isDone, start < actions[i].count {
                    throw EnvironmentError(
                        .invalidArgument,
                        "env \(i): the replayed episode ended after \(start / actionSize) of \(actions[i].count / actionSize) actions; the environment is not deterministic under its seed (run checkEnvironment on it)",
                        context: ["environment": spec.id, "index": "\(i)"])
                }
            }
            try layout.check(observation, index: i)
            for j in 0..<observationSize { observations[i * observationSize + j] = observation[j] }
        }
        episodeMaster = master
        episodeCounts = episodes.map { $0 + 1 }
        nextEpisodeSeeds = (0..<count).map { VectorBatch.seed(for: $0, episode: episodeCounts[$0], master: master) }
        return observations
    }

    mutating func recordStep(_ step: VectorStep) {
        if episodeCounts.count != step.rewards.count { recordReset(seed: episodeMaster, count: step.rewards.count) }
        for i in 0..<step.rewards.count where step.isDone(i) {
            episodeCounts[i] += 1
            nextEpisodeSeeds[i] = VectorBatch.seed(for: i, episode: episodeCounts[i], master: episodeMaster)
        }
    }

    func checkActions(_ actions: [Float]) throws(EnvironmentError) {
        guard actions.count == count * actionSize else {
            throw EnvironmentError(
                .invalidAction,
                "a vector of \(count) \(spec.id) environments expects \(count) x \(actionSize) = \(count * actionSize) action floats, got \(actions.count)",
                context: ["environment": spec.id, "expected": "\(count * actionSize)", "given": "\(actions.count)"])
        }
    }

    /// Resets env `index` and writes its observation into its slot.
    static func reset(
        _ env: inout E, index: Int, seed: UInt64?, layout: Layout, into output: Output
    ) throws {
        let reset = try env.reset(seed: seed)
        try layout.check(reset.observation, index: index)
        output.write(observation: reset.observation, at: index, size: layout.observationSize)
        output.infos[index] = reset.info
    }

    /// Steps env `index` with its slice of `actions`, autoresetting when the episode ends.
    static func step(
        _ env: inout E, index: Int, actions: UnsafeBufferPointer<Float>, resetSeed: UInt64?, layout: Layout, into output: Output
    ) throws {
        // Copied from the caller's buffer through a pointer: slicing the shared array would
        // retain and release it from every thread, bouncing its reference count between cores.
        let start = index * layout.actionSize
        let step = try env.step(Array(UnsafeBufferPointer(rebasing: actions[start ..< start + layout.actionSize])))
        try layout.check(step.observation, index: index)
        output.rewards[index] = step.reward
        output.terminations[index] = step.isTerminated
        output.truncations[index] = step.isTruncated
        output.infos[index] = step.info
        if step.isDone {
            output.finalObservations[index] = step.observation
            let reset = try env.reset(seed: resetSeed)
            try layout.check(reset.observation, index: index)
            output.write(observation: reset.observation, at: index, size: layout.observationSize)
        } else {
            output.write(observation: step.observation, at: index, size: layout.observationSize)
        }
    }

    var layout: Layout {
        Layout(spec: spec, observationSpace: observationSpace, observationSize: observationSize, actionSize: actionSize)
    }

    /// The sizes a worker needs, without the environments.
    struct Layout: Sendable {
        let spec: EnvironmentSpec
        let observationSpace: Space
        let observationSize: Int
        let actionSize: Int

        func check(_ observation: [Float], index: Int) throws(EnvironmentError) {
            guard observation.count == observationSize else {
                throw EnvironmentError(
                    .incompatibleEnvironment,
                    "\(spec.id) env \(index) returned an observation of \(observation.count) floats but its space \(observationSpace) has \(observationSize); run checkEnvironment on it",
                    context: ["environment": spec.id, "index": "\(index)", "expected": "\(observationSize)", "given": "\(observation.count)"])
            }
        }
    }

    /// Pointers to the output arrays; each index is written by exactly one worker.
    struct Output: @unchecked Sendable {
        let observations: UnsafeMutableBufferPointer<Float>
        let rewards: UnsafeMutableBufferPointer<Float>
        let terminations: UnsafeMutableBufferPointer<Bool>
        let truncations: UnsafeMutableBufferPointer<Bool>
        let infos: UnsafeMutableBufferPointer<Info>
        let finalObservations: UnsafeMutableBufferPointer<[Float]?>
        let errors: UnsafeMutableBufferPointer<(any Error)?>

        func write(observation: [Float], at index: Int, size: Int) {
            let base = index * size
            for j in 0..<size { observations[base + j] = observation[j] }
        }
    }

    /// Allocates the outputs, runs `body` with pointers to them, and returns the step result,
    /// rethrowing the error of the lowest failing index.
    static func collect(count: Int, observationSize: Int, _ body: (Output) -> Void) throws -> VectorStep {
        var observations = [Float](repeating: 0, count: count * observationSize)
        var rewards = [Float](repeating: 0, count: count)
        var terminations = [Bool](repeating: false, count: count)
        var truncations = [Bool](repeating: false, count: count)
        var infos = [Info](repeating: Info(), count: count)
        var finalObservations = [[Float]?](repeating: nil, count: count)
        var errors = [(any Error)?](repeating: nil, count: count)
        observations.withUnsafeMutableBufferPointer { o in
            rewards.withUnsafeMutableBufferPointer { r in
                terminations.withUnsafeMutableBufferPointer { te in
                    truncations.withUnsafeMutableBufferPointer { tr in
                        infos.withUnsafeMutableBufferPointer { inf in
                            finalObservations.withUnsafeMutableBufferPointer { f in
                                errors.withUnsafeMutableBufferPointer { e in
                                    body(Output(
                                        observations: o, rewards: r, terminations: te, truncations: tr,
                                        infos: inf, finalObservations: f, errors: e))
                                }
                            }
                        }
                    }
                }
            }
        }
        if let error = errors.lazy.compactMap({ $0 }).first { throw error }
        return VectorStep(
            observations: observations, rewards: rewards, terminations: terminations,
            truncations: truncations, infos: infos, finalObservations: finalObservations)
    }
}
