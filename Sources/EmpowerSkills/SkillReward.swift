import EmpowerBase
import EmpowerNN

/// The transitions a skill reward scores: s -> s' under skill z. The tensors are the caller's
/// (a sampled replay batch, an on-policy rollout); nothing is copied.
public struct SkillTransitions {
    /// s, [B, observation size].
    public var observations: Tensor
    /// s', [B, observation size].
    public var nextObservations: Tensor
    /// The skill index of each row, [B].
    public var skills: [Int32]

    public init(observations: Tensor, nextObservations: Tensor, skills: [Int32]) {
        self.observations = observations
        self.nextObservations = nextObservations
        self.skills = skills
    }
}

/// An intrinsic skill reward, written once and called by every algorithm that uses it: the
/// off-policy relabel (``DIAYNObjective``) and SLIM's discovery channel
/// (``DIAYNDiscoveryChannel``) both score transitions through this protocol.
public protocol SkillReward {
    /// Writes the intrinsic reward of each transition into `rewards` (resized to B) with the
    /// model as it stands, then, when `learn`, takes one learning step of the reward's model on
    /// the same transitions. Sets the reward's metrics (`skills/...`).
    mutating func rewards(for transitions: SkillTransitions, learn: Bool, into rewards: inout [Float], metrics: inout Metrics)
}

/// DIAYN's reward:
///
///     r = log q_phi(z | f(s')) - log p(z)
///
/// with q_phi the ``Discriminator`` over the selected features f and p the uniform skill prior.
/// Learning is one cross-entropy step of the discriminator on the same s'.
///
/// Logged: `skills/accuracy` (before learning), `skills/intrinsic_reward` (mean),
/// `skills/mutual_information_bound` (log K + E[log q(z|s')], nats: equal to the mean reward),
/// and `skills/discriminator_loss` when learning.
public struct DIAYNReward: SkillReward {
    public let prior: SkillPrior
    public private(set) var discriminator: Discriminator

    public init(prior: SkillPrior, discriminator: Discriminator) {
        self.prior = prior
        self.discriminator = discriminator
    }

    public mutating func rewards(for transitions: SkillTransitions, learn: Bool, into rewards: inout [Float], metrics: inout Metrics) {
        let result = learn
            ? discriminator.train(on: transitions.nextObservations, skills: transitions.skills)
            : discriminator.evaluate(on: transitions.nextObservations, skills: transitions.skills)
        let logPrior = prior.logProbability
        let count = transitions.nextObservations.shape[0]
        if rewards.count != count { rewards = [Float](repeating: 0, count: count) }
        var total = 0.0
        discriminator.logProbabilities.withUnsafeBufferPointer { logQ in
            for i in 0..<count {
                rewards[i] = logQ[i] - logPrior
                total += Double(rewards[i])
            }
        }
        let mean = total / Double(max(count, 1))
        if learn { metrics.set("skills/discriminator_loss", Double(result.loss)) }
        metrics.set("skills/accuracy", Double(result.accuracy))
        metrics.set("skills/intrinsic_reward", mean)
        metrics.set("skills/mutual_information_bound", mean)
    }

    /// Trains the discriminator on `states` and their skills without scoring; returns the loss.
    public mutating func learn(on states: Tensor, skills: [Int32]) -> Float {
        discriminator.train(on: states, skills: skills).loss
    }

    /// The discriminator's tensors, named `discriminator.*`.
    public func namedState() -> [(name: String, tensor: Tensor)] { discriminator.namedState(prefix: "discriminator") }

    public mutating func restore(from tensors: [String: Tensor], source: String) throws(ParameterFileError) {
        try discriminator.restore(from: tensors, prefix: "discriminator", source: source)
    }
}
