import EmpowerAgents
import EmpowerBase
import EmpowerCore
import EmpowerNN
import EmpowerSkills
import FoundationEssentials

/// MASD: N agents of a multi-agent environment share one skill z per episode; multi-agent SAC
/// (decentralized actors, centralized twin critics on the state and the joint action) learns
/// from the team reward
///
///     r = [log q_phi(z | g(s')) - log p(z)] - beta (1/N) sum_i [log q_psi_i(z | g_i(s')) - log p(z)]
///
/// where q_phi reads the joint features g of the global state and q_psi_i only agent i's own
/// features g_i: skills must be readable from the agents together, not from any single agent.
///
///     collect (every agent acts with skill z) -> store the joint transition
///     -> per environment step after the warm-up: sample -> MASD relabels (and its
///        discriminators learn) -> multi-agent SAC updates
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
/// The environments are ``JointAgentEnvironment`` views in the vector environment the
/// configuration asks for (serial, or threaded with `threads` > 1 and `environments` > 1, bit
/// for bit the same): each row is every agent's observation, agent 0 first, then the state;
/// the reward is the mean of the agents' rewards. Every agent must live for the whole episode
/// and have the same observation size and continuous action space.
///
/// Checkpoints add the actors, critics, targets, optimizer moments, alpha, every discriminator
/// and the replay buffer (under `replay.`) to the run state. Logged: `rollout/...`, the
/// learner's `train/...`, the objective's `skills/joint_accuracy`, `skills/agentN_accuracy`,
/// `skills/mean_agent_accuracy`, ...
public final class MASDTrainer: TrainingLoop {
    public let configuration: TrainingConfiguration
    public let runDirectory: RunDirectory?
    public let catalog: EnvironmentCatalog
    public let skillSpace: SkillSpace
    public let group: (any ProcessGroup)?
    public private(set) var learner: MultiAgentSACLearner
    public private(set) var objective: MASDObjective
    public private(set) var buffer: MultiAgentReplayBuffer
    /// The agent ids, in the environment's order.
    public let agentIDs: [String]
    /// Floats of one agent's observation, of the global state, of one agent's action.
    public let observationSize: Int
    public let stateSize: Int
    public let actionSize: Int
    /// The resolved feature selections: joint (indices into the state) and per agent (indices
    /// into one agent's observation).
    public let jointFeatures: FeatureSelection
    public let agentFeatures: FeatureSelection
    var run: RunState
    var batch: MultiAgentTransitionBatch
    var sampler: MultiAgentActorSampler
    var policyInputs = Tensor(shape: [1, 1])
    var jointObservations: [Float] = []

    /// A trainer at step 0.
    /// - Throws: ``TrainingError`` `.unsupportedEnvironment` for a single-agent environment or
    ///   fewer than two agents; ``EnvironmentError`` for agents of different sizes or discrete
    ///   actions; ``ConfigurationError`` for feature selections the environment does not have.
    public init(configuration: TrainingConfiguration, catalog: EnvironmentCatalog, runDirectory: RunDirectory? = nil, group: (any ProcessGroup)? = nil) throws {
        self.configuration = configuration
        self.runDirectory = runDirectory
        self.catalog = catalog
        self.group = group
        BLAS.setThreadCount(configuration.threads)
        let id = configuration.environment
        try MASDTrainer.checkEnvironment(id, in: catalog)
        let setup = try TrainerEnvironments(configuration: configuration, catalog: catalog, multiAgent: true)
        guard let layout = setup.agents, layout.agentCount >= 2 else {
            throw TrainingError(.unsupportedEnvironment, "\(id) has \(setup.agents?.agentCount ?? 1) agent; MASD needs at least 2 agents sharing a skill (set environment_arguments.agents)", context: ["environment": id])
        }
        agentIDs = layout.agentIDs
        observationSize = layout.agentObservationSize
        stateSize = layout.stateSize
        actionSize = layout.agentActionSize
        let groups = setup.spec.featureGroups
        jointFeatures = try FeatureSelection.resolved(configuration.masd.jointFeatures, observationSize: stateSize, groups: groups, field: "masd.joint_features", what: "the global state")
        agentFeatures = try FeatureSelection.resolved(configuration.masd.agentFeatures, observationSize: observationSize, groups: groups, field: "masd.agent_features", what: "one agent's observation")

        skillSpace = configuration.skillSpace
        let agents = layout.agentCount
        var initGenerator = Xoshiro256(seed: Seed.derive(configuration.seed, stream: "init"))
        learner = MultiAgentSACLearner(
            configuration: configuration.sac, agentCount: agents, observationSize: observationSize, stateSize: stateSize,
            actionSize: actionSize, skillCount: skillSpace.count, sharesParameters: configuration.masd.sharedActor, using: &initGenerator)
        objective = MASDObjective(
            configuration: configuration.masd, prior: SkillPrior(skillCount: skillSpace.count), agentCount: agents, observationSize: observationSize,
            jointFeatures: jointFeatures, agentFeatures: agentFeatures, using: &initGenerator)
        let sac = configuration.sac
        buffer = MultiAgentReplayBuffer(
            capacity: min(sac.bufferSize, max(configuration.steps, sac.batchSize)), agentCount: agents, observationSize: observationSize,
            stateSize: stateSize, actionSize: actionSize)
        batch = MultiAgentTransitionBatch(batchSize: sac.batchSize, agentCount: agents, observationSize: observationSize, stateSize: stateSize, actionSize: actionSize)
        sampler = MultiAgentActorSampler(actor: learner.actor)
        let seed = Seed.collection(configuration.seed, rank: group?.rank ?? 0)
        run = RunState(seed: seed, collector: try Collector(environments: setup, configuration: configuration, seed: seed, skills: skillSpace))
        try? runDirectory?.appendEvent(
            "masd features: joint \(jointFeatures.name) = state\(jointFeatures.indices), per agent \(agentFeatures.name) = observation\(agentFeatures.indices)")
    }

    /// Checks that `id` names a multi-agent environment of `catalog`, which MASD needs.
    /// - Throws: ``TrainingError`` `.unsupportedEnvironment` saying what to use instead.
    public static func checkEnvironment(_ id: String, in catalog: EnvironmentCatalog) throws(TrainingError) {
        guard !catalog.multiAgentIDs.contains(id), catalog.scheme(of: id) == nil else { return }
        let known = catalog.multiAgentIDs.joined(separator: ", ")
        throw TrainingError(
            .unsupportedEnvironment,
            catalog.singleAgentIDs.contains(id)
                ? "\(id) is a single-agent environment; masd needs a multi-agent one (\(known)), or train it with --algo diayn"
                : "no multi-agent environment is registered as \(id)\(closestMatch(to: id, in: catalog.multiAgentIDs).map { "; did you mean \($0)?" } ?? "") (multi-agent environments: \(known))",
            context: ["environment": id])
    }

    /// The number of agents sharing a skill.
    public var agentCount: Int { agentIDs.count }
    public var extraReportPictures: [ReportPicture] {
        [.agentPanels(title: "\(configuration.environment), \(agentCount) agents, beta \(configuration.masd.beta)")]
    }
    var updateCount: Int { learner.updateCount }
    var shownMetrics: [String] { ["skills/joint_reward", "skills/joint_accuracy", "skills/mean_agent_accuracy", "eval/joint_accuracy", "train/critic_loss"] }
    var actingObservationSize: Int { agentCount * observationSize }
    var checkpointIdentity: CheckpointIdentity {
        CheckpointIdentity(observationSize: observationSize, actionSize: actionSize, agentCount: agentCount, stateSize: stateSize)
    }

    // MARK: The algorithm

    /// One step of every environment (random joint actions during the warm-up, every actor's
    /// after), the joint transitions stored, then `sac.replay_ratio` updates per environment step.
    func advance() throws {
        let count = environmentCount, sac = configuration.sac
        var actions: [Float]
        if run.step < sac.warmupSteps {
            actions = warmupActions(count * agentCount * actionSize)
        } else {
            let joint = actingObservationSize, width = joint + stateSize
            jointObservations.removeAll(keepingCapacity: true)
            for i in 0..<count { jointObservations += run.collector.observations[(i * width)..<(i * width + joint)] }
            jointObservations.withUnsafeBufferPointer { learner.actor.fillInputs(&policyInputs, observations: $0, rows: count, skills: run.collector.skills) }
            actions = sampler.act(policyInputs, deterministic: false, using: &run.policyGenerator)
        }
        buffer.append(try run.collector.step(actions, at: run.step))
        run.step += count * ranks
        updateOffPolicy(sac, stored: buffer.count) { metrics in
            buffer.sample(sac.batchSize, into: &batch, using: &run.bufferGenerator)
            objective.relabel(&batch, metrics: &metrics)
            learner.update(batch, using: &run.updateGenerator, metrics: &metrics)
        }
    }

    /// Every actor's action from the joint observation at the head of `row`.
    func policyAction(row: [Float], skill: Int, code: ArraySlice<Float>, stochastic: Bool, using generator: inout Xoshiro256) -> [Float] {
        var inputs = Tensor(shape: [1, 1])
        row.withUnsafeBufferPointer { source in
            learner.actor.fillInputs(&inputs, observations: UnsafeBufferPointer(rebasing: source[0..<actingObservationSize]), rows: 1, skills: [Int32(skill)])
        }
        var sampler = MultiAgentActorSampler(actor: learner.actor)
        return sampler.act(inputs, deterministic: !stochastic, using: &generator)
    }

    /// The log q(. | s') tables of the joint discriminator (`"joint"`) and of each agent's
    /// (`"agent0"`, ...), from the visited rows' states and observations.
    func discriminatorTables(states rows: Tensor, initial: [Float]) -> [String: [Float]] {
        let length = rows.shape[0], joint = actingObservationSize, width = joint + stateSize
        var observations = [Float](), states = [Float]()
        rows.withUnsafeBufferPointer { source in
            for t in 0..<length {
                observations += source[(t * width)..<(t * width + joint)]
                states += source[(t * width + joint)..<((t + 1) * width)]
            }
        }
        guard let stateTensor = try? Tensor(shape: Shape(rows: length, columns: stateSize), scalars: states),
              let observationTensor = try? Tensor(shape: Shape(rows: length, columns: joint), scalars: observations)
        else { preconditionFailure("MASDTrainer: \(length) rows of \(width) floats do not split into states and observations") }
        return objective.logProbabilityTables(states: stateTensor, observations: observationTensor)
    }

    // MARK: Checkpoint parts

    func addAlgorithmParts(to tensors: inout CheckpointTensors) {
        tensors.add(learner)
        tensors.add(objective)
    }

    func restoreAlgorithmParts(from section: CheckpointSection) throws {
        try learner.restore(from: section)
        try objective.restore(from: section)
    }

    func addRankParts(to tensors: inout CheckpointTensors) {
        tensors.add(buffer, under: "replay")
    }

    func restoreRankParts(from section: CheckpointSection) throws {
        try buffer.restore(from: section.section("replay"))
    }
}
