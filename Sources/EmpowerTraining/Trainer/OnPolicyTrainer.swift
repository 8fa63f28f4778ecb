import EmpowerAgents
import EmpowerBase
import EmpowerCore
import EmpowerCritics
import EmpowerNN
import EmpowerSkills
import FoundationEssentials

/// PPO, SLIM, LSD, METRA and CSD: the learner, the reward channels, and their update.
///
///     collect a rollout (T steps of N environments, the policy acting with skill z)
///     -> bootstrap values -> every reward channel scores the rollout, then learns from it
///     -> per-head GAE -> A = sum_k w_k normalized(A_k) -> PPO epochs
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
/// **LSD, METRA, CSD** (`algorithm: "lsd" | "metra" | "csd"`): one channel, `discovery`, the
/// distance reward r = (phi(s') - phi(s))^T z of ``DistanceObjective`` under the algorithm's
/// constraint (`distance` section). PPO is their backbone because a PPO step costs a few
/// hundred microseconds where a SAC update costs about 10 ms (`empower bench update`): at the
/// tens of millions of updates object skills need, only the on-policy budget fits in the half
/// hour a user can afford on a 2-core machine.
///
/// Skills (``SkillSpace``): discrete (code onehot(z)) or continuous (z a unit vector, the code
/// is z); the policy and the critics see `[observation, code]`. Actions are clipped to [-1, 1]
/// before scaling. Checkpoints are written between rollouts and add the networks, optimizer
/// moments, the channels' learned state (`channel.<name>.`) and each environment's running
/// channel returns to the run state. Logged: `rollout/...`, `slim/<channel>/return`,
/// `slim/<head>/value_loss`, PPO's `train/...`, the discovery channel's `skills/...`.
public final class OnPolicyTrainer: TrainingLoop {
    public let configuration: TrainingConfiguration
    public let runDirectory: RunDirectory?
    public let catalog: EnvironmentCatalog
    public let skillSpace: SkillSpace
    public let group: (any ProcessGroup)?
    public internal(set) var learner: PPOLearner
    /// The reward channels, in head order (sorted by name, Swift-added ones after).
    public let channels: [any RewardChannel]
    /// The channel that evaluation asks which skill a state looks like (SLIM's discovery).
    public let discovery: (any SkillScoringChannel)?
    var run: RunState
    var acting: PPOActing
    var channelReturns: ChannelReturns
    var inputs = Tensor(shape: [1, 1])

    public var observationSize: Int { run.collector.observationSize }
    public var actionSize: Int { run.collector.actionSize }
    /// The width of the skill code the networks see (K one-hot, or `skill_dimension`).
    public var codeSize: Int { skillSpace.codeSize }
    /// The value heads' names: the channels' with `combine: "critics"`, `["sum"]` with `"sum"`.
    public var headNames: [String] { learner.critic.heads }
    /// Transitions per rollout: `ppo.rollout_steps` x `environments`.
    public var rolloutSize: Int { configuration.ppo.rolloutSteps * environmentCount }

    /// A trainer at step 0. `extraChannels` are reward channels written in Swift, added after
    /// the configured ones (SLIM only; resume by passing the same ones again). With a `group`,
    /// this rank's share of data-parallel training (see ``TrainingLoop``).
    /// - Throws: ``TrainingError`` for an algorithm or environment it cannot train,
    ///   ``ConfigurationError`` for channels the environment cannot serve, or what the catalog throws.
    public init(
        configuration: TrainingConfiguration, catalog: EnvironmentCatalog, runDirectory: RunDirectory? = nil, extraChannels: [any RewardChannel] = [],
        group: (any ProcessGroup)? = nil
    ) throws {
        guard configuration.algorithm.isOnPolicy else {
            throw TrainingError(.unsupportedEnvironment, "OnPolicyTrainer trains ppo, slim, lsd, metra and csd, not \(configuration.algorithm.rawValue); use Trainers.make")
        }
        try configuration.validate()
        self.configuration = configuration
        self.runDirectory = runDirectory
        self.catalog = catalog
        self.group = group
        BLAS.setThreadCount(configuration.threads)
        let setup = try TrainerEnvironments(configuration: configuration, catalog: catalog)
        let slim = configuration.slim
        skillSpace = configuration.skillSpace
        var initGenerator = Xoshiro256(seed: Seed.derive(configuration.seed, stream: "init"))
        channels = try SLIMChannels.make(
            configuration: configuration, skills: skillSpace, spec: setup.spec, observationSize: setup.observationSize, extra: extraChannels,
            using: &initGenerator)
        discovery = channels.lazy.compactMap { $0 as? any SkillScoringChannel }.first
        let heads = configuration.algorithm == .slim && slim.combine == .sum ? ["sum"] : channels.map(\.name)
        learner = PPOLearner(
            configuration: configuration.ppo, inputSize: setup.observationSize + skillSpace.codeSize, actionSize: setup.actionSize, heads: heads,
            architecture: slim.criticArchitecture == .shared ? .shared : .separate, using: &initGenerator)
        acting = PPOActing(learner: learner)
        channelReturns = ChannelReturns(environments: configuration.environments, channels: channels.count)
        let seed = Seed.collection(configuration.seed, rank: group?.rank ?? 0)
        run = RunState(seed: seed, collector: try Collector(environments: setup, configuration: configuration, seed: seed, skills: skillSpace, clipsActions: true))
    }

    /// LSD, METRA and CSD's representation phi and its constraint (nil for PPO and SLIM with
    /// DIAYN's discovery): what zero-shot goal reaching steers by.
    public var distanceObjective: DistanceObjective? {
        channels.lazy.compactMap { ($0 as? DistanceDiscoveryChannel)?.objective }.first
    }

    var updateCount: Int { learner.updateCount }
    /// PPO: the return; SLIM: every channel's return, the minibatch and the fresh-rollout
    /// accuracy; the distance-based objectives: the objective, the phi distance per step, the dual.
    var shownMetrics: [String] {
        if configuration.algorithm.distanceConstraint != nil {
            return ["skills/phi_objective", "skills/phi_distance", "skills/dual", "eval/object_displacement_cells"]
        }
        guard skillCount > 0 else { return ["rollout/episode_return"] }
        return channels.map { "slim/\($0.name)/return" } + ["skills/accuracy", "eval/accuracy"]
    }
    var actingObservationSize: Int { observationSize }
    var checkpointIdentity: CheckpointIdentity { CheckpointIdentity(observationSize: observationSize, actionSize: actionSize) }

    // MARK: The algorithm

    /// One rollout, its rewards, advantages and PPO update.
    func advance() throws {
        let n = environmentCount, ppo = configuration.ppo
        var rollout = RolloutBuffer(
            steps: ppo.rolloutSteps, environments: n, observationSize: observationSize, actionSize: actionSize, codeSize: codeSize,
            heads: learner.critic.headCount, infoKeys: Array(Set(channels.flatMap(\.infoKeys))).sorted())

        // Collect.
        for t in 0..<ppo.rolloutSteps {
            fillInputs(&inputs, observations: run.collector.observations, codes: run.collector.codes[...], rows: n)
            acting.act(inputs, deterministic: false, using: &run.policyGenerator)
            let collected = try run.collector.step(acting.actions, at: run.step)
            rollout.store(step: t, inputs: inputs, acting: acting, collected: collected)
            run.step += n * ranks
        }

        // What each step bootstraps from.
        fillInputs(&inputs, observations: run.collector.observations, codes: run.collector.codes[...], rows: n)
        let lastValues = acting.values(of: inputs)
        var truncatedValues: [Float] = []
        if !rollout.truncatedRows.isEmpty {
            let finals = try Tensor(shape: Shape(rows: rollout.truncatedRows.count, columns: observationSize + codeSize), scalars: rollout.truncatedInputs)
            truncatedValues = acting.values(of: finals)
        }
        let nextValues = rollout.nextValues(lastValues: lastValues, truncatedValues: truncatedValues)

        // Rewards: every channel scores the rollout, then learns from it.
        let transitions = try rollout.transitions()
        var metrics = run.collector.log.takeUpdateMetrics()
        let channelRewards = channels.map { $0.rewards(for: transitions, metrics: &metrics) }
        for channel in channels { channel.learn(from: transitions, using: &run.channelGenerator, metrics: &metrics) }
        channelReturns.add(channelRewards, ends: rollout.ends, environments: n)
        let weights = channels.map(\.weight)
        let perChannel = rollout.heads == channels.count
        let headRewards = perChannel ? channelRewards : [(0..<rollout.count).map { row in
            var sum: Float = 0
            for (k, rewards) in channelRewards.enumerated() { sum += weights[k] * rewards[row] }
            return sum
        }]

        // Per-head GAE, then A = sum_k w_k normalized(A_k) (one head: normalized(A)).
        let (advantages, returns) = rollout.advantages(headRewards: headRewards, nextValues: nextValues, gamma: ppo.gamma, lambda: ppo.gaeLambda)
        var combined: [Float] = []
        AdvantageCombination.combine(
            advantages, weights: perChannel ? weights : [1], normalize: ppo.normalizeAdvantages,
            floor: configuration.algorithm == .slim && perChannel ? configuration.slim.advantageFloor : 0, into: &combined)

        // PPO.
        learner.update(try rollout.samples(advantages: combined, returns: returns), using: &run.updateGenerator, metrics: &metrics)
        run.collector.log.updateMetrics = metrics
    }

    /// `[observation, code]` rows.
    func fillInputs(_ inputs: inout Tensor, observations: [Float], codes: ArraySlice<Float>, rows: Int) {
        let width = observationSize + codeSize
        if inputs.shape != Shape(rows: rows, columns: width) { inputs = Tensor(shape: Shape(rows: rows, columns: width)) }
        inputs.withUnsafeMutableBufferPointer { target in
            for r in 0..<rows {
                for j in 0..<observationSize { target[r * width + j] = observations[r * observationSize + j] }
                for j in 0..<codeSize { target[r * width + observationSize + j] = codes[codes.startIndex + r * codeSize + j] }
            }
        }
    }

    func extraRecordValues() -> [(key: String, value: Double)] {
        var values: [(key: String, value: Double)] = []
        if let means = channelReturns.takeMeans() {
            for (c, channel) in channels.enumerated() { values.append(("slim/\(channel.name)/return", means[c])) }
        }
        for (h, name) in headNames.enumerated() where h < learner.lastValueLosses.count {
            values.append(("slim/\(name)/value_loss", learner.lastValueLosses[h]))
        }
        return values
    }

    func policyAction(row: [Float], skill: Int, code: ArraySlice<Float>, stochastic: Bool, using generator: inout Xoshiro256) -> [Float] {
        var inputs = Tensor(shape: [1, 1])
        fillInputs(&inputs, observations: row, codes: code, rows: 1)
        var acting = PPOActing(learner: learner)
        acting.act(inputs, deterministic: !stochastic, using: &generator)
        return acting.actions
    }

    /// The discovery channel's log q(. | s') of every visited state, under `"skill"`.
    func discriminatorTables(states: Tensor, initial: [Float]) -> [String: [Float]] {
        guard let discovery, let codes = try? Tensor(shape: Shape(rows: skillCount, columns: codeSize), scalars: Array(evaluationCodes)) else { return [:] }
        return ["skill": discovery.skillLogProbabilities(of: states, initial: initial, codes: codes)]
    }

    // MARK: Checkpoint parts

    func addAlgorithmParts(to tensors: inout CheckpointTensors) {
        tensors.add(learner)
        tensors.add(RewardChannels(channels: channels), under: "channel")
    }

    func restoreAlgorithmParts(from section: CheckpointSection) throws {
        try learner.restore(from: section)
        try RewardChannels(channels: channels).restore(from: section.section("channel"))
    }

    func addRankParts(to tensors: inout CheckpointTensors) {
        tensors.add(channelReturns, under: "collector")
    }

    func restoreRankParts(from section: CheckpointSection) throws {
        try channelReturns.restore(from: section.section("collector"))
    }
}
