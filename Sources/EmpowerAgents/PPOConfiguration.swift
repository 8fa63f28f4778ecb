import EmpowerBase

/// Proximal Policy Optimization hyperparameters (Schulman et al., 2017, "Proximal Policy
/// Optimization Algorithms"), for plain PPO and for SLIM's multi-critic PPO. In JSON each field is
/// spelled in snake_case (`learning_rate`); every field has a default.
public struct PPOConfiguration: Codable, Hashable, Sendable {
    /// Hidden layers (tanh) of the policy and of each value network.
    public var hiddenSizes: [Int] = [64, 64]
    /// Adam step size (one optimizer over policy and critics).
    public var learningRate: Float = 3e-4
    /// Steps per environment in one rollout (a rollout is rollout_steps x environments transitions).
    public var rolloutSteps: Int = 256
    /// Passes over each rollout.
    public var epochs: Int = 10
    /// Transitions per gradient step.
    public var minibatchSize: Int = 64
    /// Discount per step.
    public var gamma: Float = 0.99
    /// GAE's lambda.
    public var gaeLambda: Float = 0.95
    /// Epsilon of the clipped ratio, [1 - eps, 1 + eps].
    public var clipRange: Float = 0.2
    /// Clip each value prediction to within this of the rollout's value; null: no value clipping.
    public var valueClipRange: Float?
    /// Weight of the entropy bonus.
    public var entropyCoefficient: Float = 0
    /// Weight of the (summed) value losses.
    public var valueCoefficient: Float = 0.5
    /// Global-norm clipping of the gradient.
    public var maxGradientNorm: Float = 0.5
    /// The policy's starting log standard deviation (actions in [-1, 1] units).
    public var initialLogStd: Float = 0
    /// Normalize each channel's advantages over the rollout.
    public var normalizeAdvantages: Bool = true

    public init() {}

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
