import EmpowerBase

/// MASD hyperparameters (multi-agent skill discovery with an information bottleneck: the team
/// reward r = [log q_phi(z|g(s')) - log p(z)] - beta (1/N) sum_i [log q_psi_i(z|g_i(s')) - log p(z)],
/// see ``MASDObjective``). In JSON each field is spelled in snake_case; every field has a default.
///
/// `agent_features` index agent i's own observation, so they must name entries about agent i
/// alone (its position "xy", its "velocity"); a group such as "relative_agents" would let the
/// per-agent discriminator read the others and defeat the bottleneck. The resolved indices of
/// both selections are written in the run's `config.json` as given here and logged in
/// `events.log` once resolved.
public struct MASDConfiguration: Codable, Hashable, Sendable {
    /// Weight of the adversarial per-agent term; 0 gives multi-agent DIAYN (the ablation).
    public var beta: Float = 1
    /// What the joint discriminator sees of the global state s': "all", a feature group of the environment, or indices "0,1,2".
    public var jointFeatures: String = "agents_xy"
    /// What agent i's discriminator sees of agent i's own observation o'_i: "xy", a group, or indices.
    public var agentFeatures: String = "xy"
    /// Hidden layers of every discriminator.
    public var hiddenSizes: [Int] = [256, 256]
    /// Adam step size of every discriminator.
    public var learningRate: Float = 3e-4
    /// One actor for all agents (with an agent-id one-hot) or one actor per agent.
    public var sharedActor: Bool = true

    public init() {}

    /// Every value out of its allowed range, with field names relative to this section.
    public func issues() -> [ConfigurationIssue] {
        var issues = IssueCollector()
        issues.check(beta >= 0 && beta.isFinite, "beta", beta, "a finite number of at least 0 (0 is multi-agent DIAYN)")
        issues.check(!hiddenSizes.isEmpty && hiddenSizes.allSatisfy { $0 > 0 && $0 <= 4096 }, "hidden_sizes", hiddenSizes, "one or more layer sizes from 1 to 4096")
        issues.check(learningRate > 0 && learningRate < 1, "learning_rate", learningRate, "a number in (0, 1)")
        return issues.all
    }
}
