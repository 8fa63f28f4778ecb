import EmpowerBase
import EmpowerNN

/// The DIAYN reward as a SLIM channel: ``DIAYNReward`` (r = log q_phi(z | f(s')) - log p(z)),
/// scored with the discriminator as it stands when the rollout ends, after which the
/// discriminator takes `epochs` passes of cross-entropy steps over the rollout's states (in
/// minibatches).
///
/// Logged: `skills/accuracy` (on the rollout, before learning), `skills/discriminator_loss`,
/// `skills/intrinsic_reward` (mean), `skills/mutual_information_bound` (log K + E[log q(z|s')]).
public final class DIAYNDiscoveryChannel: SkillScoringChannel {
    public let name: String
    public let weight: Float
    public private(set) var reward: DIAYNReward
    public let epochs: Int
    public let batchSize: Int

    /// - Parameter relativeToStart: the discriminator sees f(s') - f(s_0) (``DIAYNReward``).
    public init(
        name: String = "discovery", weight: Float, skillCount: Int, features: FeatureSelection, hiddenSizes: [Int], learningRate: Float,
        epochs: Int, batchSize: Int, relativeToStart: Bool = false, using generator: inout some RandomNumberGenerator
    ) {
        self.name = name
        self.weight = weight
        reward = DIAYNReward(
            prior: SkillPrior(skillCount: skillCount),
            discriminator: Discriminator(
                name: "discriminator", features: features, skillCount: skillCount, hiddenSizes: hiddenSizes,
                learningRate: learningRate, using: &generator),
            relativeToStart: relativeToStart)
        self.epochs = epochs
        self.batchSize = batchSize
    }

    public var prior: SkillPrior { reward.prior }
    public var discriminator: Discriminator { reward.discriminator }

    public func rewards(for rollout: RolloutTransitions, metrics: inout Metrics) -> [Float] {
        var rewards: [Float] = []
        let transitions = SkillTransitions(
            observations: rollout.observations, nextObservations: rollout.nextObservations, skills: rollout.skills, episodeStarts: rollout.episodeStarts)
        reward.rewards(for: transitions, learn: false, into: &rewards, metrics: &metrics)
        return rewards
    }

    public func learn(from rollout: RolloutTransitions, using generator: inout Xoshiro256, metrics: inout Metrics) {
        var loss = 0.0, steps = 0
        for rows in RolloutMinibatches.batches(count: rollout.count, size: batchSize, epochs: epochs, using: &generator) {
            let states = reward.discriminatorInputs(RolloutMinibatches.rows(rollout.nextObservations, rows), starts: RolloutMinibatches.rows(rollout.episodeStarts, rows))
            loss += Double(reward.learn(on: states, skills: rows.map { rollout.skills[$0] }))
            steps += 1
        }
        if steps > 0 { metrics.set("skills/discriminator_loss", loss / Double(steps)) }
    }

    public func skillLogProbabilities(of states: Tensor, initial: [Float], codes: Tensor) -> [Float] {
        reward.discriminator.logProbabilityTable(of: reward.discriminatorInputs(states, start: initial))
    }

    public func namedState() -> [(name: String, tensor: Tensor)] { reward.namedState() }

    public func restore(from tensors: [String: Tensor], source: String) throws {
        try reward.restore(from: tensors, source: source)
    }
}

/// The distance-based discovery reward as a SLIM channel: ``DistanceObjective``'s
///
///     r = (phi(f(s')) - phi(f(s)))^T z
///
/// scored with phi as it stands when the rollout ends, after which phi takes `epochs` passes of
/// minibatch steps over the rollout's transitions under its constraint (SLIM's
/// `discovery: "distance"` uses `lipschitz`: every weight of phi spectrally normalized; the
/// distance algorithms choose theirs).
///
/// As a classifier for evaluation, state s_t of an episode starting at s_0 is scored against
/// every skill k by log softmax_k((phi(s_t) - phi(s_0))^T z_k): the skill whose direction the
/// displacement follows best.
///
/// Logged: `skills/intrinsic_reward` (the mean reward before learning) and what the objective
/// logs while learning (`skills/phi_objective`, `skills/phi_distance`, and the constraint's).
public final class DistanceDiscoveryChannel: SkillScoringChannel {
    public let name: String
    public let weight: Float
    public private(set) var objective: DistanceObjective
    public let epochs: Int
    public let batchSize: Int

    public init(name: String = "discovery", weight: Float, objective: DistanceObjective, epochs: Int, batchSize: Int) {
        self.name = name
        self.weight = weight
        self.objective = objective
        self.epochs = epochs
        self.batchSize = batchSize
    }

    public func rewards(for rollout: RolloutTransitions, metrics: inout Metrics) -> [Float] {
        let rewards = objective.rewards(observations: rollout.observations, nextObservations: rollout.nextObservations, codes: rollout.skillCodes)
        metrics.set("skills/intrinsic_reward", rewards.reduce(0.0) { $0 + Double($1) } / Double(max(rewards.count, 1)))
        return rewards
    }

    public func learn(from rollout: RolloutTransitions, using generator: inout Xoshiro256, metrics: inout Metrics) {
        for rows in RolloutMinibatches.batches(count: rollout.count, size: batchSize, epochs: epochs, using: &generator) {
            objective.learn(
                observations: RolloutMinibatches.rows(rollout.observations, rows), nextObservations: RolloutMinibatches.rows(rollout.nextObservations, rows),
                codes: RolloutMinibatches.rows(rollout.skillCodes, rows), metrics: &metrics)
        }
    }

    public func skillLogProbabilities(of states: Tensor, initial: [Float], codes: Tensor) -> [Float] {
        objective.skillLogProbabilities(of: states, initial: initial, codes: codes)
    }

    public func namedState() -> [(name: String, tensor: Tensor)] { objective.namedState() }

    public func restore(from tensors: [String: Tensor], source: String) throws {
        try objective.restore(from: tensors, source: source)
    }
}
