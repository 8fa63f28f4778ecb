import EmpowerAgents
import EmpowerBase
import EmpowerCore
import EmpowerSkills

/// The algorithms `empower train` runs.
public enum TrainingAlgorithm: String, ConfigurationChoice {
    /// Soft Actor-Critic on the environment's reward.
    case sac
    /// DIAYN: SAC on the intrinsic reward log q(z|s') - log p(z), K skills.
    case diayn
    /// Proximal Policy Optimization on the environment's reward.
    case ppo
    /// SLIM: multi-critic PPO over reward channels (discovery, reach, safety, ...), K skills.
    case slim
    /// MASD: multi-agent SAC on the team reward of a joint discriminator against per-agent
    /// discriminators, r = [log q(z | g(s')) - log p(z)] - beta (1/N) sum_i [log q_i(z | g_i(s'))
    /// - log p(z)], K skills shared by all agents; needs a multi-agent environment.
    case masd
    /// LSD: PPO on the distance reward (phi(s') - phi(s))^T z, phi spectrally normalized.
    case lsd
    /// METRA: PPO on the distance reward, ||phi(s') - phi(s)|| <= 1 held by a dual variable.
    case metra
    /// CSD: PPO on the distance reward, ||phi(s') - phi(s)||^2 at most the step's surprise under
    /// a learned model of s' given s, held by a dual variable.
    case csd

    /// Whether the algorithm learns skills.
    public var learnsSkills: Bool { self != .sac && self != .ppo }

    /// The constraint of a distance-based algorithm (LSD, METRA, CSD); nil for the others.
    public var distanceConstraint: DistanceConstraint? {
        switch self {
        case .lsd: .lipschitz
        case .metra: .temporal
        case .csd: .controllability
        default: nil
        }
    }

    /// Whether PPO is the backbone (PPO, SLIM and the distance-based algorithms).
    public var isOnPolicy: Bool { self == .ppo || self == .slim || distanceConstraint != nil }
}

/// Everything a training run needs, as `config.json` holds it (every default written out).
///
/// The same seed and thread count give the same run, bit for bit.
public struct TrainingConfiguration: Configuration, Hashable {
    /// "sac", "diayn", "ppo", "slim", "masd", "lsd", "metra" or "csd".
    public var algorithm: TrainingAlgorithm = .diayn
    /// A catalog id (`empower envs list`).
    public var environment = "PointMass-v0"
    /// Constructor arguments, e.g. {"objects": 2}; {"agents": 3} for multi-agent environments.
    public var environmentArguments: [String: ArgumentValue] = [:]
    /// K, the number of skills (DIAYN, SLIM, MASD; at least 2).
    public var skills = 10
    /// Environment steps in total (over all parallel environments).
    public var steps = 10_000
    /// The master seed every random stream derives from.
    public var seed: UInt64 = 0
    /// Threads: environment threads when `environments` > 1; for SAC and DIAYN with 2 or more,
    /// each critic's share of an update on a thread of its own (and the discriminator's passes
    /// beside the actor's) with one OpenBLAS thread per product; for the other algorithms,
    /// OpenBLAS threads. Results depend on it only through OpenBLAS: SAC and DIAYN train the
    /// same run bit for bit on 1 or 2 threads.
    public var threads = 1
    /// Parallel environment copies.
    public var environments = 1
    /// Environment steps between metric records.
    public var logInterval = 1000
    /// Environment steps between checkpoints.
    public var checkpointInterval = 10_000
    /// Checkpoints kept on disk.
    public var keepCheckpoints = 3
    /// Environment steps between evaluations of every skill on fresh rollouts (``SkillEvaluation``), logged as `eval/...`; 0 turns them off; skill-discovery runs only.
    public var evaluationInterval = 5000
    /// Episodes per skill in each of those evaluations.
    public var evaluationEpisodes = 1
    /// Stop training at the first periodic evaluation whose fresh-rollout discriminator
    /// accuracy is at least this (a checkpoint is written, `events.log` says so); null: train
    /// all `steps`. Needs `evaluation_interval` > 0 and a DIAYN, SLIM or MASD run.
    public var stopAtAccuracy: Double?
    /// The SAC backbone.
    public var sac = SACConfiguration()
    /// The skill objective.
    public var diayn = DIAYNConfiguration()
    /// The on-policy backbone (PPO, SLIM).
    public var ppo = PPOConfiguration()
    /// SLIM's reward channels and critics.
    public var slim = SLIMConfiguration()
    /// The multi-agent skill objective (algorithm "masd").
    public var masd = MASDConfiguration()
    /// The distance-based algorithms ("lsd", "metra", "csd"): phi, the skills, the constraints.
    public var distance = DistanceConfiguration()

    /// The defaults: DIAYN on PointMass-v0 with the entropy coefficient of the DIAYN paper
    /// (alpha 0.1, fixed). Set `sac.tune_alpha` to true for SAC's automatic tuning.
    public init() {
        sac.alpha = 0.1
        sac.tuneAlpha = false
    }

    public static var freeFormKeyPaths: [String] { ["environment_arguments", "slim.channels"] }
    public static var renamedKeyPaths: [String: String] { ["sac.updates_per_step": "sac.replay_ratio"] }
    /// The settings of ``TrainingPreset/matching(algorithm:environment:)``.
    public static func presets(for choices: [String: String]) -> [String] {
        guard let algorithm = choices["algorithm"].flatMap(TrainingAlgorithm.init(rawValue:)), let environment = choices["environment"] else { return [] }
        return TrainingPreset.matching(algorithm: algorithm, environment: environment)?.settings ?? []
    }
    public static var optionalKeyPaths: [String] { ["sac.target_entropy", "sac.max_gradient_norm", "diayn.skill_interval", "ppo.value_clip_range", "stop_at_accuracy"] }
    /// SAC and PPO learn no skills, so their `config.json` records no skill count.
    public var inapplicableKeyPaths: [String] { algorithm.learnsSkills ? [] : ["skills"] }

    public func validate() throws(ConfigurationError) {
        var issues = IssueCollector()
        issues.check(!environment.isEmpty, "environment", "\"\(environment)\"", "an environment id such as \"PointMass-v0\" (see `empower envs list`)")
        if algorithm.learnsSkills {
            issues.check(skills >= 2 && skills <= 1000, "skills", skills, "an integer from 2 to 1000 (\(algorithm.rawValue) needs at least two skills to tell apart)")
        }
        if algorithm == .masd, let agents = environmentArguments["agents"] {
            let count: Int? = if case .int(let value) = agents.argument { value } else { nil }
            issues.check((count ?? 0) >= 2, "environment_arguments.agents", agents.argument, "an integer of at least 2 (MASD needs several agents sharing a skill)")
        }
        issues.check(steps >= 1, "steps", steps, "a positive number of environment steps")
        issues.check(threads >= 1 && threads <= 64, "threads", threads, "an integer from 1 to 64")
        issues.check(environments >= 1 && environments <= 256, "environments", environments, "an integer from 1 to 256")
        issues.check(logInterval >= 1, "log_interval", logInterval, "a positive number of steps")
        issues.check(checkpointInterval >= 1, "checkpoint_interval", checkpointInterval, "a positive number of steps")
        issues.check(keepCheckpoints >= 1, "keep_checkpoints", keepCheckpoints, "a positive integer")
        issues.check(evaluationInterval >= 0, "evaluation_interval", evaluationInterval, "0 (no evaluation during training) or a positive number of steps")
        issues.check(evaluationEpisodes >= 1 && evaluationEpisodes <= 100, "evaluation_episodes", evaluationEpisodes, "an integer from 1 to 100 (episodes per skill)")
        if let stopAtAccuracy {
            issues.check(stopAtAccuracy > 0 && stopAtAccuracy <= 1, "stop_at_accuracy", stopAtAccuracy, "a number in (0, 1] (a fresh-rollout accuracy) or null")
            issues.check(algorithm == .diayn || algorithm == .slim || algorithm == .masd, "stop_at_accuracy", stopAtAccuracy,
                         "null for \(algorithm.rawValue), which has no discriminator accuracy (DIAYN, SLIM and MASD do)")
            issues.check(evaluationInterval > 0, "stop_at_accuracy", stopAtAccuracy, "null while evaluation_interval is 0: the accuracy is measured by the periodic evaluation")
        }
        if algorithm == .sac || algorithm == .diayn || algorithm == .masd { issues.append(contentsOf: sac.issues(), prefix: "sac") }
        if algorithm == .diayn { issues.append(contentsOf: diayn.issues(), prefix: "diayn") }
        if diayn.relativeToStart {
            issues.check(algorithm == .diayn, "diayn.relative_to_start", true, "false unless algorithm is \"diayn\" (SLIM's discovery channel has slim.relative_to_start)")
        }
        if algorithm.isOnPolicy { issues.append(contentsOf: ppo.issues(), prefix: "ppo") }
        if algorithm.distanceConstraint != nil { issues.append(contentsOf: distance.issues(), prefix: "distance") }
        if algorithm == .slim { issues.append(contentsOf: slim.issues(), prefix: "slim") }
        if algorithm == .masd { issues.append(contentsOf: masd.issues(), prefix: "masd") }
        if let first = issues.all.first {
            throw ConfigurationError.invalidValue(field: first.field, value: first.value, allowed: first.allowed)
        }
    }

    /// The environment's constructor arguments in the catalog's typed form.
    public var catalogArguments: EnvironmentArguments {
        EnvironmentArguments(environmentArguments.mapValues(\.argument), environment: environment)
    }
}

/// An environment argument in JSON: a number (integer or not), a boolean, a string, or a list of
/// numbers.
public struct ArgumentValue: Codable, Hashable, Sendable {
    public var argument: EnvironmentArgument

    public init(_ argument: EnvironmentArgument) { self.argument = argument }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Int.self) {
            argument = .int(value)
        } else if let value = try? container.decode(Float.self) {
            argument = .float(value)
        } else if let value = try? container.decode(Bool.self) {
            argument = .bool(value)
        } else if let value = try? container.decode(String.self) {
            argument = .string(value)
        } else if let value = try? container.decode([Float].self) {
            argument = .floats(value)
        } else {
            throw DecodingError.typeMismatch(
                Float.self, .init(codingPath: decoder.codingPath, debugDescription: "an environment argument is a number, a boolean, a string or a list of numbers"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch argument {
        case .int(let value): try container.encode(value)
        case .float(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .floats(let value): try container.encode(value)
        }
    }
}

extension TrainingConfiguration {
    /// The skills this configuration trains, built once here for the learner, the objective
    /// and the collector: none for SAC and PPO; K discrete skills for DIAYN and MASD; for SLIM,
    /// K discrete skills or continuous ones of `slim.skill_dimension` (K evaluation directions).
    public var skillSpace: SkillSpace {
        switch algorithm {
        case .sac, .ppo: .none
        case .diayn, .masd: .discrete(skills)
        case .slim: slim.isContinuous ? .continuous(skills, dimension: slim.skillDimension) : .discrete(skills)
        case .lsd, .metra, .csd: distance.skillSpace == .continuous ? .continuous(skills, dimension: distance.skillDimension) : .discrete(skills)
        }
    }
}
