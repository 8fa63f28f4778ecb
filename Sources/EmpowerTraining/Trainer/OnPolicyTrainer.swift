import EmpowerAgents
import EmpowerBase
import EmpowerCore
import EmpowerCritics
import EmpowerNN
import EmpowerSkills
import FoundationEssentials

/// The on-policy training loop, written once for PPO and SLIM:
///
///     collect a rollout (T steps of N environments, the policy acting with skill z)
///     -> reward channels score it (then discriminators learn from it)
///     -> per-channel GAE -> combined advantage -> PPO epochs -> log -> checkpoint
///
/// ```swift
/// var configuration = TrainingConfiguration()
/// configuration.algorithm = .slim
/// configuration.environment = "TabletopPush-v0"
/// let trainer = try OnPolicyTrainer(configuration: configuration, catalog: BuiltInEnvironments.catalog)
/// try trainer.train()
/// ```
///
/// **PPO** (`algorithm: "ppo"`): one channel, `task` (the environment's reward), one value head.
///
/// **SLIM** (`algorithm: "slim"`): the channels of `slim.channels` (plus any passed in from
/// Swift), each a reward r_k with weight w_k. With `slim.combine: "critics"` every channel has
/// its own value head V_k (``MultiCritic``), its own GAE and its own advantage normalization,
/// and the policy follows A = sum_k w_k normalized(A_k); with `"sum"` one critic learns the
/// value of sum_k w_k r_k, the baseline SLIM is compared against.
///
/// Skills: each environment draws a skill when its episode starts: uniform over K for discrete
/// skills (code onehot(z)), z ~ N(0, I) for continuous ones (the code is z). The policy and the
/// critics see `[observation, code]`. For evaluation, continuous skill k is the unit vector at
/// angle 2 pi k / K when `skill_dimension` is 2, otherwise a fixed unit vector drawn from the
/// seed.
///
/// Bootstrapping (Gymnasium rules): a terminated step bootstraps from 0, a truncated one from
/// V(true final observation), every other step from V(s_{t+1}).
///
/// Random streams (from `configuration.seed`, see ``Seed``): `"init"` (networks), `"policy"`
/// (action noise), `"update"` (PPO minibatch order), `"channels"` (discriminator minibatches),
/// `"skills"` (skill draws); the vector environment derives one seed per environment and episode.
///
/// Checkpoints are written at rollout boundaries, so no rollout is ever half stored: they hold
/// the networks, optimizer moments, the channels' learned state, every generator, counters, and
/// each environment's current episode (its skill code, partial returns and actions; on resume
/// it is replayed from its seed). Resumed equals uninterrupted, bit for bit.
///
/// Logged every `log_interval` steps (checked at rollout ends): `rollout/episode_return`,
/// `rollout/episode_length`, `rollout/episodes`, `rollout/safety_violations` (events per
/// episode), `slim/<channel>/return` (each channel's undiscounted episode return, mean over
/// the episodes finished since the last record) and `slim/<channel>/value_loss` (with
/// `combine: "sum"` the one head is `slim/sum/...`), PPO's `train/...`, the discovery channel's
/// `skills/...`, `time/steps_per_second`, `time/elapsed_seconds`.
public final class OnPolicyTrainer: SingleAgentTrainingLoop {
    public let configuration: TrainingConfiguration
    public let runDirectory: RunDirectory?
    public let catalog: EnvironmentCatalog
    public internal(set) var learner: PPOLearner
    /// The reward channels, in head order (sorted by name, Swift-added ones after).
    public let channels: [any RewardChannel]
    /// The channel that evaluation asks which skill a state looks like (SLIM's discovery).
    public let discovery: (any SkillScoringChannel)?
    /// Environment steps taken (over all parallel environments).
    public internal(set) var step = 0
    /// Episodes finished.
    public internal(set) var episodes = 0
    /// The returns of the last (at most 100) finished episodes, oldest first.
    public private(set) var recentEpisodeReturns: [Double] = []
    /// The latest values of every metric.
    public internal(set) var latestMetrics = Metrics()
    public let observationSize: Int
    public let actionSize: Int
    /// K: discrete skills, or the number of evaluation directions of continuous skills; 0 for PPO.
    public let skillCount: Int
    /// The width of the skill code the networks see (K one-hot, or `skill_dimension`).
    public let codeSize: Int
    public let environmentSpec: EnvironmentSpec
    /// The value heads' names: the channels' with `combine: "critics"`, `["sum"]` with `"sum"`.
    public var headNames: [String] { learner.critic.heads }

    let setup: TrainerEnvironments
    var environments: any VectorEnvironment
    var acting: PPOActing
    var policyGenerator: Xoshiro256
    var updateGenerator: Xoshiro256
    var channelGenerator: Xoshiro256
    var skillGenerator: Xoshiro256
    let evaluationCodes: Tensor

    // The collector's state, one entry per environment.
    var observations: [Float] = []
    var skills: [Int32]
    var codes: [Float]
    var episodeReturns: [Float]
    var episodeLengths: [Int]
    var episodeSafety: [Float]
    var episodeChannelReturns: [Float]
    var episodeActions: [[Float]]

    // Log accumulators.
    var updateMetrics = Metrics()
    var finishedReturns: [Double] = []
    var finishedLengths: [Double] = []
    var finishedSafety: [Double] = []
    var finishedChannelReturns: [Double] = []
    var finishedChannelEpisodes = 0

    /// A trainer at step 0. `extraChannels` are reward channels written in Swift, added after
    /// the configured ones (SLIM only; resume by passing the same ones again).
    /// - Throws: ``TrainingError`` for an environment the algorithm cannot train on,
    ///   ``ConfigurationError`` for channels the environment cannot serve (reach without
    ///   end-effector and object feature groups, a bad `slim.features`), or what the catalog
    ///   throws.
    public init(configuration: TrainingConfiguration, catalog: EnvironmentCatalog, runDirectory: RunDirectory? = nil, extraChannels: [any RewardChannel] = []) throws {
        guard configuration.algorithm == .ppo || configuration.algorithm == .slim else {
            throw TrainingError(.unsupportedEnvironment, "OnPolicyTrainer trains ppo and slim, not \(configuration.algorithm.rawValue); use Trainers.make")
        }
        try configuration.validate()
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

        let seed = configuration.seed
        let slim = configuration.slim
        let isSLIM = configuration.algorithm == .slim
        skillCount = isSLIM ? configuration.skills : 0
        codeSize = isSLIM ? (slim.isContinuous ? slim.skillDimension : configuration.skills) : 0
        var initGenerator = Xoshiro256(seed: Seed.derive(seed, stream: "init"))
        var channelList: [any RewardChannel] = []
        var discovery: (any SkillScoringChannel)?
        if isSLIM {
            for name in slim.channelNames {
                let weight = slim.channels[name] ?? 0
                let channel = try Self.makeChannel(name, weight: weight, configuration: configuration, codeSize: codeSize, spec: setup.spec, observationSize: observationSize, using: &initGenerator)
                if let scoring = channel as? any SkillScoringChannel { discovery = scoring }
                channelList.append(channel)
            }
            channelList += extraChannels
        } else {
            channelList = [TaskChannel(weight: 1)]
        }
        let names = channelList.map(\.name)
        guard Set(names).count == names.count else {
            throw ConfigurationError.invalidValue(field: "slim.channels", value: names.joined(separator: ", "), allowed: "distinct channel names")
        }
        channels = channelList
        self.discovery = discovery
        let heads = isSLIM && slim.combination == .sum ? ["sum"] : names
        learner = PPOLearner(
            configuration: configuration.ppo, inputSize: observationSize + codeSize, actionSize: actionSize, heads: heads,
            architecture: slim.criticArchitecture == "shared" ? .shared : .separate, using: &initGenerator)
        acting = PPOActing(learner: learner)
        evaluationCodes = Self.evaluationCodes(skillCount: skillCount, codeSize: codeSize, continuous: isSLIM && slim.isContinuous, seed: seed)

        policyGenerator = Xoshiro256(seed: Seed.derive(seed, stream: "policy"))
        updateGenerator = Xoshiro256(seed: Seed.derive(seed, stream: "update"))
        channelGenerator = Xoshiro256(seed: Seed.derive(seed, stream: "channels"))
        skillGenerator = Xoshiro256(seed: Seed.derive(seed, stream: "skills"))
        let count = configuration.environments
        skills = [Int32](repeating: 0, count: count)
        codes = [Float](repeating: 0, count: count * codeSize)
        episodeReturns = [Float](repeating: 0, count: count)
        episodeLengths = [Int](repeating: 0, count: count)
        episodeSafety = [Float](repeating: 0, count: count)
        episodeChannelReturns = [Float](repeating: 0, count: count * channelList.count)
        episodeActions = [[Float]](repeating: [], count: count)

        observations = try environments.reset(seed: seed).observations
        for i in 0..<count { drawSkill(for: i) }
        try setup.checkFinite(observations, rewards: [], stage: "reset", step: 0)
    }

    /// Builds a configured channel by name.
    static func makeChannel(
        _ name: String, weight: Float, configuration: TrainingConfiguration, codeSize: Int, spec: EnvironmentSpec, observationSize: Int,
        using generator: inout Xoshiro256
    ) throws -> any RewardChannel {
        let slim = configuration.slim
        switch name {
        case "discovery":
            let features: FeatureSelection
            switch FeatureSelection.resolve(slim.features, observationSize: observationSize, groups: spec.featureGroups, field: "slim.features") {
            case .success(let selection): features = selection
            case .failure(let issue): throw ConfigurationError.invalidValue(field: issue.field, value: issue.value, allowed: issue.allowed)
            }
            switch slim.discoveryKind {
            case .diayn:
                return DIAYNDiscoveryChannel(
                    weight: weight, skillCount: configuration.skills, features: features, hiddenSizes: slim.hiddenSizes,
                    learningRate: slim.learningRate, epochs: slim.discriminatorEpochs, batchSize: slim.discriminatorBatchSize, using: &generator)
            case .distance:
                return DistanceDiscoveryChannel(
                    weight: weight, codeSize: codeSize, centered: !slim.isContinuous, features: features, hiddenSizes: slim.hiddenSizes,
                    learningRate: slim.learningRate, iterations: slim.spectralIterations, epochs: slim.discriminatorEpochs,
                    batchSize: slim.discriminatorBatchSize, using: &generator)
            }
        case "reach":
            guard let endEffector = spec.featureGroups["end_effector"], endEffector.count == 2,
                  let objects = spec.featureGroups["objects"] ?? spec.featureGroups["object"], !objects.isEmpty, objects.count % 2 == 0
            else {
                throw ConfigurationError.invalidValue(
                    field: "slim.channels.reach", value: "\(weight)",
                    allowed: "no reach channel on \(configuration.environment): it declares no \"end_effector\" and \"objects\" feature groups (use a tabletop environment, or remove the channel)")
            }
            return ReachChannel(weight: weight, endEffector: endEffector, objects: objects, scale: slim.reachScale)
        case "safety":
            return SafetyChannel(weight: weight)
        case "task":
            return TaskChannel(weight: weight)
        default:
            return InfoChannel(key: String(name.dropFirst("info.".count)), weight: weight)
        }
    }

    /// The K codes evaluation rolls skills out with: one-hot rows for discrete skills; unit
    /// vectors for continuous ones (evenly spaced on the circle in 2-D).
    static func evaluationCodes(skillCount: Int, codeSize: Int, continuous: Bool, seed: UInt64) -> Tensor {
        guard skillCount > 0, codeSize > 0 else { return Tensor(shape: [1, 1]) }
        var values = [Float](repeating: 0, count: skillCount * codeSize)
        for k in 0..<skillCount {
            if !continuous {
                values[k * codeSize + k] = 1
            } else if codeSize == 2 {
                let angle = 2 * Float.pi * Float(k) / Float(skillCount)
                values[k * 2] = _cosf(angle)
                values[k * 2 + 1] = _sinf(angle)
            } else {
                var generator = Xoshiro256(seed: Seed.derive(seed, stream: "evaluation-skills", index: UInt64(k)))
                var norm: Float = 0
                for j in 0..<codeSize {
                    values[k * codeSize + j] = generator.nextStandardNormal()
                    norm += values[k * codeSize + j] * values[k * codeSize + j]
                }
                for j in 0..<codeSize { values[k * codeSize + j] /= max(norm.squareRoot(), 1e-6) }
            }
        }
        return (try? Tensor(shape: Shape(rows: skillCount, columns: codeSize), scalars: values)) ?? Tensor(shape: [1, 1])
    }

    /// The number of environment copies.
    public var environmentCount: Int { configuration.environments }

    /// Transitions per rollout: `ppo.rollout_steps` x `environments`.
    public var rolloutSize: Int { configuration.ppo.rolloutSteps * environmentCount }

    func drawSkill(for i: Int) {
        guard codeSize > 0 else { return }
        let base = i * codeSize
        if configuration.slim.isContinuous {
            skills[i] = 0
            for j in 0..<codeSize { codes[base + j] = skillGenerator.nextStandardNormal() }
        } else {
            let skill = Int(SkillPrior(skillCount: skillCount).sample(using: &skillGenerator))
            skills[i] = Int32(skill)
            for j in 0..<codeSize { codes[base + j] = j == skill ? 1 : 0 }
        }
    }

    /// `[observation, code]` rows.
    func fillInputs(_ inputs: inout Tensor, observations: [Float], codes: [Float], rows: Int) {
        let width = observationSize + codeSize
        if inputs.shape != Shape(rows: rows, columns: width) { inputs = Tensor(shape: Shape(rows: rows, columns: width)) }
        inputs.withUnsafeMutableBufferPointer { target in
            for r in 0..<rows {
                for j in 0..<observationSize { target[r * width + j] = observations[r * observationSize + j] }
                for j in 0..<codeSize { target[r * width + observationSize + j] = codes[r * codeSize + j] }
            }
        }
    }

    // MARK: The loop

    /// Trains until `until` environment steps (the configuration's `steps` by default; a
    /// rollout in progress is finished, so the step count can pass the target by less than one
    /// rollout) or until `stop` is requested, writing metrics and checkpoints into the run
    /// directory if there is one. A stop or the end writes a final checkpoint.
    @discardableResult
    public func train(until target: Int? = nil, stop: StopSignal? = nil, progress: ((String) -> Void)? = nil) throws -> TrainingSummary {
        try runLoop(until: target, stop: stop, progress: progress)
    }

    var updateCount: Int { learner.updateCount }
    var shownMetrics: [String] { ["skills/accuracy", "rollout/episode_return", "rollout/safety_violations"] }
    func advance() throws { try collectAndUpdate() }

    /// One rollout, its rewards, advantages and PPO update.
    func collectAndUpdate() throws {
        let n = environmentCount
        let steps = configuration.ppo.rolloutSteps
        let m = steps * n
        let heads = learner.critic.headCount
        let width = observationSize + codeSize
        var rollout = RolloutStorage(count: m, observationSize: observationSize, actionSize: actionSize, codeSize: codeSize, inputSize: width, heads: heads)
        let infoKeys = Array(Set(channels.flatMap(\.infoKeys))).sorted()
        for key in infoKeys { rollout.infoFloats[key] = [Float](repeating: 0, count: m) }
        var inputs = Tensor(shape: [1, 1])
        var truncatedRows: [Int] = []
        var truncatedInputs: [Float] = []

        // Collect.
        for t in 0..<steps {
            fillInputs(&inputs, observations: observations, codes: codes, rows: n)
            acting.act(inputs, deterministic: false, using: &policyGenerator)
            let environmentActions = setup.scaled(acting.actions, clipping: true)
            let result = try environments.step(environmentActions)
            try setup.checkFinite(result.observations, rewards: result.rewards, stage: "step", step: step)
            for i in 0..<n {
                let row = t * n + i
                rollout.store(row: row, input: inputs, inputRow: i, actions: acting.actions, actionRow: i,
                              logProbability: acting.logProbabilities[i], values: acting.values, skill: skills[i])
                let next: ArraySlice<Float>
                if let final = result.finalObservations[i] {
                    try setup.checkFinite(final, rewards: [], stage: "final observation", step: step)
                    next = final[...]
                } else {
                    next = result.observations[(i * observationSize)..<((i + 1) * observationSize)]
                }
                rollout.nextObservations.replaceSubrange((row * observationSize)..<((row + 1) * observationSize), with: next)
                rollout.environmentRewards[row] = result.rewards[i]
                let events = Float(result.infos[i].safetyEvents?.total ?? 0)
                rollout.safetyEvents[row] = events
                for key in infoKeys { rollout.infoFloats[key]?[row] = result.infos[i].floats[key] ?? 0 }
                rollout.terminated[row] = result.terminations[i]
                rollout.ends[row] = result.isDone(i)
                if result.truncations[i] && !result.terminations[i] {
                    truncatedRows.append(row)
                    truncatedInputs += next
                    truncatedInputs += codes[(i * codeSize)..<((i + 1) * codeSize)]
                }
                episodeReturns[i] += result.rewards[i]
                episodeLengths[i] += 1
                episodeSafety[i] += events
                if result.isDone(i) {
                    finishedReturns.append(Double(episodeReturns[i]))
                    recentEpisodeReturns.append(Double(episodeReturns[i]))
                    if recentEpisodeReturns.count > 100 { recentEpisodeReturns.removeFirst() }
                    finishedLengths.append(Double(episodeLengths[i]))
                    finishedSafety.append(Double(episodeSafety[i]))
                    episodes += 1
                    episodeReturns[i] = 0
                    episodeLengths[i] = 0
                    episodeSafety[i] = 0
                    episodeActions[i].removeAll(keepingCapacity: true)
                    drawSkill(for: i)
                } else {
                    episodeActions[i].append(contentsOf: environmentActions[(i * actionSize)..<((i + 1) * actionSize)])
                }
            }
            observations = result.observations
            step += n
        }

        // What each step bootstraps from: 0 (terminated), V(final) (truncated), V(s_{t+1}).
        fillInputs(&inputs, observations: observations, codes: codes, rows: n)
        let lastValues = acting.values(of: inputs)
        var truncatedValues: [Float] = []
        if !truncatedRows.isEmpty, let finals = try? Tensor(shape: Shape(rows: truncatedRows.count, columns: width), scalars: truncatedInputs) {
            truncatedValues = acting.values(of: finals)
        }
        var nextValues = [[Float]](repeating: [Float](repeating: 0, count: m), count: heads)
        for h in 0..<heads {
            for row in 0..<m where !rollout.ends[row] {
                nextValues[h][row] = row + n < m ? rollout.values[(row + n) * heads + h] : lastValues[(row - (m - n)) * heads + h]
            }
            for (index, row) in truncatedRows.enumerated() { nextValues[h][row] = truncatedValues[index * heads + h] }
        }

        // Rewards: every channel scores the rollout, then learns from it.
        let transitions = rollout.transitions()
        var channelRewards: [[Float]] = []
        for channel in channels { channelRewards.append(channel.rewards(for: transitions, metrics: &updateMetrics)) }
        for channel in channels { channel.learn(from: transitions, using: &channelGenerator, metrics: &updateMetrics) }
        accumulateChannelReturns(channelRewards, ends: rollout.ends)
        let weights = channels.map(\.weight)
        let headRewards: [[Float]]
        if heads == channels.count {
            headRewards = channelRewards
        } else {
            var sum = [Float](repeating: 0, count: m)
            for (k, rewards) in channelRewards.enumerated() { for row in 0..<m { sum[row] += weights[k] * rewards[row] } }
            headRewards = [sum]
        }

        // Per-head GAE, then A = sum_k w_k normalized(A_k) (one head: normalized(A)).
        var advantages: [[Float]] = []
        var returns = [Float](repeating: 0, count: m * heads)
        for h in 0..<heads {
            var a: [Float] = [], r: [Float] = []
            let values = (0..<m).map { rollout.values[$0 * heads + h] }
            GeneralizedAdvantageEstimation.compute(
                rewards: headRewards[h], values: values, nextValues: nextValues[h], ends: rollout.ends, steps: steps, environments: n,
                gamma: configuration.ppo.gamma, lambda: configuration.ppo.gaeLambda, advantages: &a, returns: &r)
            advantages.append(a)
            for row in 0..<m { returns[row * heads + h] = r[row] }
        }
        var combined: [Float] = []
        AdvantageCombination.combine(
            advantages, weights: heads == channels.count ? weights : [1], normalize: configuration.ppo.normalizeAdvantages,
            floor: configuration.algorithm == .slim && heads == channels.count ? configuration.slim.advantageFloor : 0, into: &combined)

        // PPO.
        let samples = RolloutSamples(
            inputs: rollout.inputs, actions: rollout.actionsTensor, logProbabilities: rollout.logProbabilities, advantages: combined,
            returns: (try? Tensor(shape: Shape(rows: m, columns: heads), scalars: returns)) ?? Tensor(shape: [1, 1]),
            values: rollout.valuesTensor)
        learner.update(samples, using: &updateGenerator, metrics: &updateMetrics)
    }

    /// Adds each channel's rewards to the running episode returns; episodes that ended are
    /// counted into the log accumulators.
    func accumulateChannelReturns(_ rewards: [[Float]], ends: [Bool]) {
        let n = environmentCount, k = channels.count
        if finishedChannelReturns.count != k { finishedChannelReturns = [Double](repeating: 0, count: k) }
        for row in 0..<ends.count {
            let i = row % n
            for c in 0..<k { episodeChannelReturns[i * k + c] += rewards[c][row] }
            if ends[row] {
                for c in 0..<k {
                    finishedChannelReturns[c] += Double(episodeChannelReturns[i * k + c])
                    episodeChannelReturns[i * k + c] = 0
                }
                finishedChannelEpisodes += 1
            }
        }
    }

    func makeRecord(stepsPerSecond: Double, elapsed: Double) -> MetricsRecord {
        var record = MetricsRecord(step: step)
        func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(max(values.count, 1)) }
        if !finishedReturns.isEmpty {
            record.set("rollout/episode_return", mean(finishedReturns))
            record.set("rollout/episode_length", mean(finishedLengths))
            record.set("rollout/safety_violations", mean(finishedSafety))
        }
        record.set("rollout/episodes", Double(episodes))
        if finishedChannelEpisodes > 0 {
            for (c, channel) in channels.enumerated() {
                record.set("slim/\(channel.name)/return", finishedChannelReturns[c] / Double(finishedChannelEpisodes))
            }
        }
        for (h, name) in headNames.enumerated() where h < learner.lastValueLosses.count {
            record.set("slim/\(name)/value_loss", learner.lastValueLosses[h])
        }
        for (key, value) in updateMetrics.entries { record.set(key, value) }
        record.set("train/updates", Double(learner.updateCount))
        record.set("time/steps_per_second", stepsPerSecond)
        record.set("time/elapsed_seconds", elapsed)
        finishedReturns.removeAll(keepingCapacity: true)
        finishedLengths.removeAll(keepingCapacity: true)
        finishedSafety.removeAll(keepingCapacity: true)
        finishedChannelReturns = [Double](repeating: 0, count: channels.count)
        finishedChannelEpisodes = 0
        latestMetrics = Metrics()
        for (key, value) in record.values { latestMetrics.set(key, value) }
        return record
    }

    // MARK: Acting for users

    /// The policy's action for one observation under `skill`, in the environment's action
    /// units (clipped to its bounds): the mean unless `stochastic`.
    /// - Throws: ``TrainingError`` for a skill outside 0..<K or an observation of the wrong length.
    public func skillAction(for observation: [Float], skill: Int, stochastic: Bool, using generator: inout Xoshiro256) throws -> [Float] {
        guard observation.count == observationSize else {
            throw TrainingError(.unsupportedEnvironment, "an observation of \(observation.count) floats was given, \(configuration.environment) has \(observationSize)", context: ["observation_count": "\(observation.count)"])
        }
        let code = try skillCode(skill)
        var inputs = Tensor(shape: [1, 1])
        fillInputs(&inputs, observations: observation, codes: code, rows: 1)
        var acting = PPOActing(learner: learner)
        acting.act(inputs, deterministic: !stochastic, using: &generator)
        return setup.scaled(acting.actions, clipping: true)
    }

    /// The code evaluation conditions skill `skill` on.
    func skillCode(_ skill: Int) throws -> [Float] {
        guard skillCount == 0 ? skill == 0 : (0..<skillCount).contains(skill) else {
            throw TrainingError(
                .unsupportedEnvironment, skillCount == 0 ? "this \(configuration.algorithm.rawValue) run learns no skills; use skill 0" : "skill \(skill) does not exist: this run has skills 0 to \(skillCount - 1)",
                context: ["skill": "\(skill)"])
        }
        guard codeSize > 0 else { return [] }
        return Array(evaluationCodes.scalars[(skill * codeSize)..<((skill + 1) * codeSize)])
    }
}

/// One rollout's storage, time-major (row t * N + i).
struct RolloutStorage {
    let count: Int
    let observationSize: Int
    let actionSize: Int
    let codeSize: Int
    let heads: Int
    var inputs: Tensor
    var actions: [Float]
    var logProbabilities: [Float]
    var values: [Float]
    var skills: [Int32]
    var nextObservations: [Float]
    var environmentRewards: [Float]
    var safetyEvents: [Float]
    var infoFloats: [String: [Float]] = [:]
    var terminated: [Bool]
    var ends: [Bool]

    init(count: Int, observationSize: Int, actionSize: Int, codeSize: Int, inputSize: Int, heads: Int) {
        self.count = count
        self.observationSize = observationSize
        self.actionSize = actionSize
        self.codeSize = codeSize
        self.heads = heads
        inputs = Tensor(shape: Shape(rows: count, columns: inputSize))
        actions = [Float](repeating: 0, count: count * actionSize)
        logProbabilities = [Float](repeating: 0, count: count)
        values = [Float](repeating: 0, count: count * heads)
        skills = [Int32](repeating: 0, count: count)
        nextObservations = [Float](repeating: 0, count: count * observationSize)
        environmentRewards = [Float](repeating: 0, count: count)
        safetyEvents = [Float](repeating: 0, count: count)
        terminated = [Bool](repeating: false, count: count)
        ends = [Bool](repeating: false, count: count)
    }

    mutating func store(row: Int, input: Tensor, inputRow: Int, actions source: [Float], actionRow: Int, logProbability: Float, values sourceValues: [Float], skill: Int32) {
        let width = input.shape[1]
        input.withUnsafeBufferPointer { s in
            inputs.withUnsafeMutableBufferPointer { t in
                for j in 0..<width { t[row * width + j] = s[inputRow * width + j] }
            }
        }
        for j in 0..<actionSize { actions[row * actionSize + j] = source[actionRow * actionSize + j] }
        for h in 0..<heads { values[row * heads + h] = sourceValues[actionRow * heads + h] }
        logProbabilities[row] = logProbability
        skills[row] = skill
    }

    var actionsTensor: Tensor { (try? Tensor(shape: Shape(rows: count, columns: actionSize), scalars: actions)) ?? Tensor(shape: [1, 1]) }
    var valuesTensor: Tensor { (try? Tensor(shape: Shape(rows: count, columns: heads), scalars: values)) ?? Tensor(shape: [1, 1]) }

    /// What reward channels see: s and the code are the input's columns, s' the stored next state.
    func transitions() -> RolloutTransitions {
        let width = observationSize + codeSize
        var states = [Float](repeating: 0, count: count * observationSize)
        var codes = [Float](repeating: 0, count: count * max(codeSize, 1))
        inputs.withUnsafeBufferPointer { s in
            for row in 0..<count {
                for j in 0..<observationSize { states[row * observationSize + j] = s[row * width + j] }
                for j in 0..<codeSize { codes[row * codeSize + j] = s[row * width + observationSize + j] }
            }
        }
        return RolloutTransitions(
            count: count, observationSize: observationSize,
            observations: (try? Tensor(shape: Shape(rows: count, columns: observationSize), scalars: states)) ?? Tensor(shape: [1, 1]),
            nextObservations: (try? Tensor(shape: Shape(rows: count, columns: observationSize), scalars: nextObservations)) ?? Tensor(shape: [1, 1]),
            skills: skills,
            skillCodes: (try? Tensor(shape: Shape(rows: count, columns: max(codeSize, 1)), scalars: codes)) ?? Tensor(shape: [1, 1]),
            environmentRewards: environmentRewards, safetyEvents: safetyEvents, infoFloats: infoFloats)
    }
}
