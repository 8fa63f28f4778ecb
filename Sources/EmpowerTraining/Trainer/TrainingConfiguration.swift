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

    /// Whether the algorithm learns skills.
    public var learnsSkills: Bool { self == .diayn || self == .slim || self == .masd }
}

/// Everything a training run needs, as `config.json` holds it (every default written out).
///
/// | field | default | meaning |
/// |---|---|---|
/// | `algorithm` | "diayn" | "sac", "diayn", "ppo", "slim" or "masd" |
/// | `environment` | "PointMass-v0" | a catalog id (`empower envs list`) |
/// | `environment_arguments` | {} | constructor arguments, e.g. {"objects": 2}; {"agents": 3} for multi-agent environments |
/// | `skills` | 10 | K, the number of skills (DIAYN, SLIM, MASD; at least 2) |
/// | `steps` | 10000 | environment steps in total (over all parallel environments) |
/// | `seed` | 0 | the master seed every random stream derives from |
/// | `threads` | 1 | OpenBLAS threads, and environment threads when `environments` > 1 |
/// | `environments` | 1 | parallel environment copies |
/// | `log_interval` | 1000 | environment steps between metric records |
/// | `checkpoint_interval` | 10000 | environment steps between checkpoints |
/// | `keep_checkpoints` | 3 | checkpoints kept on disk |
/// | `evaluation_interval` | 5000 | environment steps between evaluations of every skill on fresh rollouts (``SkillEvaluation``), logged as `eval/...`; 0 turns them off; skill-discovery runs only |
/// | `evaluation_episodes` | 1 | episodes per skill in each of those evaluations |
/// | `sac` | see ``SACConfiguration``, but alpha 0.1 fixed | the SAC backbone |
/// | `diayn` | see ``DIAYNConfiguration`` | the skill objective |
/// | `ppo` | see ``PPOConfiguration`` | the on-policy backbone (PPO, SLIM) |
/// | `slim` | see ``SLIMConfiguration`` | SLIM's reward channels and critics |
/// | `masd` | see ``MASDConfiguration`` | the multi-agent skill objective (algorithm "masd") |
///
/// The same seed and thread count give the same run, bit for bit.
public struct TrainingConfiguration: Configuration, Hashable {
    public var algorithm: TrainingAlgorithm = .diayn
    public var environment = "PointMass-v0"
    public var environmentArguments: [String: ArgumentValue] = [:]
    public var skills = 10
    public var steps = 10_000
    public var seed: UInt64 = 0
    public var threads = 1
    public var environments = 1
    public var logInterval = 1000
    public var checkpointInterval = 10_000
    public var keepCheckpoints = 3
    public var evaluationInterval = 5000
    public var evaluationEpisodes = 1
    public var sac = SACConfiguration()
    public var diayn = DIAYNConfiguration()
    public var ppo = PPOConfiguration()
    public var slim = SLIMConfiguration()
    public var masd = MASDConfiguration()

    /// The defaults: DIAYN on PointMass-v0 with the entropy coefficient of the DIAYN paper
    /// (alpha 0.1, fixed). Set `sac.tune_alpha` to true for SAC's automatic tuning.
    public init() {
        sac.alpha = 0.1
        sac.tuneAlpha = false
    }

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case algorithm, environment
        case environmentArguments = "environment_arguments"
        case skills, steps, seed, threads, environments
        case logInterval = "log_interval"
        case checkpointInterval = "checkpoint_interval"
        case keepCheckpoints = "keep_checkpoints"
        case evaluationInterval = "evaluation_interval"
        case evaluationEpisodes = "evaluation_episodes"
        case sac, diayn, ppo, slim, masd
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = TrainingConfiguration()
        algorithm = try c.decode(.algorithm, default: defaults.algorithm)
        environment = try c.decode(.environment, default: defaults.environment)
        environmentArguments = try c.decode(.environmentArguments, default: defaults.environmentArguments)
        skills = try c.decode(.skills, default: defaults.skills)
        steps = try c.decode(.steps, default: defaults.steps)
        seed = try c.decode(.seed, default: defaults.seed)
        threads = try c.decode(.threads, default: defaults.threads)
        environments = try c.decode(.environments, default: defaults.environments)
        logInterval = try c.decode(.logInterval, default: defaults.logInterval)
        checkpointInterval = try c.decode(.checkpointInterval, default: defaults.checkpointInterval)
        keepCheckpoints = try c.decode(.keepCheckpoints, default: defaults.keepCheckpoints)
        evaluationInterval = try c.decode(.evaluationInterval, default: defaults.evaluationInterval)
        evaluationEpisodes = try c.decode(.evaluationEpisodes, default: defaults.evaluationEpisodes)
        sac = try c.decode(.sac, default: defaults.sac)
        diayn = try c.decode(.diayn, default: defaults.diayn)
        ppo = try c.decode(.ppo, default: defaults.ppo)
        slim = try c.decode(.slim, default: defaults.slim)
        masd = try c.decode(.masd, default: defaults.masd)
    }

    public static var freeFormKeyPaths: [String] { ["environment_arguments", "slim.channels"] }
    public static var optionalKeyPaths: [String] { ["sac.target_entropy", "sac.max_gradient_norm", "diayn.skill_interval", "ppo.value_clip_range"] }

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
        if algorithm == .sac || algorithm == .diayn || algorithm == .masd { issues.append(contentsOf: sac.issues(), prefix: "sac") }
        if algorithm == .diayn { issues.append(contentsOf: diayn.issues(), prefix: "diayn") }
        if algorithm == .ppo || algorithm == .slim { issues.append(contentsOf: ppo.issues(), prefix: "ppo") }
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
        }
    }
}
