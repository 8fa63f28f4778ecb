import EmpowerBase

/// Hyperparameters of the distance-based algorithms LSD (`lipschitz`), METRA (`temporal`) and
/// CSD (`controllability`): the representation phi, the skills, and each constraint's settings
/// (``DistanceObjective``). In JSON each field is spelled in snake_case; every field has a
/// default. The backbone is PPO (`ppo` section): one value head on the distance reward.
public struct DistanceConfiguration: Codable, Hashable, Sendable {
    /// What phi sees: "all", a feature group of the environment (e.g. "objects"), or indices "0,1".
    public var features: String = "all"
    /// Hidden layers of phi.
    public var hiddenSizes: [Int] = [128, 128]
    /// Adam step size of phi (and of CSD's density model).
    public var learningRate: Float = 3e-4
    /// "discrete": K skills, z the zero-centred one-hot (K onehot - 1) / (K - 1); "continuous": unit vectors z of `skill_dimension`.
    public var skillSpace: SkillSpaceChoice = .discrete
    /// The dimension of continuous skills (and of phi's output).
    public var skillDimension: Int = 2
    /// Passes over each rollout's transitions to train phi.
    public var epochs: Int = 2
    /// Transitions per phi step.
    public var batchSize: Int = 256
    /// LSD: power-iteration steps per pass of the spectral normalization.
    public var spectralIterations: Int = 1
    /// METRA, CSD: eps of the slack min(eps, bound - ||phi(s') - phi(s)||^2).
    public var epsilon: Float = 1e-3
    /// METRA, CSD: the dual variable lambda at the start.
    public var initialDual: Float = 30
    /// METRA, CSD: the step size of log lambda per phi step.
    public var dualLearningRate: Float = 1e-3
    /// CSD: hidden layers of the density model of f(s') given f(s).
    public var densityHiddenSizes: [Int] = [64, 64]
    /// CSD: the smallest variance the density model may predict.
    public var minimumVariance: Float = 1e-4

    public init() {}

    /// Every value out of its allowed range, with field names relative to this section.
    public func issues() -> [ConfigurationIssue] {
        var issues = IssueCollector()
        let layers = "one or more layer sizes from 1 to 4096"
        issues.check(!hiddenSizes.isEmpty && hiddenSizes.allSatisfy { $0 > 0 && $0 <= 4096 }, "hidden_sizes", hiddenSizes, layers)
        issues.check(learningRate > 0 && learningRate < 1, "learning_rate", learningRate, "a number in (0, 1)")
        issues.check(skillDimension >= 1 && skillDimension <= 64, "skill_dimension", skillDimension, "an integer from 1 to 64")
        issues.check(epochs >= 1 && epochs <= 100, "epochs", epochs, "an integer from 1 to 100")
        issues.check(batchSize >= 1 && batchSize <= 65536, "batch_size", batchSize, "an integer from 1 to 65536")
        issues.check(spectralIterations >= 1 && spectralIterations <= 50, "spectral_iterations", spectralIterations, "an integer from 1 to 50")
        issues.check(epsilon > 0 && epsilon <= 1, "epsilon", epsilon, "a number in (0, 1]")
        issues.check(initialDual > 0 && initialDual.isFinite, "initial_dual", initialDual, "a positive number")
        issues.check(dualLearningRate > 0 && dualLearningRate < 1, "dual_learning_rate", dualLearningRate, "a number in (0, 1)")
        issues.check(!densityHiddenSizes.isEmpty && densityHiddenSizes.allSatisfy { $0 > 0 && $0 <= 4096 }, "density_hidden_sizes", densityHiddenSizes, layers)
        issues.check(minimumVariance > 0 && minimumVariance < 1, "minimum_variance", minimumVariance, "a number in (0, 1)")
        return issues.all
    }
}
