import EmpowerAgents
import EmpowerBase
import EmpowerCore
import EmpowerNN
import EmpowerSkills
import FoundationEssentials

/// The multi-agent off-policy loop of MASD (DESIGN §5.3): N agents of a multi-agent
/// environment share one skill z per episode; decentralized actors act on their own
/// observations, the joint transition (every observation, the global state, the joint action,
/// the team reward) goes to a ``MultiAgentReplayBuffer``; at update time ``MASDObjective``
/// relabels the batch with its team reward and ``MultiAgentSACLearner`` learns from it.
///
///     collect (every agent acts with skill z) -> store -> update (MASD relabels, multi-agent SAC learns)
///     -> log -> checkpoint
///
/// ```swift
/// var configuration = TrainingConfiguration()
/// configuration.algorithm = .masd
/// configuration.environment = "ParticleSpread-v0"
/// configuration.environmentArguments = ["agents": ArgumentValue(.int(3))]
/// let trainer = try MASDTrainer(configuration: configuration, catalog: BuiltInEnvironments.catalog)
/// try trainer.train()
/// ```
///
/// Random streams (all from `configuration.seed`, see ``Seed``) are those of
/// ``OffPolicyTrainer``: `"init"`, `"policy"`, `"buffer"`, `"update"`, `"skills"`; environment i's
/// episode e is reset with `Seed.derive(master, stream: "env", index: i)` for e = 0 and
/// `Seed.derive(that, stream: "episode", index: e)` after (the vector environments' rule).
/// `environments` copies are stepped one after the other on the calling thread. Same seed:
/// the same run, bit for bit, resumed or not.
///
/// The environment must be multi-agent, with at least two agents that all live for the whole
/// episode, the same observation size and the same continuous action space. The team reward
/// stored is the mean of the agents' environment rewards (MASD replaces it).
///
/// Checkpoints hold the actors, critics, targets, optimizer moments, alpha, every
/// discriminator, the whole replay buffer, every generator, the counters, and each
/// environment's current episode as its joint actions (replayed from the episode's seed on resume).
///
/// Logged every `log_interval` steps: `rollout/episode_return`, `rollout/episode_length`,
/// `rollout/episodes`, the learner's `train/...`, the objective's `skills/...`,
/// `time/steps_per_second`, `time/elapsed_seconds`.
public final class MASDTrainer {
    public let configuration: TrainingConfiguration
    public let runDirectory: RunDirectory?
    public let catalog: EnvironmentCatalog
    public private(set) var learner: MultiAgentSACLearner
    public private(set) var objective: MASDObjective
    public private(set) var buffer: MultiAgentReplayBuffer
    public private(set) var step = 0
    public private(set) var episodes = 0
    /// The returns of the last (at most 100) finished episodes, oldest first.
    public var recentEpisodeReturns: [Double] { log.recentReturns }
    /// The latest values of every metric.
    public internal(set) var latestMetrics: Metrics {
        get { log.latest }
        set { log.latest = newValue }
    }
    /// The agent ids, in the environment's order.
    public let agentIDs: [String]
    public let observationSize: Int
    public let stateSize: Int
    public let actionSize: Int
    public let skillCount: Int
    /// The resolved feature selections: joint (indices into the state) and per agent (indices
    /// into one agent's observation).
    public let jointFeatures: FeatureSelection
    public let agentFeatures: FeatureSelection

    var environments: [any MultiAgentEnvironment]
    var episodeIndices: [Int]
    var sampler: MultiAgentActorSampler
    var batch: MultiAgentTransitionBatch
    var policyGenerator: Xoshiro256
    var bufferGenerator: Xoshiro256
    var updateGenerator: Xoshiro256
    var skillGenerator: Xoshiro256
    let prior: SkillPrior
    let actionLow: [Float]
    let actionHigh: [Float]

    // The collector's state, one entry per environment.
    var observations: [[Float]]
    var states: [[Float]]
    var skills: [Int32]
    var episodeReturns: [Float]
    var episodeLengths: [Int]
    var episodeActions: [[Float]]

    // Reused buffers and log accumulators.
    var policyInputs = Tensor(shape: [1, 1])
    var log = EpisodeLog()

    /// A trainer at step 0.
    /// - Throws: ``TrainingError`` `.unsupportedEnvironment` for a single-agent environment, fewer
    ///   than two agents, agents of different sizes or discrete actions; ``ConfigurationError``
    ///   for feature selections the environment does not have; what the catalog throws.
    public init(configuration: TrainingConfiguration, catalog: EnvironmentCatalog, runDirectory: RunDirectory? = nil) throws {
        self.configuration = configuration
        self.runDirectory = runDirectory
        self.catalog = catalog
        BLAS.setThreadCount(configuration.threads)
        let id = configuration.environment
        try MASDTrainer.checkEnvironment(id, in: catalog)
        let probe = try catalog.makeMultiAgent(id, arguments: configuration.catalogArguments)
        agentIDs = probe.possibleAgents
        guard agentIDs.count >= 2 else {
            throw TrainingError(.unsupportedEnvironment, "\(id) has \(agentIDs.count) agent; MASD needs at least 2 agents sharing a skill (set environment_arguments.agents)", context: ["environment": id])
        }
        let first = agentIDs[0]
        guard let observationSpace = probe.observationSpaces[first], let box = probe.actionSpaces[first]?.box else {
            throw TrainingError(.unsupportedEnvironment, "\(id): agent \(first) has no observation space or no continuous (Box) action space; MASD's actors need continuous actions", context: ["environment": id])
        }
        for agent in agentIDs where probe.observationSpaces[agent]?.flatSize != observationSpace.flatSize || probe.actionSpaces[agent] != probe.actionSpaces[first] {
            throw TrainingError(.unsupportedEnvironment, "\(id): agent \(agent)'s spaces differ from \(first)'s; MASD needs agents with the same observation size and action space", context: ["environment": id, "agent": agent])
        }
        observationSize = observationSpace.flatSize
        stateSize = probe.stateSpace.flatSize
        actionSize = box.flatSize
        actionLow = box.low
        actionHigh = box.high
        jointFeatures = try MASDTrainer.resolve(configuration.masd.jointFeatures, size: stateSize, what: "the global state", groups: probe.spec.featureGroups, field: "masd.joint_features")
        agentFeatures = try MASDTrainer.resolve(configuration.masd.agentFeatures, size: observationSize, what: "one agent's observation", groups: probe.spec.featureGroups, field: "masd.agent_features")

        skillCount = configuration.skills
        prior = SkillPrior(skillCount: skillCount)
        let seed = configuration.seed
        var initGenerator = Xoshiro256(seed: Seed.derive(seed, stream: "init"))
        learner = MultiAgentSACLearner(
            configuration: configuration.sac, agentCount: agentIDs.count, observationSize: observationSize, stateSize: stateSize,
            actionSize: actionSize, skillCount: skillCount, sharesParameters: configuration.masd.sharedActor, using: &initGenerator)
        objective = MASDObjective(
            configuration: configuration.masd, prior: prior, agentCount: agentIDs.count, observationSize: observationSize,
            jointFeatures: jointFeatures, agentFeatures: agentFeatures, using: &initGenerator)
        buffer = MultiAgentReplayBuffer(
            capacity: min(configuration.sac.bufferSize, max(configuration.steps, configuration.sac.batchSize)),
            agentCount: agentIDs.count, observationSize: observationSize, stateSize: stateSize, actionSize: actionSize)
        batch = MultiAgentTransitionBatch(batchSize: configuration.sac.batchSize, agentCount: agentIDs.count, observationSize: observationSize, stateSize: stateSize, actionSize: actionSize)
        sampler = MultiAgentActorSampler(actor: learner.actor)
        policyGenerator = Xoshiro256(seed: Seed.derive(seed, stream: "policy"))
        bufferGenerator = Xoshiro256(seed: Seed.derive(seed, stream: "buffer"))
        updateGenerator = Xoshiro256(seed: Seed.derive(seed, stream: "update"))
        skillGenerator = Xoshiro256(seed: Seed.derive(seed, stream: "skills"))

        let count = configuration.environments
        environments = [probe]
        for _ in 1..<max(count, 1) { environments.append(try catalog.makeMultiAgent(id, arguments: configuration.catalogArguments)) }
        episodeIndices = [Int](repeating: 0, count: count)
        observations = [[Float]](repeating: [], count: count)
        states = [[Float]](repeating: [], count: count)
        skills = [Int32](repeating: 0, count: count)
        episodeReturns = [Float](repeating: 0, count: count)
        episodeLengths = [Int](repeating: 0, count: count)
        episodeActions = [[Float]](repeating: [], count: count)
        for i in 0..<count {
            try beginEpisode(i)
            skills[i] = prior.sample(using: &skillGenerator)
        }
        try? runDirectory?.appendEvent(
            "masd features: joint \(jointFeatures.name) = state\(jointFeatures.indices), per agent \(agentFeatures.name) = observation\(agentFeatures.indices)")
    }

    /// Checks that `id` names a multi-agent environment of `catalog`, which MASD needs.
    /// - Throws: ``TrainingError`` `.unsupportedEnvironment` saying what to use instead.
    public static func checkEnvironment(_ id: String, in catalog: EnvironmentCatalog) throws(TrainingError) {
        guard !catalog.multiAgentIDs.contains(id) else { return }
        let known = catalog.multiAgentIDs.joined(separator: ", ")
        throw TrainingError(
            .unsupportedEnvironment,
            catalog.singleAgentIDs.contains(id)
                ? "\(id) is a single-agent environment; masd needs a multi-agent one (\(known)), or train it with --algo diayn"
                : "no multi-agent environment is registered as \(id)\(closestMatch(to: id, in: catalog.multiAgentIDs).map { "; did you mean \($0)?" } ?? "") (multi-agent environments: \(known))",
            context: ["environment": id])
    }

    /// Resolves a feature specification and checks that every index fits `size`.
    static func resolve(_ specification: String, size: Int, what: String, groups: [String: [Int]], field: String) throws(ConfigurationError) -> FeatureSelection {
        switch FeatureSelection.resolve(specification, observationSize: size, groups: groups, field: field) {
        case .success(let selection):
            guard !selection.indices.isEmpty, selection.indices.allSatisfy({ $0 >= 0 && $0 < size }) else {
                throw ConfigurationError.invalidValue(
                    field: field, value: specification,
                    allowed: "features of \(what) (\(size) floats); '\(specification)' selects \(selection.indices)")
            }
            return selection
        case .failure(let issue):
            throw ConfigurationError.invalidValue(field: issue.field, value: issue.value, allowed: issue.allowed)
        }
    }

    /// The number of agents sharing a skill.
    public var agentCount: Int { agentIDs.count }
    /// The number of environment copies.
    public var environmentCount: Int { configuration.environments }

    @discardableResult
    public func train(until target: Int? = nil, stop: StopSignal? = nil, progress: ((String) -> Void)? = nil) throws -> TrainingSummary {
        try runLoop(until: target, stop: stop, progress: progress)
    }

    // MARK: Collecting

    /// The seed of environment `index`'s episode `episode` (the vector environments' rule).
    func episodeSeed(environment index: Int, episode: Int) -> UInt64 {
        let first = Seed.derive(configuration.seed, stream: "env", index: UInt64(index))
        return episode == 0 ? first : Seed.derive(first, stream: "episode", index: UInt64(episode))
    }

    /// Resets environment `i` for its episode `episodeIndices[i]`.
    func beginEpisode(_ i: Int) throws {
        let reset = try environments[i].reset(seed: episodeSeed(environment: i, episode: episodeIndices[i]))
        observations[i] = try jointObservation(reset.observations, stage: "reset")
        states[i] = try environments[i].state()
        try checkFinite(states[i], what: "the global state", stage: "reset")
        episodeReturns[i] = 0
        episodeLengths[i] = 0
        episodeActions[i].removeAll(keepingCapacity: true)
    }

    /// One step of every environment: act, step, store, then one update per environment step
    /// once the warm-up is over.
    func collectAndUpdate() throws {
        let count = environmentCount
        let jointActionSize = agentCount * actionSize
        var actions: [Float]
        if step < configuration.sac.warmupSteps {
            actions = (0..<(count * jointActionSize)).map { _ in policyGenerator.nextFloat(in: -1, 1) }
        } else {
            let joint = observations.flatMap { $0 }
            joint.withUnsafeBufferPointer { learner.actor.fillInputs(&policyInputs, observations: $0, rows: count, skills: skills) }
            actions = sampler.act(policyInputs, deterministic: false, using: &policyGenerator)
        }
        for i in 0..<count {
            let action = actions[(i * jointActionSize)..<((i + 1) * jointActionSize)]
            let scaled = scaledToActionSpace(action)
            let result = try environments[i].step(actionDictionary(scaled))
            let next = try jointObservation(result.observations, stage: "step")
            let nextState = try environments[i].state()
            try checkFinite(nextState, what: "the global state", stage: "step")
            var reward: Float = 0
            for agent in agentIDs {
                let r = result.rewards[agent] ?? 0
                guard r.isFinite else {
                    throw TrainingError(
                        .nonFiniteEnvironmentOutput,
                        "\(configuration.environment) returned a reward of \(r) for \(agent) at step \(step); run `empower envs check \(configuration.environment)` and fix the environment",
                        context: ["environment": configuration.environment, "step": "\(step)"])
                }
                reward += r / Float(agentCount)
            }
            let terminated = agentIDs.map { result.terminations[$0] ?? false }
            let truncated = agentIDs.map { result.truncations[$0] ?? false }
            let ended = zip(terminated, truncated).map { $0 || $1 }
            guard ended.allSatisfy({ $0 == ended[0] }) else {
                throw TrainingError(
                    .unsupportedEnvironment,
                    "\(configuration.environment): some agents finished at step \(step) while others go on; MASD needs every agent to live for the whole episode",
                    context: ["environment": configuration.environment, "step": "\(step)"])
            }
            buffer.append(
                observations: observations[i][...], state: states[i][...], actions: action, reward: reward,
                nextObservations: next[...], nextState: nextState[...], isTerminated: terminated.contains(true), skill: skills[i])
            episodeReturns[i] += reward
            episodeLengths[i] += 1
            if ended[0] {
                log.finish(episodeReturn: episodeReturns[i], length: episodeLengths[i])
                episodes += 1
                episodeIndices[i] += 1
                try beginEpisode(i)
                skills[i] = prior.sample(using: &skillGenerator)
            } else {
                episodeActions[i].append(contentsOf: scaled)
                observations[i] = next
                states[i] = nextState
            }
        }
        step += count

        guard step > configuration.sac.warmupSteps, buffer.count >= configuration.sac.batchSize else { return }
        for _ in 0..<(count * configuration.sac.updatesPerStep) {
            buffer.sample(configuration.sac.batchSize, into: &batch, using: &bufferGenerator)
            objective.relabel(&batch, metrics: &log.updateMetrics)
            learner.update(batch, using: &updateGenerator, metrics: &log.updateMetrics)
        }
    }

    /// Every agent's observation in agent order, checked for presence, length and finiteness.
    func jointObservation(_ perAgent: [String: [Float]], stage: String) throws -> [Float] {
        var joint: [Float] = []
        joint.reserveCapacity(agentCount * observationSize)
        for agent in agentIDs {
            guard let observation = perAgent[agent], observation.count == observationSize else {
                throw TrainingError(
                    .unsupportedEnvironment,
                    "\(configuration.environment) gave agent \(agent) \(perAgent[agent].map { "an observation of \($0.count) floats" } ?? "no observation") at \(stage), step \(step); MASD needs \(observationSize) floats for every agent at every step",
                    context: ["environment": configuration.environment, "agent": agent])
            }
            joint += observation
        }
        try checkFinite(joint, what: "an observation", stage: stage)
        return joint
    }

    /// The joint action (agent 0 first) as one action per agent id.
    func actionDictionary(_ joint: [Float]) -> [String: [Float]] {
        var result: [String: [Float]] = [:]
        for (k, agent) in agentIDs.enumerated() { result[agent] = Array(joint[(k * actionSize)..<((k + 1) * actionSize)]) }
        return result
    }

    /// Maps actions in [-1, 1] to the agents' action bounds (unchanged where a bound is infinite).
    func scaledToActionSpace(_ actions: ArraySlice<Float>) -> [Float] {
        var scaled = Array(actions)
        for index in scaled.indices {
            let j = index % actionSize
            let low = actionLow[j], high = actionHigh[j]
            if low.isFinite && high.isFinite { scaled[index] = low + (scaled[index] + 1) * 0.5 * (high - low) }
        }
        return scaled
    }

    func checkFinite(_ values: [Float], what: String, stage: String) throws {
        guard let bad = values.firstIndex(where: { !$0.isFinite }) else { return }
        throw TrainingError(
            .nonFiniteEnvironmentOutput,
            "\(configuration.environment) returned \(values[bad]) in \(what) (entry \(bad)) at \(stage), step \(step); run `empower envs check \(configuration.environment)` and fix the environment",
            context: ["environment": configuration.environment, "step": "\(step)"])
    }

    func makeRecord(stepsPerSecond: Double, elapsed: Double) -> MetricsRecord {
        log.record(step: step, episodes: episodes, updates: learner.updateCount, stepsPerSecond: stepsPerSecond, elapsed: elapsed)
    }
}

extension MASDTrainer: TrainingLoop {
    var updateCount: Int { learner.updateCount }
    var shownMetrics: [String] { ["skills/joint_accuracy", "skills/mean_agent_accuracy", "train/critic_loss"] }
    func advance() throws { try collectAndUpdate() }

    // MARK: Checkpoints

    /// Writes a checkpoint of the current state into the run directory (nothing without one).
    public func saveCheckpoint() throws {
        guard let runDirectory else { return }
        let state = TrainingState(
            algorithm: configuration.algorithm.rawValue, environment: configuration.environment,
            observationSize: observationSize, actionSize: actionSize, skillCount: skillCount,
            step: step, episodes: episodes,
            generators: [
                "policy": policyGenerator.words, "buffer": bufferGenerator.words,
                "update": updateGenerator.words, "skills": skillGenerator.words,
            ],
            episodeIndices: episodeIndices, skills: skills, stepsSinceSkill: episodeLengths,
            episodeReturnBits: episodeReturns.map(\.bitPattern), episodeLengths: episodeLengths,
            agentCount: agentCount, stateSize: stateSize)
        var tensors = learner.namedState() + objective.namedState() + buffer.namedTensors(prefix: "replay")
        tensors += episodeActionTensors(episodeActions)
        try state.save(tensors: tensors, into: runDirectory, keep: configuration.keepCheckpoints)
    }

    /// Restores everything a checkpoint holds; the environments replay their current episodes.
    /// - Throws: ``TrainingError`` `.incompatibleCheckpoint` when it belongs to another setup.
    public func restore(from checkpoint: Checkpoint) throws {
        let source = "checkpoint at step \(checkpoint.step)"
        let state = try TrainingState.decode(checkpoint)
        guard state.format == TrainingState.currentFormat, state.algorithm == configuration.algorithm.rawValue,
              state.environment == configuration.environment, state.observationSize == observationSize,
              state.actionSize == actionSize, state.skillCount == skillCount, state.agentCount == agentCount,
              state.stateSize == stateSize, state.skills.count == environmentCount, state.episodeIndices.count == environmentCount,
              state.episodeLengths.count == environmentCount, state.episodeReturnBits.count == environmentCount
        else {
            throw TrainingError(
                .incompatibleCheckpoint,
                "the \(source) is for \(state.algorithm) on \(state.environment) (\(state.agentCount ?? 1) agents, \(state.observationSize) observations, \(state.actionSize) actions, \(state.skillCount) skills, \(state.skills.count) environments) but the configuration describes \(configuration.algorithm.rawValue) on \(configuration.environment) (\(agentCount), \(observationSize), \(actionSize), \(skillCount), \(environmentCount)); resume with the run's own config.json",
                context: ["step": "\(checkpoint.step)"])
        }
        try learner.restore(from: checkpoint.tensors, source: source)
        try objective.restore(from: checkpoint.tensors, source: source)
        try buffer.restore(from: checkpoint.tensors, prefix: "replay")
        policyGenerator = try Xoshiro256(words: state.generators["policy"])
        bufferGenerator = try Xoshiro256(words: state.generators["buffer"])
        updateGenerator = try Xoshiro256(words: state.generators["update"])
        skillGenerator = try Xoshiro256(words: state.generators["skills"])
        let jointActionSize = agentCount * actionSize
        for index in 0..<environmentCount {
            guard let tensor = checkpoint.tensors["collector.episode_actions.\(index)"], tensor.elementCount % jointActionSize == 0 else {
                throw TrainingError(.incompatibleCheckpoint, "the \(source) lacks the joint actions of environment \(index)'s episode")
            }
            // Replay the episode from its seed: the environment ends exactly where it was.
            episodeIndices[index] = state.episodeIndices[index]
            try beginEpisode(index)
            let actions = tensor.elementCount == 0 ? [] : tensor.scalars
            for start in stride(from: 0, to: actions.count, by: jointActionSize) {
                let result = try environments[index].step(actionDictionary(Array(actions[start..<(start + jointActionSize)])))
                observations[index] = try jointObservation(result.observations, stage: "replay")
                states[index] = try environments[index].state()
            }
            episodeActions[index] = actions
        }
        step = state.step
        episodes = state.episodes
        skills = state.skills
        episodeReturns = state.episodeReturnBits.map(Float.init(bitPattern:))
        episodeLengths = state.episodeLengths
    }

    /// Every agent's action for skill `skill` from the joint observation `[o_0, ..., o_{N-1}]`
    /// (N × observationSize floats, agent order of ``agentIDs``): the joint action, N × actionSize
    /// floats in the agents' action bounds, agent 0's first. Deterministic (tanh of the mean)
    /// unless `stochastic`.
    /// - Throws: ``TrainingError`` for a skill out of range or an observation of the wrong length.
    public func skillAction(for observation: [Float], skill: Int, stochastic: Bool, using generator: inout Xoshiro256) throws -> [Float] {
        guard (0..<skillCount).contains(skill) else {
            throw TrainingError(.unsupportedEnvironment, "skill \(skill) does not exist: this run has skills 0 to \(skillCount - 1)", context: ["skill": "\(skill)"])
        }
        guard observation.count == agentCount * observationSize else {
            throw TrainingError(
                .unsupportedEnvironment,
                "a joint observation of \(observation.count) floats was given; \(configuration.environment) with \(agentCount) agents needs \(agentCount) x \(observationSize) = \(agentCount * observationSize) (every agent's observation, agent 0 first)",
                context: ["observation_count": "\(observation.count)"])
        }
        var inputs = Tensor(shape: [1, 1])
        observation.withUnsafeBufferPointer { learner.actor.fillInputs(&inputs, observations: $0, rows: 1, skills: [Int32(skill)]) }
        var sampler = MultiAgentActorSampler(actor: learner.actor)
        return scaledToActionSpace(sampler.act(inputs, deterministic: !stochastic, using: &generator)[...])
    }

    // MARK: Evaluation rollouts

    /// Runs every agent's policy conditioned on `skill` for one episode of a fresh environment
    /// reset with `seed` (see ``SkillTrainer/rolloutSkill(_:seed:stochastic:recordFrames:using:)``).
    /// Records every named position the environment exposes ("agent0", ..., "landmark0", ... or
    /// "box"), and the log q(. | s') tables of the joint discriminator ("joint") and of each
    /// agent's ("agent0", ...).
    public func rolloutSkill(_ skill: Int, seed: UInt64, stochastic: Bool, recordFrames: Bool, using generator: inout Xoshiro256) throws -> SkillEpisode {
        var env = try catalog.makeMultiAgent(configuration.environment, arguments: configuration.catalogArguments)
        var observation = try jointObservation(try env.reset(seed: seed).observations, stage: "evaluation reset")
        var episode = SkillEpisode(skill: skill)
        func recordPositions() {
            for (name, point) in env.positions { episode.positions[name, default: []].append(point) }
        }
        recordPositions()
        if recordFrames { episode.frames.append(try env.render()) }
        var visitedStates: [Float] = []
        var visitedObservations: [Float] = []
        while true {
            let action = try skillAction(for: observation, skill: skill, stochastic: stochastic, using: &generator)
            let result = try env.step(actionDictionary(action))
            observation = try jointObservation(result.observations, stage: "evaluation step")
            let state = try env.state()
            try checkFinite(state, what: "the global state", stage: "evaluation step")
            visitedStates += state
            visitedObservations += observation
            episode.length += 1
            for agent in agentIDs { episode.episodeReturn += Double(result.rewards[agent] ?? 0) / Double(agentCount) }
            episode.safetyViolations += agentIDs.reduce(0) { $0 + (result.infos[$1]?.safetyEvents?.total ?? 0) }
            recordPositions()
            if recordFrames { episode.frames.append(try env.render()) }
            if agentIDs.contains(where: { (result.terminations[$0] ?? false) || (result.truncations[$0] ?? false) }) || env.agents.isEmpty { break }
        }
        if episode.length > 0 {
            let stateTensor = try Tensor(shape: Shape(rows: episode.length, columns: stateSize), scalars: visitedStates)
            let observationTensor = try Tensor(shape: Shape(rows: episode.length, columns: agentCount * observationSize), scalars: visitedObservations)
            episode.discriminatorLogProbabilities = objective.logProbabilityTables(states: stateTensor, observations: observationTensor)
        }
        return episode
    }
}
