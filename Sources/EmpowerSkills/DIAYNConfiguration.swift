import EmpowerBase

/// DIAYN hyperparameters (Eysenbach et al., 2019, "Diversity is All You Need"). JSON keys as
/// shown; every field has a default.
///
/// | field | default | meaning |
/// |---|---|---|
/// | `features` | "all" | what the discriminator sees: "all", a feature group of the environment (e.g. "xy"), or indices "0,1" |
/// | `hidden_sizes` | [256, 256] | discriminator hidden layers |
/// | `learning_rate` | 3e-4 | discriminator Adam step size |
/// | `skill_interval` | null | resample the skill every N steps; null: once per episode |
/// | `extrinsic_reward_weight` | 0 | add this times the environment's reward to the intrinsic reward |
public struct DIAYNConfiguration: Codable, Hashable, Sendable {
    public var features: String = "all"
    public var hiddenSizes: [Int] = [256, 256]
    public var learningRate: Float = 3e-4
    public var skillInterval: Int?
    public var extrinsicRewardWeight: Float = 0

    public init() {}

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case features
        case hiddenSizes = "hidden_sizes"
        case learningRate = "learning_rate"
        case skillInterval = "skill_interval"
        case extrinsicRewardWeight = "extrinsic_reward_weight"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = DIAYNConfiguration()
        features = try c.decode(.features, default: defaults.features)
        hiddenSizes = try c.decode(.hiddenSizes, default: defaults.hiddenSizes)
        learningRate = try c.decode(.learningRate, default: defaults.learningRate)
        skillInterval = try c.decodeIfPresent(Int.self, forKey: .skillInterval)
        extrinsicRewardWeight = try c.decode(.extrinsicRewardWeight, default: defaults.extrinsicRewardWeight)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(features, forKey: .features)
        try c.encode(hiddenSizes, forKey: .hiddenSizes)
        try c.encode(learningRate, forKey: .learningRate)
        try c.encode(skillInterval, forKey: .skillInterval)
        try c.encode(extrinsicRewardWeight, forKey: .extrinsicRewardWeight)
    }

    public func issues() -> [ConfigurationIssue] {
        var issues = IssueCollector()
        issues.check(!hiddenSizes.isEmpty && hiddenSizes.allSatisfy { $0 > 0 && $0 <= 4096 }, "hidden_sizes", hiddenSizes, "one or more layer sizes from 1 to 4096")
        issues.check(learningRate > 0 && learningRate < 1, "learning_rate", learningRate, "a number in (0, 1)")
        if let skillInterval { issues.check(skillInterval >= 1, "skill_interval", skillInterval, "a positive number of steps, or null for once per episode") }
        issues.check(extrinsicRewardWeight.isFinite, "extrinsic_reward_weight", extrinsicRewardWeight, "a finite number")
        return issues.all
    }
}
