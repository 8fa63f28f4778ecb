import EmpowerAgents
import EmpowerBase
import EmpowerCore
import EmpowerNN
import EmpowerSkills
import FoundationEssentials

/// The off-policy training loop, written once for SAC and DIAYN:
///
///     collect (policy acts with skill z) -> store -> update (objective relabels, SAC learns)
///     -> log -> checkpoint
///
/// ```swift
/// let trainer = try OffPolicyTrainer(configuration: configuration, catalog: BuiltInEnvironments.catalog,
///                                    runDirectory: try RunDirectory(path: "runs/demo", create: true))
/// let summary = try trainer.train()
/// ```
///
/// Random streams (all from `configuration.seed`, see ``Seed``): `"init"` for network weights,
/// `"policy"` for actions, `"buffer"` for minibatches, `"update"` for the reparameterization
/// noise, `"skills"` for skill draws; the vector environment derives one seed per environment
/// and per episode. Same seed, same thread count: the same run, bit for bit, resumed or not.
///
/// Skills: each environment draws a skill at the start of every episode (or every
/// `diayn.skill_interval` steps). The policy and critics see `[observation, onehot(z)]`; the
/// replay buffer stores the skill with each transition; DIAYN relabels rewards at update time.
///
/// Checkpoints hold the networks, targets, optimizer moments, alpha, the discriminator, the
/// whole replay buffer, every generator, the counters, and the actions of each environment's
/// current episode: on resume each environment replays its episode from the episode's seed,
/// which rebuilds its exact state without serializing the environment.
///
/// Logged every `log_interval` steps: `rollout/episode_return`, `rollout/episode_length`,
/// `rollout/episodes`, the learner's `train/...`, the objective's `skills/...`,
/// `time/steps_per_second`, `time/elapsed_seconds`. Every `evaluation_interval` steps (skill
/// runs), every skill is evaluated on fresh rollouts (``SkillEvaluation``, `evaluation_episodes`
/// per skill, seed `Seed.derive(seed, stream: "periodic-evaluation", index: step)`) and that
/// step's record also holds the `eval/...` keys. Evaluation uses generators of its own, so it
/// changes nothing in training: a run with evaluations has the same parameters, bit for bit.
public final class OffPolicyTrainer: SingleAgentTrainingLoop {
    public let configuration: TrainingConfiguration
    public let runDirectory: RunDirectory?
    /// Where environments come from (also for evaluation rollouts).
    public let catalog: EnvironmentCatalog
    public private(set) var learner: SACLearner
    public private(set) var objective: DIAYNObjective?
    public private(set) var buffer: ReplayBuffer
    /// Environment steps taken (over all parallel environments).
    public private(set) var step = 0
    /// Episodes finished.
    public private(set) var episodes = 0
    /// The returns of the last (at most 100) finished episodes, oldest first.
    public var recentEpisodeReturns: [Double] { log.recentReturns }
    /// The latest values of every metric.
    public internal(set) var latestMetrics: Metrics {
        get { log.latest }
        set { log.latest = newValue }
    }
    public let observationSize: Int
    public let actionSize: Int
    public let skillCount: Int
    public let environmentSpec: EnvironmentSpec

    var environments: any VectorEnvironment
    var batch: TransitionBatch
    var sampler: ActorSampler
    var policyGenerator: Xoshiro256
    var bufferGenerator: Xoshiro256
    var updateGenerator: Xoshiro256
    var skillGenerator: Xoshiro256
    let setup: TrainerEnvironments
    let prior: SkillPrior?

    // The collector's state, one entry per environment.
    var observations: [Float] = []
    var skills: [Int32]
    var stepsSinceSkill: [Int]
    var episodeReturns: [Float]
    var episodeLengths: [Int]
    var episodeActions: [[Float]]

    // Reused buffers and log accumulators.
    var policyInputs = Tensor(shape: [1, 1])
    var log = EpisodeLog()

    /// A trainer at step 0: environments built from `catalog`, networks initialized from the seed.
    /// - Throws: ``TrainingError`` for an environment the algorithm cannot train on, or what
    ///   the catalog throws for an unknown id or bad arguments (with "did you mean").
    public init(configuration: TrainingConfiguration, catalog: EnvironmentCatalog, runDirectory: RunDirectory? = nil) throws {
        self.configuration = configuration
        self.runDirectory = runDirectory
        self.catalog = catalog
        BLAS.setThreadCount(configuration.threads)
        let setup = try TrainerEnvironments(configuration: configuration, catalog: catalog)
        self.setup = setup
        environmentSpec = setup.spec
        observationSize = setup.observationSize
        actionSize = setup.actionSize
        environments = try TrainerEnvironments.makeVector(configuration: configuration, catalog: catalog)
        let count = configuration.environments

        skillCount = configuration.algorithm == .diayn ? configuration.skills : 0
        let seed = configuration.seed
        var initGenerator = Xoshiro256(seed: Seed.derive(seed, stream: "init"))
        learner = SACLearner(
            configuration: configuration.sac, observationSize: observationSize, actionSize: actionSize,
            skillCount: skillCount, using: &initGenerator)
        if configuration.algorithm == .diayn {
            let prior = SkillPrior(skillCount: skillCount)
            self.prior = prior
            let features: FeatureSelection
            switch FeatureSelection.resolve(configuration.diayn.features, observationSize: observationSize, groups: setup.spec.featureGroups, field: "diayn.features") {
            case .success(let selection): features = selection
            case .failure(let issue): throw ConfigurationError.invalidValue(field: issue.field, value: issue.value, allowed: issue.allowed)
            }
            objective = DIAYNObjective(configuration: configuration.diayn, prior: prior, features: features, using: &initGenerator)
        } else {
            prior = nil
            objective = nil
        }
        buffer = ReplayBuffer(capacity: min(configuration.sac.bufferSize, max(configuration.steps, configuration.sac.batchSize)), observationSize: observationSize, actionSize: actionSize)
        batch = TransitionBatch(batchSize: configuration.sac.batchSize, observationSize: observationSize, actionSize: actionSize)
        sampler = ActorSampler(actor: learner.actor)
        policyGenerator = Xoshiro256(seed: Seed.derive(seed, stream: "policy"))
        bufferGenerator = Xoshiro256(seed: Seed.derive(seed, stream: "buffer"))
        updateGenerator = Xoshiro256(seed: Seed.derive(seed, stream: "update"))
        skillGenerator = Xoshiro256(seed: Seed.derive(seed, stream: "skills"))
        skills = [Int32](repeating: 0, count: count)
        stepsSinceSkill = [Int](repeating: 0, count: count)
        episodeReturns = [Float](repeating: 0, count: count)
        episodeLengths = [Int](repeating: 0, count: count)
        episodeActions = [[Float]](repeating: [], count: count)

        observations = try environments.reset(seed: seed).observations
        for i in 0..<count { skills[i] = drawSkill() }
        try checkFinite(observations, rewards: [], stage: "reset")
    }

    /// The number of environment copies.
    public var environmentCount: Int { configuration.environments }

    // MARK: The loop

    /// Trains until `until` environment steps (the configuration's `steps` by default) or until
    /// `stop` is requested, writing metrics and checkpoints into the run directory if there is one.
    /// A stop or the end writes a final checkpoint.
    @discardableResult
    public func train(until target: Int? = nil, stop: StopSignal? = nil, progress: ((String) -> Void)? = nil) throws -> TrainingSummary {
        try runLoop(until: target, stop: stop, progress: progress)
    }

    var updateCount: Int { learner.updateCount }
    var shownMetrics: [String] { ["skills/accuracy", "train/critic_loss", "rollout/episode_return"] }
    func advance() throws { try collectAndUpdate() }

    /// One vector step: act, step the environments, store the transitions, then one update per
    /// environment step once the warm-up is over.
    func collectAndUpdate() throws {
        let count = environmentCount
        var actions: [Float]
        if step < configuration.sac.warmupSteps {
            actions = (0..<(count * actionSize)).map { _ in policyGenerator.nextFloat(in: -1, 1) }
        } else {
            observations.withUnsafeBufferPointer { source in
                SkillConditioning.fill(&policyInputs, observations: source, rows: count, observationSize: observationSize, skills: skills, skillCount: skillCount)
            }
            actions = sampler.act(policyInputs, deterministic: false, using: &policyGenerator)
        }
        let environmentActions = scaledToActionSpace(actions)
        let result = try environments.step(environmentActions)
        try checkFinite(result.observations, rewards: result.rewards, stage: "step")

        for i in 0..<count {
            let next: [Float]
            if let final = result.finalObservations[i] {
                try checkFinite(final, rewards: [], stage: "final observation")
                next = final
            } else {
                next = Array(result.observations[(i * observationSize)..<((i + 1) * observationSize)])
            }
            observations.withUnsafeBufferPointer { o in
                actions.withUnsafeBufferPointer { a in
                    next.withUnsafeBufferPointer { n in
                        buffer.append(
                            observation: UnsafeBufferPointer(rebasing: o[(i * observationSize)..<((i + 1) * observationSize)]),
                            action: UnsafeBufferPointer(rebasing: a[(i * actionSize)..<((i + 1) * actionSize)]),
                            reward: result.rewards[i], nextObservation: n,
                            isTerminated: result.terminations[i], skill: skills[i])
                    }
                }
            }
            episodeReturns[i] += result.rewards[i]
            episodeLengths[i] += 1
            stepsSinceSkill[i] += 1
            if result.isDone(i) {
                log.finish(episodeReturn: episodeReturns[i], length: episodeLengths[i])
                episodes += 1
                episodeReturns[i] = 0
                episodeLengths[i] = 0
                episodeActions[i].removeAll(keepingCapacity: true)
                skills[i] = drawSkill()
                stepsSinceSkill[i] = 0
            } else {
                episodeActions[i].append(contentsOf: environmentActions[(i * actionSize)..<((i + 1) * actionSize)])
                if let interval = configuration.diayn.skillInterval, objective != nil, stepsSinceSkill[i] >= interval {
                    skills[i] = drawSkill()
                    stepsSinceSkill[i] = 0
                }
            }
        }
        observations = result.observations
        step += count

        guard step > configuration.sac.warmupSteps, buffer.count >= configuration.sac.batchSize else { return }
        for _ in 0..<(count * configuration.sac.updatesPerStep) {
            buffer.sample(configuration.sac.batchSize, into: &batch, using: &bufferGenerator)
            objective?.relabel(&batch, metrics: &log.updateMetrics)
            learner.update(batch, using: &updateGenerator, metrics: &log.updateMetrics)
        }
    }

    func drawSkill() -> Int32 {
        guard let prior else { return 0 }
        return prior.sample(using: &skillGenerator)
    }

    func scaledToActionSpace(_ actions: [Float]) -> [Float] { setup.scaled(actions) }

    func checkFinite(_ observations: [Float], rewards: [Float], stage: String) throws {
        try setup.checkFinite(observations, rewards: rewards, stage: stage, step: step)
    }

    func makeRecord(stepsPerSecond: Double, elapsed: Double) -> MetricsRecord {
        log.record(step: step, episodes: episodes, updates: learner.updateCount, stepsPerSecond: stepsPerSecond, elapsed: elapsed)
    }

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
            episodeIndices: environments.episodeIndices, skills: skills, stepsSinceSkill: stepsSinceSkill,
            episodeReturnBits: episodeReturns.map(\.bitPattern), episodeLengths: episodeLengths)
        var tensors = learner.namedState()
        if let objective { tensors += objective.namedState() }
        tensors += buffer.namedTensors(prefix: "replay")
        tensors += episodeActionTensors(episodeActions)
        try state.save(tensors: tensors, into: runDirectory, keep: configuration.keepCheckpoints)
    }

    /// Restores everything a checkpoint holds; the environments replay their current episodes.
    /// - Throws: ``TrainingError`` `.incompatibleCheckpoint` when it belongs to another setup.
    public func restore(from checkpoint: Checkpoint) throws {
        let source = "checkpoint at step \(checkpoint.step)"
        let state = try checkedState(of: checkpoint, observationSize: observationSize, actionSize: actionSize)
        try learner.restore(from: checkpoint.tensors, source: source)
        try objective?.restore(from: checkpoint.tensors, source: source)
        try buffer.restore(from: checkpoint.tensors, prefix: "replay")
        policyGenerator = try Xoshiro256(words: state.generators["policy"])
        bufferGenerator = try Xoshiro256(words: state.generators["buffer"])
        updateGenerator = try Xoshiro256(words: state.generators["update"])
        skillGenerator = try Xoshiro256(words: state.generators["skills"])
        let actions = try episodeActions(in: checkpoint)
        observations = try environments.replayEpisodes(master: configuration.seed, episodes: state.episodeIndices, actions: actions)
        episodeActions = actions
        step = state.step
        episodes = state.episodes
        skills = state.skills
        stepsSinceSkill = state.stepsSinceSkill
        episodeReturns = state.episodeReturnBits.map(Float.init(bitPattern:))
        episodeLengths = state.episodeLengths
    }
}
