import EmpowerAgents
import EmpowerBase
import EmpowerCore
import EmpowerNN
import EmpowerSkills
import FoundationEssentials

/// SAC and DIAYN: the learner, the optional skill objective, and their update.
///
///     collect (the policy acts with skill z) -> store in the replay buffer
///     -> replay_ratio times per environment step after the warm-up: sample a batch -> SAC
///        updates (targets, critic loss, actor loss and Polyak, temperature), the objective
///        as its side work: it relabels the rewards (DIAYN: r = log q(z | f(s')) - log p(z))
///        beside the actor's forward passes and its discriminator learns from the same s'
///        beside the actor's backward pass (at once on two threads with threads >= 2)
///
/// ```swift
/// let trainer = try OffPolicyTrainer(configuration: configuration, catalog: BuiltInEnvironments.catalog,
///                                    runDirectory: try RunDirectory(path: "runs/demo", create: true))
/// let summary = try trainer.train()
/// ```
///
/// The loop, checkpoints, evaluation and acting for users are ``TrainingLoop``'s; collecting is
/// ``Collector``'s. Skills: each environment draws one at the start of every episode (or every
/// `diayn.skill_interval` steps); the policy and critics see `[observation, onehot(z)]`; the
/// replay buffer stores the skill with each transition. During the first `sac.warmup_steps`
/// steps the actions are uniform in [-1, 1] (from the `"policy"` stream).
///
/// Checkpoints add to the run state the learner (networks, targets, optimizer moments, alpha),
/// the discriminator and the whole replay buffer (under `replay.`). Same seed, same thread
/// count: the same run, bit for bit, resumed or not.
///
/// Logged: the collector's `rollout/...`, the learner's `train/...`, the objective's
/// `skills/...` (accuracy and loss on the training batch, mean intrinsic reward).
public final class OffPolicyTrainer: TrainingLoop {
    public let configuration: TrainingConfiguration
    public let runDirectory: RunDirectory?
    public let catalog: EnvironmentCatalog
    public let skillSpace: SkillSpace
    public let group: (any ProcessGroup)?
    public private(set) var learner: SACLearner
    public internal(set) var objective: DIAYNObjective?
    public private(set) var buffer: ReplayBuffer
    var run: RunState
    var batch: TransitionBatch
    var sampler: ActorSampler
    var policyInputs = Tensor(shape: [1, 1])
    /// What the objective logs during an update (apart from the learner's, which may run at once).
    var objectiveMetrics = Metrics()
    /// The objective's share of an update, handed to the learner.
    lazy var discriminatorWork = DiscriminatorWork(trainer: self)

    public var observationSize: Int { run.collector.observationSize }
    public var actionSize: Int { run.collector.actionSize }

    /// A trainer at step 0: environments built from `catalog`, networks initialized from the
    /// seed; with a `group`, this rank's share of data-parallel training (see ``TrainingLoop``).
    /// - Throws: ``TrainingError`` for an environment the algorithm cannot train on,
    ///   ``ConfigurationError`` for features the environment does not have, or what the catalog
    ///   throws for an unknown id or bad arguments (with "did you mean").
    public init(configuration: TrainingConfiguration, catalog: EnvironmentCatalog, runDirectory: RunDirectory? = nil, group: (any ProcessGroup)? = nil) throws {
        self.configuration = configuration
        self.runDirectory = runDirectory
        self.catalog = catalog
        self.group = group
        // Two or more threads: each critic's share of an update on its own thread, one OpenBLAS
        // thread per product (faster than OpenBLAS's threads at these sizes; `bench update`).
        BLAS.setThreadCount(configuration.threads > 1 ? 1 : configuration.threads)
        let setup = try TrainerEnvironments(configuration: configuration, catalog: catalog)
        let isDIAYN = configuration.algorithm == .diayn
        skillSpace = configuration.skillSpace
        var initGenerator = Xoshiro256(seed: Seed.derive(configuration.seed, stream: "init"))
        learner = SACLearner(
            configuration: configuration.sac, observationSize: setup.observationSize, actionSize: setup.actionSize,
            skillCount: skillSpace.codeSize, threads: configuration.threads, using: &initGenerator)
        if let prior = skillSpace.prior {
            let features = try FeatureSelection.resolved(configuration.diayn.features, observationSize: setup.observationSize, groups: setup.spec.featureGroups, field: "diayn.features")
            objective = DIAYNObjective(configuration: configuration.diayn, prior: prior, features: features, using: &initGenerator)
        }
        let sac = configuration.sac
        buffer = ReplayBuffer(
            capacity: min(sac.bufferSize, max(configuration.steps, sac.batchSize)), observationSize: setup.observationSize, actionSize: setup.actionSize,
            storingEpisodeStarts: objective != nil && configuration.diayn.relativeToStart)
        batch = TransitionBatch(batchSize: sac.batchSize, observationSize: setup.observationSize, actionSize: setup.actionSize)
        sampler = ActorSampler(actor: learner.actor)
        let seed = Seed.collection(configuration.seed, rank: group?.rank ?? 0)
        let collector = try Collector(
            environments: setup, configuration: configuration, seed: seed, skills: skillSpace, skillInterval: isDIAYN ? configuration.diayn.skillInterval : nil)
        run = RunState(seed: seed, collector: collector)
    }

    var updateCount: Int { learner.updateCount }
    /// Skill discovery: the intrinsic reward, the minibatch accuracy and the latest accuracy on
    /// fresh rollouts (the environment's return is 0 there); SAC: the return.
    var shownMetrics: [String] {
        skillCount > 0
            ? ["skills/intrinsic_reward", "skills/accuracy", "eval/accuracy", "train/critic_loss"]
            : ["rollout/episode_return", "train/critic_loss"]
    }
    var actingObservationSize: Int { observationSize }
    var checkpointIdentity: CheckpointIdentity { CheckpointIdentity(observationSize: observationSize, actionSize: actionSize) }

    // MARK: The algorithm

    /// One vector step (random actions during the warm-up, the policy's after), its
    /// transitions stored, then `sac.replay_ratio` updates per environment step once the warm-up is over.
    func advance() throws {
        let count = environmentCount, sac = configuration.sac
        var actions: [Float]
        if run.step < sac.warmupSteps {
            actions = warmupActions(count * actionSize)
        } else {
            run.collector.observations.withUnsafeBufferPointer { source in
                SkillConditioning.fill(&policyInputs, observations: source, rows: count, observationSize: observationSize, skills: run.collector.skills, skillCount: skillSpace.codeSize)
            }
            actions = sampler.act(policyInputs, deterministic: false, using: &run.policyGenerator)
        }
        buffer.append(try run.collector.step(actions, at: run.step))
        run.step += count * ranks
        updateOffPolicy(sac, stored: buffer.count) { metrics in
            buffer.sample(sac.batchSize, into: &batch, using: &run.bufferGenerator)
            guard objective != nil else {
                learner.update(batch, using: &run.updateGenerator, metrics: &metrics)
                return
            }
            // The discriminator scores the batch beside the actor's forward passes and takes
            // its step beside the actor's backward pass (on two threads with threads >= 2).
            learner.update(batch, using: &run.updateGenerator, metrics: &metrics, side: discriminatorWork)
            metrics.merge(objectiveMetrics)
        }
    }

    func policyAction(row: [Float], skill: Int, code: ArraySlice<Float>, stochastic: Bool, using generator: inout Xoshiro256) -> [Float] {
        var inputs = Tensor(shape: [1, 1])
        row.withUnsafeBufferPointer { source in
            SkillConditioning.fill(&inputs, observations: source, rows: 1, observationSize: observationSize, skills: [Int32(skill)], skillCount: skillSpace.codeSize)
        }
        var sampler = ActorSampler(actor: learner.actor)
        return sampler.act(inputs, deterministic: !stochastic, using: &generator)
    }

    /// The discriminator's log q(. | s') of every visited state, under `"skill"`.
    func discriminatorTables(states: Tensor, initial: [Float]) -> [String: [Float]] {
        guard let objective else { return [:] }
        return ["skill": objective.discriminator.logProbabilityTable(of: objective.reward.discriminatorInputs(states, start: initial))]
    }

    // MARK: Checkpoint parts

    func addAlgorithmParts(to tensors: inout CheckpointTensors) {
        tensors.add(learner)
        if let objective { tensors.add(objective) }
    }

    func restoreAlgorithmParts(from section: CheckpointSection) throws {
        try learner.restore(from: section)
        try objective?.restore(from: section)
    }

    func addRankParts(to tensors: inout CheckpointTensors) {
        tensors.add(buffer, under: "replay")
    }

    func restoreRankParts(from section: CheckpointSection) throws {
        try buffer.restore(from: section.section("replay"))
    }
}

extension OffPolicyTrainer {
    /// Opens an existing SAC or DIAYN run from its latest valid checkpoint; see
    /// ``Trainers/resume(runDirectory:catalog:group:log:)``, which opens a run of any algorithm.
    public static func resume(runDirectory: RunDirectory, catalog: EnvironmentCatalog, log: (String) -> Void = { _ in }) throws -> OffPolicyTrainer {
        let trainer = try Trainers.resume(runDirectory: runDirectory, catalog: catalog, log: log)
        guard let offPolicy = trainer as? OffPolicyTrainer else {
            throw TrainingError(
                .incompatibleCheckpoint, "\(runDirectory.path) is a \(trainer.configuration.algorithm.rawValue) run, not a SAC or DIAYN one; open it with Trainers.resume",
                context: ["run": runDirectory.path])
        }
        return offPolicy
    }
}

/// DIAYN's discriminator as the side work of a SAC update: it scores the batch (the intrinsic
/// rewards) beside the actor's forward passes, and takes its learning step beside the actor's
/// backward pass.
final class DiscriminatorWork: SACSideWork {
    unowned let trainer: OffPolicyTrainer

    init(trainer: OffPolicyTrainer) { self.trainer = trainer }

    func relabel(_ rewards: inout Tensor) {
        trainer.objective?.relabel(rewards: &rewards, of: trainer.batch, deferringStep: true, metrics: &trainer.objectiveMetrics)
    }

    func learn() { trainer.objective?.completeStep() }
}
