import EmpowerBase

/// MASD hyperparameters (multi-agent skill discovery with an information bottleneck: the team
/// reward r = [log q_phi(z|g(s')) - log p(z)] - beta (1/N) sum_i [log q_psi_i(z|g_i(s')) - log p(z)],
/// see ``MASDObjective``). JSON keys as shown; every field has a default.
///
/// | field | default | meaning |
/// |---|---|---|
/// | `beta` | 1 | weight of the adversarial per-agent term; 0 gives multi-agent DIAYN (the ablation) |
/// | `joint_features` | "agents_xy" | what the joint discriminator sees of the global state s': "all", a feature group of the environment, or indices "0,1,2" |
/// | `agent_features` | "xy" | what agent i's discriminator sees of agent i's own observation o'_i: "xy", a group, or indices |
/// | `hidden_sizes` | [256, 256] | hidden layers of every discriminator |
/// | `learning_rate` | 3e-4 | Adam step size of every discriminator |
/// | `shared_actor` | true | one actor for all agents (with an agent-id one-hot) or one actor per agent |
///
/// `agent_features` index agent i's own observation, so they must name entries about agent i
/// alone (its position "xy", its "velocity"); a group such as "relative_agents" would let the
/// per-agent discriminator read the others and defeat the bottleneck. The resolved indices of
/// both selections are written in the run's `config.json` as given here and logged in
/// `events.log` once resolved.
public struct MASDConfiguration: Codable, Hashable, Sendable {
    public var beta: Float = 1
    public var jointFeatures: String = "agents_xy"
    public var agentFeatures: String = "xy"
    public var hiddenSizes: [Int] = [256, 256]
    public var learningRate: Float = 3e-4
    public var sharedActor: Bool = true

    public init() {}

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case beta
        case jointFeatures = "joint_features"
        case agentFeatures = "agent_features"
        case hiddenSizes = "hidden_sizes"
        case learningRate = "learning_rate"
        case sharedActor = "shared_actor"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = MASDConfiguration()
        beta = try c.decode(.beta, default: defaults.beta)
        jointFeatures = try c.decode(.jointFeatures, default: defaults.jointFeatures)
        agentFeatures = try c.decode(.agentFeatures, default: defaults.agentFeatures)
        hiddenSizes = try c.decode(.hiddenSizes, default: defaults.hiddenSizes)
        learningRate = try c.decode(.learningRate, default: defaults.learningRate)
        sharedActor = try c.decode(.sharedActor, default: defaults.sharedActor)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(beta, forKey: .beta)
        try c.encode(jointFeatures, forKey: .jointFeatures)
        try c.encode(agentFeatures, forKey: .agentFeatures)
        try c.encode(hiddenSizes, forKey: .hiddenSizes)
        try c.encode(learningRate, forKey: .learningRate)
        try c.encode(sharedActor, forKey: .sharedActor)
    }

    /// Every value out of its allowed range, with field names relative to this section.
    public func issues() -> [ConfigurationIssue] {
        var issues = IssueCollector()
        issues.check(beta >= 0 && beta.isFinite, "beta", beta, "a finite number of at least 0 (0 is multi-agent DIAYN)")
        issues.check(!hiddenSizes.isEmpty && hiddenSizes.allSatisfy { $0 > 0 && $0 <= 4096 }, "hidden_sizes", hiddenSizes, "one or more layer sizes from 1 to 4096")
        issues.check(learningRate > 0 && learningRate < 1, "learning_rate", learningRate, "a number in (0, 1)")
        return issues.all
    }
}
