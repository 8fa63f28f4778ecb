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
    public let configuration: DIAYNConfiguration
    public private(set) var reward: DIAYNReward
    var intrinsic: [Float] = []

    public init(
        configuration: DIAYNConfiguration, prior: SkillPrior, features: FeatureSelection,
        using generator: inout some RandomNumberGenerator
    ) {
        self.configuration = configuration
        reward = DIAYNReward(
            prior: prior,
            discriminator: Discriminator(
                name: "discriminator", features: features, skillCount: prior.skillCount,
                hiddenSizes: configuration.hiddenSizes, learningRate: configuration.learningRate, using: &generator),
            relativeToStart: configuration.relativeToStart)
    }

    public var prior: SkillPrior { reward.prior }
    public var discriminator: Discriminator { reward.discriminator }

    /// Replaces `batch.rewards` with r = log q(z|f(s')) - log p(z) + w * r_env (``DIAYNReward``,
    /// w the configuration's extrinsic reward weight) and trains the discriminator on the
    /// batch's next observations (their displacement from `batch.episodeStarts` with
    /// `relative_to_start`).
    public mutating func relabel(_ batch: inout TransitionBatch, metrics: inout Metrics) {
        score(batch, deferringStep: false, metrics: &metrics)
        batch.rewards.withUnsafeMutableBufferPointer { combine(into: $0) }
    }

    /// The same rewards written into `rewards` (which holds `batch`'s own on entry), for a
    /// learner that keeps them apart from the batch (``SACLearner/update(_:using:metrics:side:)``).
    /// With `deferringStep` the discriminator's learning step waits for ``completeStep()``.
    public mutating func relabel(rewards: inout Tensor, of batch: TransitionBatch, deferringStep: Bool, metrics: inout Metrics) {
        score(batch, deferringStep: deferringStep, metrics: &metrics)
        rewards.withUnsafeMutableBufferPointer { combine(into: $0) }
    }

    /// log q(z|f(s')) - log p(z) of every transition into `intrinsic`, and the discriminator's step.
    mutating func score(_ batch: TransitionBatch, deferringStep: Bool, metrics: inout Metrics) {
        let transitions = SkillTransitions(
            observations: batch.observations, nextObservations: batch.nextObservations, skills: batch.skills, episodeStarts: batch.episodeStarts)
        reward.rewards(for: transitions, learn: true, deferringStep: deferringStep, into: &intrinsic, metrics: &metrics)
    }

    /// r = intrinsic + w * r_env, in place.
    func combine(into rewards: UnsafeMutableBufferPointer<Float>) {
        let weight = configuration.extrinsicRewardWeight
        intrinsic.withUnsafeBufferPointer { intrinsic in
            for i in rewards.indices { rewards[i] = intrinsic[i] + weight * rewards[i] }
        }
    }

    /// The discriminator's deferred learning step, if any.
    public mutating func completeStep() { reward.completeStep() }

    public func namedState() -> [(name: String, tensor: Tensor)] { reward.namedState() }

    public mutating func restore(from tensors: [String: Tensor], source: String) throws(ParameterFileError) {
        try reward.restore(from: tensors, source: source)
    }
}
