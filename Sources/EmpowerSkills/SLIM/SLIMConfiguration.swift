import EmpowerBase

/// SLIM hyperparameters (skill learning with multiple critics: PPO with one value head per
/// reward channel r_k and the advantage A = sum_k w_k normalized(A_k), each channel's GAE
/// advantages A_k standardized over the rollout before weighting). The PPO backbone's are in
/// ``PPOConfiguration`` (`ppo` section). JSON keys as shown; every field has a default.
///
/// | field | default | meaning |
/// |---|---|---|
/// | `channels` | {"discovery": 1, "reach": 0.5, "safety": 1} | reward channels and their weights w_k: "discovery", "reach", "safety", "task" (the environment's reward), or "info.KEY" (a float the environment reports in `info.floats[KEY]`) |
/// | `combine` | "critics" | "critics": one value head per channel, A = sum_k w_k normalized(A_k); "sum": one critic on sum_k w_k r_k (the baseline) |
/// | `critic_architecture` | "separate" | "separate": one value network per channel; "shared": one trunk with a head per channel |
/// | `discovery` | "diayn" | the discovery reward: "diayn" (log q(z|s') - log p(z)) or "distance" ((phi(s') - phi(s))^T z, phi spectrally normalized) |
/// | `skill_space` | "discrete" | "discrete": K one-hot skills; "continuous": z ~ N(0, I) of `skill_dimension` (needs `discovery: "distance"`) |
/// | `skill_dimension` | 2 | the dimension of continuous skills |
/// | `features` | "all" | what the discriminator or phi sees: "all", a feature group (e.g. "objects"), or indices |
/// | `hidden_sizes` | [128, 128] | hidden layers of the discriminator or of phi |
/// | `learning_rate` | 3e-4 | their Adam step size |
/// | `discriminator_epochs` | 2 | passes over each rollout's states to train the discriminator or phi |
/// | `discriminator_batch_size` | 256 | states per discriminator (or phi) step |
/// | `spectral_iterations` | 1 | power-iteration steps per phi forward pass |
/// | `advantage_floor` | 0 | each channel's advantages are divided by max(their std, this); 0: plain normalization |
/// | `reach_scale` | 1.0 | metres: reach = -(distance from the end effector to the nearest object) / reach_scale |
///
/// Users can add channels of their own from Swift (``RewardChannel``) beside these.
public struct SLIMConfiguration: Codable, Hashable, Sendable {
    public var channels: [String: Float] = ["discovery": 1, "reach": 0.5, "safety": 1]
    public var combine: String = SLIMCombination.critics.rawValue
    public var criticArchitecture: String = "separate"
    public var discovery: String = SLIMDiscovery.diayn.rawValue
    public var skillSpace: String = SLIMSkillSpace.discrete.rawValue
    public var skillDimension: Int = 2
    public var features: String = "all"
    public var hiddenSizes: [Int] = [128, 128]
    public var learningRate: Float = 3e-4
    public var discriminatorEpochs: Int = 2
    public var discriminatorBatchSize: Int = 256
    public var spectralIterations: Int = 1
    public var advantageFloor: Float = 0
    public var reachScale: Float = 1

    public init() {}

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case channels, combine
        case criticArchitecture = "critic_architecture"
        case discovery
        case skillSpace = "skill_space"
        case skillDimension = "skill_dimension"
        case features
        case hiddenSizes = "hidden_sizes"
        case learningRate = "learning_rate"
        case discriminatorEpochs = "discriminator_epochs"
        case discriminatorBatchSize = "discriminator_batch_size"
        case spectralIterations = "spectral_iterations"
        case advantageFloor = "advantage_floor"
        case reachScale = "reach_scale"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = SLIMConfiguration()
        channels = try c.decode(.channels, default: d.channels)
        combine = try c.decode(.combine, default: d.combine)
        criticArchitecture = try c.decode(.criticArchitecture, default: d.criticArchitecture)
        discovery = try c.decode(.discovery, default: d.discovery)
        skillSpace = try c.decode(.skillSpace, default: d.skillSpace)
        skillDimension = try c.decode(.skillDimension, default: d.skillDimension)
        features = try c.decode(.features, default: d.features)
        hiddenSizes = try c.decode(.hiddenSizes, default: d.hiddenSizes)
        learningRate = try c.decode(.learningRate, default: d.learningRate)
        discriminatorEpochs = try c.decode(.discriminatorEpochs, default: d.discriminatorEpochs)
        discriminatorBatchSize = try c.decode(.discriminatorBatchSize, default: d.discriminatorBatchSize)
        spectralIterations = try c.decode(.spectralIterations, default: d.spectralIterations)
        advantageFloor = try c.decode(.advantageFloor, default: d.advantageFloor)
        reachScale = try c.decode(.reachScale, default: d.reachScale)
    }

    /// The channel names in the order their heads and logs use (sorted by name).
    public var channelNames: [String] { channels.keys.sorted() }

    public var combination: SLIMCombination { SLIMCombination(rawValue: combine) ?? .critics }
    public var discoveryKind: SLIMDiscovery { SLIMDiscovery(rawValue: discovery) ?? .diayn }
    public var isContinuous: Bool { skillSpace == SLIMSkillSpace.continuous.rawValue }

    /// Every value out of its allowed range, with field names relative to this section.
    public func issues() -> [ConfigurationIssue] {
        var issues = IssueCollector()
        func choice(_ value: String, _ field: String, _ names: [String]) {
            guard !names.contains(value) else { return }
            let hint = closestMatch(to: value, in: names).map { " (did you mean \"\($0)\"?)" } ?? ""
            issues.check(false, field, "\"\(value)\"", "one of " + names.map { "\"\($0)\"" }.joined(separator: ", ") + hint)
        }
        issues.check(!channels.isEmpty, "channels", "{}", "at least one channel, e.g. {\"discovery\": 1}")
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
        choice(combine, "combine", SLIMCombination.allCases.map(\.rawValue))
        choice(criticArchitecture, "critic_architecture", ["separate", "shared"])
        choice(discovery, "discovery", SLIMDiscovery.allCases.map(\.rawValue))
        choice(skillSpace, "skill_space", SLIMSkillSpace.allCases.map(\.rawValue))
        if isContinuous {
            issues.check(discoveryKind == .distance, "skill_space", "\"continuous\"", "\"discrete\" unless discovery is \"distance\" (a discriminator classifies discrete skills only)")
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
public enum SLIMCombination: String, CaseIterable, Sendable {
    /// One critic per channel; A = sum_k w_k normalized(A_k).
    case critics
    /// One critic on the weighted reward sum (the naive baseline).
    case sum
}

/// SLIM's skill-discovery reward.
public enum SLIMDiscovery: String, CaseIterable, Sendable {
    /// log q(z | f(s')) - log p(z) with a discriminator trained on rollout states.
    case diayn
    /// (phi(s') - phi(s))^T z with a spectrally normalized phi.
    case distance
}

/// Discrete (one-hot) or continuous skills.
public enum SLIMSkillSpace: String, CaseIterable, Sendable {
    case discrete
    case continuous
}
