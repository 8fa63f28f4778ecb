import EmpowerBase
import EmpowerCritics
import EmpowerNN

/// Multi-agent Soft Actor-Critic with centralized training and decentralized execution: N
/// decentralized actors pi_i(a_i | o_i, z) (``MultiAgentActor``, shared or separate
/// parameters) and centralized twin critics Q(s, a_1..a_N, z) on the global state, all the
/// agents' actions and the skill, with Polyak-averaged targets and one entropy coefficient
/// alpha for the joint policy. See ``SACConfiguration`` for every hyperparameter; the entropy
/// target defaults to -(N × per-agent action dimensions), the joint action's size.
///
/// One ``update(_:using:metrics:)`` reads in the order of the math (joint log-probabilities are
/// sums over agents, log pi(a|o) = sum_i log pi_i(a_i|o_i)):
///
///     sample batch -> targets -> critic loss -> actor loss -> temperature -> target update -> metrics
///
///     y        = r + gamma (1 - terminated) (min_j Q'_j(s', a') - alpha log pi(a'|o')),  a'_i ~ pi_i(.|o'_i, z)
///     L_Q      = mean (Q1(s, a) - y)^2 + mean (Q2(s, a) - y)^2
///     L_pi     = mean (alpha log pi(a~|o) - min_j Q_j(s, a~)),  a~_i ~ pi_i(.|o_i, z)  (reparameterized, every agent at once)
///     L_alpha  = -mean log(alpha) (log pi(a~|o) + target entropy)
///
/// Truncated episodes bootstrap (`terminated` = 0 with the true final observation and state);
/// terminated ones do not.
///
/// Logged: `train/critic_loss`, `train/actor_loss`, `train/alpha`, `train/alpha_loss`,
/// `train/q_mean`, `train/target_mean`, `train/log_prob_mean` (joint), and per agent
/// `train/agent{i}_log_prob_mean`.
public struct MultiAgentSACLearner {
    public let configuration: SACConfiguration
    public let agentCount: Int
    public let observationSize: Int
    public let stateSize: Int
    public let actionSize: Int
    public let skillCount: Int
    public let actor: MultiAgentActor
    public let critic: TwinQCritic
    public private(set) var actorOptimizer: Adam
    public private(set) var criticOptimizer: Adam
    /// log(alpha), a one-element parameter (tuned when `tuneAlpha`).
    public let logAlpha: Parameter
    public private(set) var alphaOptimizer: Adam
    public let targetEntropy: Float
    /// Updates performed.
    public private(set) var updateCount = 0

    // Reused buffers.
    let tape = Tape()
    var actorInputs = Tensor(shape: [1, 1])
    var nextActorInputs = Tensor(shape: [1, 1])
    var criticInputs = Tensor(shape: [1, 1])
    var nextCriticInputs = Tensor(shape: [1, 1])
    var targetNoise = Tensor(shape: [1, 1])
    var actorNoise = Tensor(shape: [1, 1])
    let agentMetricNames: [String]

    /// - Parameters:
    ///   - observationSize: floats of one agent's observation (every agent's is the same size).
    ///   - stateSize: floats of the global state.
    ///   - actionSize: floats of one agent's action.
    ///   - sharesParameters: one actor for all agents (with an agent-id one-hot) or one each.
    public init(
        configuration: SACConfiguration, agentCount: Int, observationSize: Int, stateSize: Int, actionSize: Int,
        skillCount: Int, sharesParameters: Bool, using generator: inout some RandomNumberGenerator
    ) {
        self.configuration = configuration
        self.agentCount = agentCount
        self.observationSize = observationSize
        self.stateSize = stateSize
        self.actionSize = actionSize
        self.skillCount = skillCount
        actor = MultiAgentActor(
            agentCount: agentCount, observationSize: observationSize, actionSize: actionSize, skillCount: skillCount,
            hiddenSizes: configuration.hiddenSizes, sharesParameters: sharesParameters, using: &generator)
        critic = TwinQCritic(inputSize: stateSize + skillCount, actionSize: agentCount * actionSize, hiddenSizes: configuration.hiddenSizes, using: &generator)
        actorOptimizer = Adam(parameters: actor.parameters, learningRate: configuration.learningRate, maximumGradientNorm: configuration.maxGradientNorm)
        criticOptimizer = Adam(parameters: critic.parameters, learningRate: configuration.learningRate, maximumGradientNorm: configuration.maxGradientNorm)
        logAlpha = Parameter(name: "log_alpha", value: Tensor([_logf(configuration.alpha)]))
        alphaOptimizer = Adam(parameters: [logAlpha], learningRate: configuration.alphaLearningRate)
        targetEntropy = configuration.targetEntropy ?? -Float(agentCount * actionSize)
        agentMetricNames = (0..<agentCount).map { "train/agent\($0)_log_prob_mean" }
    }

    /// The current entropy coefficient.
    public var alpha: Float { _expf(logAlpha.value[0]) }

    /// One multi-agent SAC update on `batch` (whose rewards may already be intrinsic).
    public mutating func update(_ batch: MultiAgentTransitionBatch, using generator: inout some RandomNumberGenerator, metrics: inout Metrics) {
        precondition(batch.agentCount == agentCount && batch.observationSize == observationSize && batch.actionSize == actionSize && batch.stateSize == stateSize,
                     "MultiAgentSACLearner.update: batch of \(batch.agentCount) agents x \(batch.observationSize) observations / \(batch.actionSize) actions, state \(batch.stateSize); learner expects \(agentCount) x \(observationSize) / \(actionSize), state \(stateSize)")
        let b = batch.batchSize
        let alpha = self.alpha
        let gamma = configuration.gamma

        // Sample batch: each agent's inputs [o_i, z (, i)], the critics' [s, z], and the noise.
        actor.fillInputs(&actorInputs, observations: batch.observations, skills: batch.skills)
        actor.fillInputs(&nextActorInputs, observations: batch.nextObservations, skills: batch.skills)
        SkillConditioning.fill(&criticInputs, observations: batch.states, skills: batch.skills, skillCount: skillCount)
        SkillConditioning.fill(&nextCriticInputs, observations: batch.nextStates, skills: batch.skills, skillCount: skillCount)
        SACLearner.fillNoise(&targetNoise, rows: agentCount * b, columns: actionSize, using: &generator)
        SACLearner.fillNoise(&actorNoise, rows: agentCount * b, columns: actionSize, using: &generator)
        tape.reset()
        let s = tape.constant(criticInputs)
        let a = tape.constant(batch.actions)
        let next = tape.constant(nextCriticInputs)

        // Targets: y = r + gamma (1 - d) (min Q'(s', a') - alpha sum_i log pi_i(a'_i|o'_i)).
        let nextPolicy = actor.sample(tape.constant(nextActorInputs), noise: tape.constant(targetNoise), trainable: false)
        let softValue = critic.targetMinimum(next, nextPolicy.action) - nextPolicy.logProbability * alpha
        let notDone = 1 - tape.constant(batch.terminated)
        let target = (tape.constant(batch.rewards) + notDone * softValue * gamma).detached()

        // Critic loss.
        let (q1, q2) = critic.values(s, a)
        let criticLoss = (q1 - target).square().mean() + (q2 - target).square().mean()
        tape.backward(criticLoss)
        criticOptimizer.step()

        // Actor loss: every agent's reparameterized action at once, through the updated critics.
        let policy = actor.sample(tape.constant(actorInputs), noise: tape.constant(actorNoise))
        let actorLoss = (policy.logProbability * alpha - critic.minimum(s, policy.action, trainable: false)).mean()
        tape.backward(actorLoss)
        actorOptimizer.step()

        // Temperature: dL/dlog(alpha) = -(mean log pi + target entropy).
        let meanLogProbability = tape.scalar(policy.logProbability.mean())
        let alphaLoss = -logAlpha.value[0] * (meanLogProbability + targetEntropy)
        if configuration.tuneAlpha {
            logAlpha.gradient[0] = -(meanLogProbability + targetEntropy)
            alphaOptimizer.step()
        }

        // Target update.
        critic.updateTargets(tau: configuration.tau)
        updateCount += 1

        // Metrics.
        metrics.set("train/critic_loss", Double(tape.scalar(criticLoss)))
        metrics.set("train/actor_loss", Double(tape.scalar(actorLoss)))
        metrics.set("train/alpha", Double(alpha))
        metrics.set("train/alpha_loss", Double(alphaLoss))
        metrics.set("train/q_mean", Double(tape.scalar(q1.mean())))
        metrics.set("train/target_mean", Double(tape.scalar(target.mean())))
        metrics.set("train/log_prob_mean", Double(meanLogProbability))
        for (i, logProbability) in policy.agentLogProbabilities.enumerated() {
            metrics.set(agentMetricNames[i], Double(tape.scalar(logProbability.mean())))
        }
    }

    // MARK: Checkpoints

    /// Everything needed to continue exactly: actors, critics, targets, optimizer moments,
    /// log(alpha), the update count.
    public func namedState() -> [(name: String, tensor: Tensor)] {
        SACCheckpoint.namedState(parameters: stateParameters, actor: actorOptimizer, critic: criticOptimizer, alpha: alphaOptimizer, updateCount: updateCount)
    }

    /// Restores what ``namedState()`` wrote.
    public mutating func restore(from tensors: [String: Tensor], source: String) throws(ParameterFileError) {
        updateCount = try SACCheckpoint.restore(
            tensors, parameters: stateParameters, actor: &actorOptimizer, critic: &criticOptimizer, alpha: &alphaOptimizer, source: source)
    }

    /// Actors, critics, targets and log(alpha), in checkpoint order.
    public var stateParameters: [Parameter] { actor.parameters + critic.parameters + critic.targetParameters + [logAlpha] }
}
