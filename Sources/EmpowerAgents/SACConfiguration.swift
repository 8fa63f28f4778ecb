import EmpowerBase

/// Soft Actor-Critic hyperparameters (Haarnoja et al., 2018, "Soft Actor-Critic Algorithms and
/// Applications"). JSON keys are the snake_case names shown; every field has a default.
///
/// | field | default | meaning |
/// |---|---|---|
/// | `hidden_sizes` | [256, 256] | hidden layers of the actor and of each critic |
/// | `learning_rate` | 3e-4 | Adam step size of the actor and the critics |
/// | `alpha_learning_rate` | 3e-4 | Adam step size of log(alpha) when tuned |
/// | `gamma` | 0.99 | discount per step |
/// | `tau` | 0.005 | Polyak rate of the target critics per update |
/// | `batch_size` | 256 | transitions per update |
/// | `buffer_size` | 1000000 | replay capacity, transitions |
/// | `warmup_steps` | 1000 | environment steps of uniform random actions before learning |
/// | `updates_per_step` | 1 | gradient updates per environment step after the warm-up |
/// | `alpha` | 0.2 | the entropy coefficient (fixed), or its initial value when tuned |
/// | `tune_alpha` | true | tune alpha toward `target_entropy` |
/// | `target_entropy` | null | the entropy target; null means -(action dimensions) |
/// | `max_gradient_norm` | null | global-norm clipping of each network's gradient; null: none |
public struct SACConfiguration: Codable, Hashable, Sendable {
    public var hiddenSizes: [Int] = [256, 256]
    public var learningRate: Float = 3e-4
    public var alphaLearningRate: Float = 3e-4
    public var gamma: Float = 0.99
    public var tau: Float = 0.005
    public var batchSize: Int = 256
    public var bufferSize: Int = 1_000_000
    public var warmupSteps: Int = 1000
    public var updatesPerStep: Int = 1
    public var alpha: Float = 0.2
    public var tuneAlpha: Bool = true
    public var targetEntropy: Float?
    public var maxGradientNorm: Float?

    public init() {}

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case hiddenSizes = "hidden_sizes"
        case learningRate = "learning_rate"
        case alphaLearningRate = "alpha_learning_rate"
        case gamma, tau
        case batchSize = "batch_size"
        case bufferSize = "buffer_size"
        case warmupSteps = "warmup_steps"
        case updatesPerStep = "updates_per_step"
        case alpha
        case tuneAlpha = "tune_alpha"
        case targetEntropy = "target_entropy"
        case maxGradientNorm = "max_gradient_norm"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = SACConfiguration()
        hiddenSizes = try c.decode(.hiddenSizes, default: defaults.hiddenSizes)
        learningRate = try c.decode(.learningRate, default: defaults.learningRate)
        alphaLearningRate = try c.decode(.alphaLearningRate, default: defaults.alphaLearningRate)
        gamma = try c.decode(.gamma, default: defaults.gamma)
        tau = try c.decode(.tau, default: defaults.tau)
        batchSize = try c.decode(.batchSize, default: defaults.batchSize)
        bufferSize = try c.decode(.bufferSize, default: defaults.bufferSize)
        warmupSteps = try c.decode(.warmupSteps, default: defaults.warmupSteps)
        updatesPerStep = try c.decode(.updatesPerStep, default: defaults.updatesPerStep)
        alpha = try c.decode(.alpha, default: defaults.alpha)
        tuneAlpha = try c.decode(.tuneAlpha, default: defaults.tuneAlpha)
        targetEntropy = try c.decodeIfPresent(Float.self, forKey: .targetEntropy)
        maxGradientNorm = try c.decodeIfPresent(Float.self, forKey: .maxGradientNorm)
    }

    /// Writes every field, nulls included, so a resolved configuration shows all of them.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(hiddenSizes, forKey: .hiddenSizes)
        try c.encode(learningRate, forKey: .learningRate)
        try c.encode(alphaLearningRate, forKey: .alphaLearningRate)
        try c.encode(gamma, forKey: .gamma)
        try c.encode(tau, forKey: .tau)
        try c.encode(batchSize, forKey: .batchSize)
        try c.encode(bufferSize, forKey: .bufferSize)
        try c.encode(warmupSteps, forKey: .warmupSteps)
        try c.encode(updatesPerStep, forKey: .updatesPerStep)
        try c.encode(alpha, forKey: .alpha)
        try c.encode(tuneAlpha, forKey: .tuneAlpha)
        try c.encode(targetEntropy, forKey: .targetEntropy)
        try c.encode(maxGradientNorm, forKey: .maxGradientNorm)
    }

    /// Every value out of its allowed range, with field names relative to this section.
    public func issues() -> [ConfigurationIssue] {
        var issues = IssueCollector()
        issues.check(!hiddenSizes.isEmpty && hiddenSizes.allSatisfy { $0 > 0 && $0 <= 4096 }, "hidden_sizes", hiddenSizes, "one or more layer sizes from 1 to 4096")
        issues.check(learningRate > 0 && learningRate < 1, "learning_rate", learningRate, "a number in (0, 1)")
        issues.check(alphaLearningRate > 0 && alphaLearningRate < 1, "alpha_learning_rate", alphaLearningRate, "a number in (0, 1)")
        issues.check(gamma > 0 && gamma <= 1, "gamma", gamma, "a number in (0, 1]")
        issues.check(tau > 0 && tau <= 1, "tau", tau, "a number in (0, 1]")
        issues.check(batchSize >= 1 && batchSize <= 65536, "batch_size", batchSize, "an integer from 1 to 65536")
        issues.check(bufferSize >= batchSize, "buffer_size", bufferSize, "an integer at least batch_size (\(batchSize))")
        issues.check(warmupSteps >= 0, "warmup_steps", warmupSteps, "a non-negative integer")
        issues.check(updatesPerStep >= 1 && updatesPerStep <= 64, "updates_per_step", updatesPerStep, "an integer from 1 to 64")
        issues.check(alpha > 0 && alpha.isFinite, "alpha", alpha, "a positive number")
        if let targetEntropy { issues.check(targetEntropy.isFinite, "target_entropy", targetEntropy, "a finite number or null") }
        if let maxGradientNorm { issues.check(maxGradientNorm > 0, "max_gradient_norm", maxGradientNorm, "a positive number or null") }
        return issues.all
    }
}
