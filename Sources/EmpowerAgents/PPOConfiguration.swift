import EmpowerBase

/// Proximal Policy Optimization hyperparameters (Schulman et al., 2017, "Proximal Policy
/// Optimization Algorithms"), for plain PPO and for SLIM's multi-critic PPO. JSON keys are the
/// snake_case names shown; every field has a default.
///
/// | field | default | meaning |
/// |---|---|---|
/// | `hidden_sizes` | [64, 64] | hidden layers (tanh) of the policy and of each value network |
/// | `learning_rate` | 3e-4 | Adam step size (one optimizer over policy and critics) |
/// | `rollout_steps` | 256 | steps per environment in one rollout (a rollout is rollout_steps x environments transitions) |
/// | `epochs` | 10 | passes over each rollout |
/// | `minibatch_size` | 64 | transitions per gradient step |
/// | `gamma` | 0.99 | discount per step |
/// | `gae_lambda` | 0.95 | GAE's lambda |
/// | `clip_range` | 0.2 | epsilon of the clipped ratio, [1 - eps, 1 + eps] |
/// | `value_clip_range` | null | clip each value prediction to within this of the rollout's value; null: no value clipping |
/// | `entropy_coefficient` | 0 | weight of the entropy bonus |
/// | `value_coefficient` | 0.5 | weight of the (summed) value losses |
/// | `max_gradient_norm` | 0.5 | global-norm clipping of the gradient |
/// | `initial_log_std` | 0 | the policy's starting log standard deviation (actions in [-1, 1] units) |
/// | `normalize_advantages` | true | normalize each channel's advantages over the rollout |
public struct PPOConfiguration: Codable, Hashable, Sendable {
    public var hiddenSizes: [Int] = [64, 64]
    public var learningRate: Float = 3e-4
    public var rolloutSteps: Int = 256
    public var epochs: Int = 10
    public var minibatchSize: Int = 64
    public var gamma: Float = 0.99
    public var gaeLambda: Float = 0.95
    public var clipRange: Float = 0.2
    public var valueClipRange: Float?
    public var entropyCoefficient: Float = 0
    public var valueCoefficient: Float = 0.5
    public var maxGradientNorm: Float = 0.5
    public var initialLogStd: Float = 0
    public var normalizeAdvantages: Bool = true

    public init() {}

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case hiddenSizes = "hidden_sizes"
        case learningRate = "learning_rate"
        case rolloutSteps = "rollout_steps"
        case epochs
        case minibatchSize = "minibatch_size"
        case gamma
        case gaeLambda = "gae_lambda"
        case clipRange = "clip_range"
        case valueClipRange = "value_clip_range"
        case entropyCoefficient = "entropy_coefficient"
        case valueCoefficient = "value_coefficient"
        case maxGradientNorm = "max_gradient_norm"
        case initialLogStd = "initial_log_std"
        case normalizeAdvantages = "normalize_advantages"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = PPOConfiguration()
        hiddenSizes = try c.decode(.hiddenSizes, default: d.hiddenSizes)
        learningRate = try c.decode(.learningRate, default: d.learningRate)
        rolloutSteps = try c.decode(.rolloutSteps, default: d.rolloutSteps)
        epochs = try c.decode(.epochs, default: d.epochs)
        minibatchSize = try c.decode(.minibatchSize, default: d.minibatchSize)
        gamma = try c.decode(.gamma, default: d.gamma)
        gaeLambda = try c.decode(.gaeLambda, default: d.gaeLambda)
        clipRange = try c.decode(.clipRange, default: d.clipRange)
        valueClipRange = try c.decodeIfPresent(Float.self, forKey: .valueClipRange)
        entropyCoefficient = try c.decode(.entropyCoefficient, default: d.entropyCoefficient)
        valueCoefficient = try c.decode(.valueCoefficient, default: d.valueCoefficient)
        maxGradientNorm = try c.decode(.maxGradientNorm, default: d.maxGradientNorm)
        initialLogStd = try c.decode(.initialLogStd, default: d.initialLogStd)
        normalizeAdvantages = try c.decode(.normalizeAdvantages, default: d.normalizeAdvantages)
    }

    /// Writes every field, nulls included.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(hiddenSizes, forKey: .hiddenSizes)
        try c.encode(learningRate, forKey: .learningRate)
        try c.encode(rolloutSteps, forKey: .rolloutSteps)
        try c.encode(epochs, forKey: .epochs)
        try c.encode(minibatchSize, forKey: .minibatchSize)
        try c.encode(gamma, forKey: .gamma)
        try c.encode(gaeLambda, forKey: .gaeLambda)
        try c.encode(clipRange, forKey: .clipRange)
        try c.encode(valueClipRange, forKey: .valueClipRange)
        try c.encode(entropyCoefficient, forKey: .entropyCoefficient)
        try c.encode(valueCoefficient, forKey: .valueCoefficient)
        try c.encode(maxGradientNorm, forKey: .maxGradientNorm)
        try c.encode(initialLogStd, forKey: .initialLogStd)
        try c.encode(normalizeAdvantages, forKey: .normalizeAdvantages)
    }

    /// Every value out of its allowed range, with field names relative to this section.
    public func issues() -> [ConfigurationIssue] {
        var issues = IssueCollector()
        issues.check(!hiddenSizes.isEmpty && hiddenSizes.allSatisfy { $0 > 0 && $0 <= 4096 }, "hidden_sizes", hiddenSizes, "one or more layer sizes from 1 to 4096")
        issues.check(learningRate > 0 && learningRate < 1, "learning_rate", learningRate, "a number in (0, 1)")
        issues.check(rolloutSteps >= 1 && rolloutSteps <= 100_000, "rollout_steps", rolloutSteps, "an integer from 1 to 100000")
        issues.check(epochs >= 1 && epochs <= 100, "epochs", epochs, "an integer from 1 to 100")
        issues.check(minibatchSize >= 1 && minibatchSize <= 65536, "minibatch_size", minibatchSize, "an integer from 1 to 65536")
        issues.check(gamma > 0 && gamma <= 1, "gamma", gamma, "a number in (0, 1]")
        issues.check(gaeLambda >= 0 && gaeLambda <= 1, "gae_lambda", gaeLambda, "a number in [0, 1]")
        issues.check(clipRange > 0 && clipRange < 1, "clip_range", clipRange, "a number in (0, 1)")
        if let valueClipRange { issues.check(valueClipRange > 0 && valueClipRange.isFinite, "value_clip_range", valueClipRange, "a positive number or null") }
        issues.check(entropyCoefficient >= 0 && entropyCoefficient.isFinite, "entropy_coefficient", entropyCoefficient, "a non-negative number")
        issues.check(valueCoefficient > 0 && valueCoefficient.isFinite, "value_coefficient", valueCoefficient, "a positive number")
        issues.check(maxGradientNorm > 0 && maxGradientNorm.isFinite, "max_gradient_norm", maxGradientNorm, "a positive number")
        issues.check(initialLogStd >= -5 && initialLogStd <= 2, "initial_log_std", initialLogStd, "a number from -5 to 2")
        return issues.all
    }
}
