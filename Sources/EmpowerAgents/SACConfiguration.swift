import EmpowerBase

/// Soft Actor-Critic hyperparameters (Haarnoja et al., 2018, "Soft Actor-Critic Algorithms and
/// Applications"). In JSON each field is spelled in snake_case (`learning_rate`); every field has a default.
public struct SACConfiguration: Codable, Hashable, Sendable {
    /// Hidden layers of the actor and of each critic.
    public var hiddenSizes: [Int] = [256, 256]
    /// Adam step size of the actor and the critics.
    public var learningRate: Float = 3e-4
    /// Adam step size of log(alpha) when tuned.
    public var alphaLearningRate: Float = 3e-4
    /// Discount per step.
    public var gamma: Float = 0.99
    /// Polyak rate of the target critics per update.
    public var tau: Float = 0.005
    /// Transitions per update.
    public var batchSize: Int = 256
    /// Replay capacity, transitions.
    public var bufferSize: Int = 1_000_000
    /// Environment steps of uniform random actions before learning.
    public var warmupSteps: Int = 1000
    /// Gradient updates per environment step after the warm-up (the replay ratio): 1 is one
    /// update per step, 0.25 one update every 4 steps, 2 two per step. With `environments` E,
    /// a vector step earns E x ratio updates; the fraction left over carries to the next one.
    /// Older configurations spell it `updates_per_step` (an integer), which is read as this.
    public var replayRatio: Double = 1
    /// The entropy coefficient (fixed), or its initial value when tuned.
    public var alpha: Float = 0.2
    /// Tune alpha toward `target_entropy`.
    public var tuneAlpha: Bool = true
    /// The entropy target; null means -(action dimensions).
    public var targetEntropy: Float?
    /// Global-norm clipping of each network's gradient; null: none.
    public var maxGradientNorm: Float?

    public init() {}

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
        issues.check(replayRatio >= 0.001 && replayRatio <= 64, "replay_ratio", replayRatio, "a number from 0.001 to 64 (gradient updates per environment step)")
        issues.check(alpha > 0 && alpha.isFinite, "alpha", alpha, "a positive number")
        if let targetEntropy { issues.check(targetEntropy.isFinite, "target_entropy", targetEntropy, "a finite number or null") }
        if let maxGradientNorm { issues.check(maxGradientNorm > 0, "max_gradient_norm", maxGradientNorm, "a positive number or null") }
        return issues.all
    }
}
