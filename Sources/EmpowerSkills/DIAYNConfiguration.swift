import EmpowerBase

/// DIAYN hyperparameters (Eysenbach et al., 2019, "Diversity is All You Need"). In JSON each
/// field is spelled in snake_case; every field has a default.
public struct DIAYNConfiguration: Codable, Hashable, Sendable {
    /// What the discriminator sees: "all", a feature group of the environment (e.g. "xy"), or indices "0,1".
    public var features: String = "all"
    /// Discriminator hidden layers.
    public var hiddenSizes: [Int] = [256, 256]
    /// Discriminator Adam step size.
    public var learningRate: Float = 3e-4
    /// Resample the skill every N steps; null: once per episode.
    public var skillInterval: Int?
    /// Add this times the environment's reward to the intrinsic reward.
    public var extrinsicRewardWeight: Float = 0
    /// The discriminator sees f(s') - f(s_0), the features' displacement since the episode's
    /// first state, instead of f(s'): where an episode happened to start (a box placed at
    /// random) stops telling skills apart, only what the skill did can. The replay buffer then
    /// also stores each transition's episode start.
    public var relativeToStart: Bool = false

    public init() {}

    public func issues() -> [ConfigurationIssue] {
        var issues = IssueCollector()
        issues.check(!hiddenSizes.isEmpty && hiddenSizes.allSatisfy { $0 > 0 && $0 <= 4096 }, "hidden_sizes", hiddenSizes, "one or more layer sizes from 1 to 4096")
        issues.check(learningRate > 0 && learningRate < 1, "learning_rate", learningRate, "a number in (0, 1)")
        if let skillInterval { issues.check(skillInterval >= 1, "skill_interval", skillInterval, "a positive number of steps, or null for once per episode") }
        issues.check(extrinsicRewardWeight.isFinite, "extrinsic_reward_weight", extrinsicRewardWeight, "a finite number")
        return issues.all
    }
}
