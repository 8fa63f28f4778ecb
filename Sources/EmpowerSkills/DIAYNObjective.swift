import EmpowerAgents
import EmpowerBase
import EmpowerNN

/// DIAYN's skill objective (Eysenbach et al., 2019): a discriminator q_phi(z | f(s')) and the
/// intrinsic reward
///
///     r = log q_phi(z | f(s')) - log p(z)
///
/// computed at update time on the sampled batch with the current discriminator, which is then
/// trained by cross-entropy on the same s'. The objective is a component beside the learner
/// (not a subclass of it): it rewrites the batch's rewards, then SAC updates as usual.
///
/// Logged: `skills/discriminator_loss`, `skills/accuracy` (on the batch, before the update),
/// `skills/intrinsic_reward` (mean), `skills/mutual_information_bound` (the lower bound
/// log K + E[log q(z|s)], nats; equal to the mean intrinsic reward).
public struct DIAYNObjective {
    public let prior: SkillPrior
    public let configuration: DIAYNConfiguration
    public private(set) var discriminator: Discriminator

    public init(
        configuration: DIAYNConfiguration, prior: SkillPrior, features: FeatureSelection,
        using generator: inout some RandomNumberGenerator
    ) {
        self.prior = prior
        self.configuration = configuration
        discriminator = Discriminator(
            name: "discriminator", features: features, skillCount: prior.skillCount,
            hiddenSizes: configuration.hiddenSizes, learningRate: configuration.learningRate, using: &generator)
    }

    /// Replaces `batch.rewards` with intrinsic rewards (plus the weighted environment reward)
    /// and trains the discriminator on the batch's next observations.
    public mutating func relabel(_ batch: inout TransitionBatch, metrics: inout Metrics) {
        let result = discriminator.train(on: batch.nextObservations, skills: batch.skills)
        let logPrior = prior.logProbability
        let weight = configuration.extrinsicRewardWeight
        var total: Double = 0
        discriminator.logProbabilities.withUnsafeBufferPointer { logQ in
            batch.rewards.withUnsafeMutableBufferPointer { rewards in
                for i in rewards.indices {
                    let intrinsic = logQ[i] - logPrior
                    total += Double(intrinsic)
                    rewards[i] = intrinsic + weight * rewards[i]
                }
            }
        }
        let meanIntrinsic = total / Double(max(batch.batchSize, 1))
        metrics.set("skills/discriminator_loss", Double(result.loss))
        metrics.set("skills/accuracy", Double(result.accuracy))
        metrics.set("skills/intrinsic_reward", meanIntrinsic)
        metrics.set("skills/mutual_information_bound", meanIntrinsic)
    }

    public func namedState() -> [(name: String, tensor: Tensor)] { discriminator.namedState(prefix: "discriminator") }

    public mutating func restore(from tensors: [String: Tensor], source: String) throws(ParameterFileError) {
        try discriminator.restore(from: tensors, prefix: "discriminator", source: source)
    }
}
