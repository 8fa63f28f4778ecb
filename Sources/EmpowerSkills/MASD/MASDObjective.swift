import EmpowerAgents
import EmpowerBase
import EmpowerNN

/// MASD's skill objective: N agents share one skill z; z must be readable from the joint state
/// but not from any single agent's state.
///
/// - A joint discriminator q_phi(z | g(s')) on selected features g of the global next state.
/// - One discriminator per agent, q_psi_i(z | g_i(s')), on selected features g_i of agent i's
///   own next observation o'_i, and nothing else: its feature indices are offsets into agent
///   i's block of the joint observation row (see ``MultiAgentTransitionBatch``).
/// - The team reward, computed at update time on the sampled batch with the current
///   discriminators (all N + 1 are then trained by cross-entropy on the same s'):
///
///       r = [log q_phi(z|g(s')) - log p(z)] - beta (1/N) sum_i [log q_psi_i(z|g_i(s')) - log p(z)]
///
///   The second term is the adversarial bottleneck: the policy is paid when the per-agent
///   discriminators fail, so a skill cannot be carried by one agent alone. beta = 0 is
///   multi-agent DIAYN, the ablation.
///
/// Logged: `skills/joint_accuracy`, `skills/agent{i}_accuracy` for every agent,
/// `skills/mean_agent_accuracy`, `skills/joint_discriminator_loss`,
/// `skills/agent_discriminator_loss` (mean over agents), `skills/intrinsic_reward` (mean team
/// reward), `skills/joint_reward` and `skills/agent_reward` (the means of the two bracketed
/// terms), `skills/mutual_information_bound` (log K + E[log q_phi], nats), `skills/beta`.
/// Accuracies are measured on the batch before the discriminators' step.
public struct MASDObjective {
    public let prior: SkillPrior
    public let configuration: MASDConfiguration
    public let agentCount: Int
    public private(set) var jointDiscriminator: Discriminator
    /// One per agent, agent 0 first.
    public private(set) var agentDiscriminators: [Discriminator]
    let agentMetricNames: [String]

    /// - Parameters:
    ///   - jointFeatures: indices into the global state.
    ///   - agentFeatures: indices into one agent's observation (the same for every agent).
    ///   - observationSize: floats of one agent's observation.
    public init(
        configuration: MASDConfiguration, prior: SkillPrior, agentCount: Int, observationSize: Int,
        jointFeatures: FeatureSelection, agentFeatures: FeatureSelection, using generator: inout some RandomNumberGenerator
    ) {
        precondition(agentFeatures.indices.allSatisfy { $0 >= 0 && $0 < observationSize },
                     "MASDObjective: agent features \(agentFeatures.indices) outside one observation of \(observationSize) floats")
        self.prior = prior
        self.configuration = configuration
        self.agentCount = agentCount
        jointDiscriminator = Discriminator(
            name: "masd.joint", features: jointFeatures, skillCount: prior.skillCount,
            hiddenSizes: configuration.hiddenSizes, learningRate: configuration.learningRate, using: &generator)
        agentDiscriminators = (0..<agentCount).map { i in
            Discriminator(
                name: "masd.agent\(i)", features: MASDObjective.agentBlock(agentFeatures, agent: i, observationSize: observationSize),
                skillCount: prior.skillCount, hiddenSizes: configuration.hiddenSizes, learningRate: configuration.learningRate,
                using: &generator)
        }
        agentMetricNames = (0..<agentCount).map { "skills/agent\($0)_accuracy" }
    }

    /// Agent `agent`'s features as indices into a joint observation row `[o_0, ..., o_{N-1}]`.
    public static func agentBlock(_ features: FeatureSelection, agent: Int, observationSize: Int) -> FeatureSelection {
        FeatureSelection(indices: features.indices.map { agent * observationSize + $0 }, name: "agent\(agent).\(features.name)")
    }

    /// Replaces `batch.rewards` with the MASD team reward and trains every discriminator on the
    /// batch's next states and observations.
    public mutating func relabel(_ batch: inout MultiAgentTransitionBatch, metrics: inout Metrics) {
        let joint = jointDiscriminator.train(on: batch.nextStates, skills: batch.skills)
        var agentResults: [Discriminator.Result] = []
        agentResults.reserveCapacity(agentCount)
        for i in 0..<agentCount {
            agentResults.append(agentDiscriminators[i].train(on: batch.nextObservations, skills: batch.skills))
        }
        let logPrior = prior.logProbability
        let weight = configuration.beta / Float(agentCount)
        var totalReward: Double = 0, totalJoint: Double = 0, totalAgent: Double = 0
        batch.rewards.withUnsafeMutableBufferPointer { rewards in
            jointDiscriminator.logProbabilities.withUnsafeBufferPointer { jointLogQ in
                for row in rewards.indices {
                    let jointTerm = jointLogQ[row] - logPrior
                    var agentTerm: Float = 0
                    for i in 0..<agentCount { agentTerm += agentDiscriminators[i].logProbabilities[row] - logPrior }
                    let reward = jointTerm - weight * agentTerm
                    rewards[row] = reward
                    totalReward += Double(reward)
                    totalJoint += Double(jointTerm)
                    totalAgent += Double(agentTerm / Float(agentCount))
                }
            }
        }
        let rows = Double(max(batch.batchSize, 1))
        metrics.set("skills/joint_accuracy", Double(joint.accuracy))
        var meanAccuracy = 0.0, meanLoss = 0.0
        for (i, result) in agentResults.enumerated() {
            metrics.set(agentMetricNames[i], Double(result.accuracy))
            meanAccuracy += Double(result.accuracy) / Double(agentCount)
            meanLoss += Double(result.loss) / Double(agentCount)
        }
        metrics.set("skills/mean_agent_accuracy", meanAccuracy)
        metrics.set("skills/joint_discriminator_loss", Double(joint.loss))
        metrics.set("skills/agent_discriminator_loss", meanLoss)
        metrics.set("skills/intrinsic_reward", totalReward / rows)
        metrics.set("skills/joint_reward", totalJoint / rows)
        metrics.set("skills/agent_reward", totalAgent / rows)
        metrics.set("skills/mutual_information_bound", totalJoint / rows)
        metrics.set("skills/beta", Double(configuration.beta))
    }

    /// log q(k | .) for every row and skill, row-major [rows x K], without learning: under
    /// "joint" from the next states, under "agent0", "agent1", ... from the joint next
    /// observations. What evaluation rollouts record.
    public func logProbabilityTables(states: Tensor, observations: Tensor) -> [String: [Float]] {
        var tables = ["joint": jointDiscriminator.logProbabilityTable(of: states)]
        for (i, discriminator) in agentDiscriminators.enumerated() {
            tables["agent\(i)"] = discriminator.logProbabilityTable(of: observations)
        }
        return tables
    }

    public func namedState() -> [(name: String, tensor: Tensor)] {
        var result = jointDiscriminator.namedState(prefix: "masd.joint")
        for (i, discriminator) in agentDiscriminators.enumerated() { result += discriminator.namedState(prefix: "masd.agent\(i)") }
        return result
    }

    public mutating func restore(from tensors: [String: Tensor], source: String) throws(ParameterFileError) {
        try jointDiscriminator.restore(from: tensors, prefix: "masd.joint", source: source)
        for i in agentDiscriminators.indices {
            try agentDiscriminators[i].restore(from: tensors, prefix: "masd.agent\(i)", source: source)
        }
    }
}
