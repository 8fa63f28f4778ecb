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
    /// s_0, the first observation of each row's episode, [B, observation size]; nil where the
    /// caller does not keep it (then a reward relative to the start cannot be used).
    public var episodeStarts: Tensor?

    public init(observations: Tensor, nextObservations: Tensor, skills: [Int32], episodeStarts: Tensor? = nil) {
        self.observations = observations
        self.nextObservations = nextObservations
        self.skills = skills
        self.episodeStarts = episodeStarts
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
/// With ``relativeToStart`` the discriminator sees f(s') - f(s_0), the features' displacement
/// since the episode's first state, so where an episode happened to start (a box placed at
/// random) cannot tell skills apart; only what the skill did can. Learning is one cross-entropy
/// step of the discriminator on the same inputs.
///
/// Logged: `skills/accuracy` (before learning), `skills/intrinsic_reward` (mean),
/// `skills/mutual_information_bound` (log K + E[log q(z|s')], nats: equal to the mean reward),
/// and `skills/discriminator_loss` when learning.
public struct DIAYNReward: SkillReward {
    public let prior: SkillPrior
    public private(set) var discriminator: Discriminator
    /// Whether the discriminator sees the displacement f(s') - f(s_0) instead of f(s').
    public let relativeToStart: Bool

    public init(prior: SkillPrior, discriminator: Discriminator, relativeToStart: Bool = false) {
        self.prior = prior
        self.discriminator = discriminator
        self.relativeToStart = relativeToStart
    }

    /// What the discriminator classifies for states `states` ([B, observation size]) of
    /// episodes that started at `starts` (one row per state): the states themselves, or their
    /// displacement from the start with ``relativeToStart``.
    public func discriminatorInputs(_ states: Tensor, starts: Tensor?) -> Tensor {
        guard relativeToStart, let starts else { return states }
        return starts.withUnsafeBufferPointer { displacement(of: states, from: $0, shared: false) }
    }

    /// The same for states of one episode that started at `start`.
    public func discriminatorInputs(_ states: Tensor, start: [Float]) -> Tensor {
        guard relativeToStart else { return states }
        return start.withUnsafeBufferPointer { displacement(of: states, from: $0, shared: true) }
    }

    func displacement(of states: Tensor, from starts: UnsafeBufferPointer<Float>, shared: Bool) -> Tensor {
        var result = states
        let rows = states.shape[0], width = states.shape[1]
        result.withUnsafeMutableBufferPointer { r in
            for row in 0..<rows {
                let base = shared ? 0 : row * width
                for j in 0..<width { r[row * width + j] -= starts[base + j] }
            }
        }
        return result
    }

    public mutating func rewards(for transitions: SkillTransitions, learn: Bool, into rewards: inout [Float], metrics: inout Metrics) {
        self.rewards(for: transitions, learn: learn, deferringStep: false, into: &rewards, metrics: &metrics)
    }

    /// The same, the discriminator's learning step deferred to ``completeStep()`` when
    /// `deferringStep` (the rewards are the same either way).
    public mutating func rewards(for transitions: SkillTransitions, learn: Bool, deferringStep: Bool, into rewards: inout [Float], metrics: inout Metrics) {
        precondition(!relativeToStart || transitions.episodeStarts != nil, "a reward relative to the episode's start needs the transitions' episode starts")
        let inputs = discriminatorInputs(transitions.nextObservations, starts: transitions.episodeStarts)
        let result = learn
            ? discriminator.train(on: inputs, skills: transitions.skills, deferringStep: deferringStep)
            : discriminator.evaluate(on: inputs, skills: transitions.skills)
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

    /// The discriminator's deferred learning step, if any.
    public mutating func completeStep() { discriminator.completeStep() }

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
