import EmpowerBase

/// SLIM hyperparameters (skill learning with multiple critics: PPO with one value head per
/// reward channel r_k and the advantage A = sum_k w_k normalized(A_k), each channel's GAE
/// advantages A_k standardized over the rollout before weighting). The PPO backbone's are in
/// ``PPOConfiguration`` (`ppo` section). In JSON each field is spelled in snake_case; every field has a default.
///
/// Users can add channels of their own from Swift (``RewardChannel``) beside these.
public struct SLIMConfiguration: Codable, Hashable, Sendable {
    /// Reward channels and their weights w_k: "discovery", "reach", "safety", "task" (the environment's reward), or "info.KEY" (a float the environment reports in `info.floats[KEY]`); a channel of weight 0 is left out.
    public var channels: [String: Float] = ["discovery": 1, "reach": 0.5, "safety": 1]
    /// "critics": one value head per channel, A = sum_k w_k normalized(A_k); "sum": one critic on sum_k w_k r_k (the baseline).
    public var combine: SLIMCombination = .critics
    /// "separate": one value network per channel; "shared": one trunk with a head per channel.
    public var criticArchitecture: SLIMCriticArchitecture = .separate
    /// The discovery reward: "diayn" (log q(z|s') - log p(z)) or "distance" ((phi(s') - phi(s))^T z, phi spectrally normalized).
    public var discovery: SLIMDiscovery = .diayn
    /// "discrete": K one-hot skills; "continuous": unit vectors z of `skill_dimension` (needs `discovery: "distance"`).
    public var skillSpace: SkillSpaceChoice = .discrete
    /// The dimension of continuous skills.
    public var skillDimension: Int = 2
    /// What the discriminator or phi sees: "all", a feature group (e.g. "objects"), or indices.
    public var features: String = "all"
    /// DIAYN discovery: the discriminator sees the features' displacement since the episode's first state, f(s') - f(s_0), so random starts are no shortcut.
    public var relativeToStart: Bool = false
    /// Hidden layers of the discriminator or of phi.
    public var hiddenSizes: [Int] = [128, 128]
    /// Their Adam step size.
    public var learningRate: Float = 3e-4
    /// Passes over each rollout's states to train the discriminator or phi.
    public var discriminatorEpochs: Int = 2
    /// States per discriminator (or phi) step.
    public var discriminatorBatchSize: Int = 256
    /// Power-iteration steps per phi forward pass.
    public var spectralIterations: Int = 1
    /// Each channel's advantages are divided by max(their std, this); 0: plain normalization.
    public var advantageFloor: Float = 0
    /// Metres: reach = -(distance from the end effector to the nearest object) / reach_scale.
    public var reachScale: Float = 1

    public init() {}

    /// The channel names in the order their heads and logs use (sorted by name).
    public var channelNames: [String] { channels.keys.sorted() }

    public var isContinuous: Bool { skillSpace == .continuous }

    /// Every value out of its allowed range, with field names relative to this section.
    public func issues() -> [ConfigurationIssue] {
        var issues = IssueCollector()
        issues.check(channels.values.contains { $0 > 0 }, "channels", channels.isEmpty ? "{}" : "every weight 0", "at least one channel with a positive weight, e.g. {\"discovery\": 1}")
        for name in channelNames {
            let known = SLIMConfiguration.builtInChannels.contains(name) || (name.hasPrefix("info.") && name.count > 5)
            if !known {
                let hint = closestMatch(to: name, in: SLIMConfiguration.builtInChannels).map { " (did you mean \"\($0)\"?)" } ?? ""
                issues.check(false, "channels.\(name)", name, "a channel named " + SLIMConfiguration.builtInChannels.map { "\"\($0)\"" }.joined(separator: ", ") + " or \"info.KEY\"" + hint)
            }
            if let weight = channels[name] {
                issues.check(weight.isFinite && weight >= 0, "channels.\(name)", weight, "a non-negative weight")
            }
        }
        if isContinuous {
            issues.check(discovery == .distance, "skill_space", "\"continuous\"", "\"discrete\" unless discovery is \"distance\" (a discriminator classifies discrete skills only)")
        }
        if relativeToStart {
            issues.check(discovery == .diayn, "relative_to_start", "true", "false unless discovery is \"diayn\" (the distance reward already measures movement)")
        }
        issues.check(skillDimension >= 1 && skillDimension <= 64, "skill_dimension", skillDimension, "an integer from 1 to 64")
        issues.check(!hiddenSizes.isEmpty && hiddenSizes.allSatisfy { $0 > 0 && $0 <= 4096 }, "hidden_sizes", hiddenSizes, "one or more layer sizes from 1 to 4096")
        issues.check(learningRate > 0 && learningRate < 1, "learning_rate", learningRate, "a number in (0, 1)")
        issues.check(discriminatorEpochs >= 0 && discriminatorEpochs <= 100, "discriminator_epochs", discriminatorEpochs, "an integer from 0 to 100")
        issues.check(discriminatorBatchSize >= 1 && discriminatorBatchSize <= 65536, "discriminator_batch_size", discriminatorBatchSize, "an integer from 1 to 65536")
        issues.check(spectralIterations >= 1 && spectralIterations <= 50, "spectral_iterations", spectralIterations, "an integer from 1 to 50")
        issues.check(advantageFloor >= 0 && advantageFloor.isFinite, "advantage_floor", advantageFloor, "a non-negative number")
        issues.check(reachScale > 0 && reachScale.isFinite, "reach_scale", reachScale, "a positive length in metres")
        return issues.all
    }

    /// The channel names SLIM knows without user code.
    public static let builtInChannels = ["discovery", "reach", "safety", "task"]
}

/// How SLIM turns several rewards into one policy update.
public enum SLIMCombination: String, ConfigurationChoice {
    /// One critic per channel; A = sum_k w_k normalized(A_k).
    case critics
    /// One critic on the weighted reward sum (the naive baseline).
    case sum
}

/// SLIM's skill-discovery reward.
public enum SLIMDiscovery: String, ConfigurationChoice {
    /// log q(z | f(s')) - log p(z) with a discriminator trained on rollout states.
    case diayn
    /// (phi(s') - phi(s))^T z with a spectrally normalized phi.
    case distance
}

/// Discrete (one-hot) or continuous skills, as a configuration chooses them.
public enum SkillSpaceChoice: String, ConfigurationChoice {
    /// K one-hot skills.
    case discrete
    /// Unit vectors z (a standard normal draw, normalized) of `skill_dimension`.
    case continuous
}

/// How SLIM's critics are built.
public enum SLIMCriticArchitecture: String, ConfigurationChoice {
    /// One value network per channel.
    case separate
    /// One trunk with a value head per channel.
    case shared
}
