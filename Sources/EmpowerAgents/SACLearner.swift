import EmpowerBase
import EmpowerCritics
import EmpowerNN

/// Soft Actor-Critic (Haarnoja et al., 2018): a tanh-Gaussian actor, twin Q critics with
/// Polyak-averaged targets, and an entropy coefficient alpha, fixed or tuned toward a target
/// entropy. Skill-conditioned when `skillCount > 0`: actor and critics see
/// `[observation, onehot(z)]`. See ``SACConfiguration`` for every hyperparameter.
///
/// One ``update(_:using:metrics:)`` reads in the order of the math:
///
///     sample batch -> targets -> critic loss -> actor loss -> temperature -> target update -> metrics
///
///     y        = r + gamma (1 - terminated) (min_i Q'_i(s', a') - alpha log pi(a'|s')),  a' ~ pi(.|s')
///     L_Q      = mean (Q1(s,a) - y)^2 + mean (Q2(s,a) - y)^2
///     L_pi     = mean (alpha log pi(a~|s) - min_i Q_i(s, a~)),  a~ ~ pi(.|s)  (reparameterized)
///     L_alpha  = -mean log(alpha) (log pi(a~|s) + target entropy)
///
/// Truncated episodes bootstrap (`terminated` = 0 with the true final observation as s');
/// terminated ones do not.
///
/// Logged: `train/critic_loss`, `train/actor_loss`, `train/alpha`, `train/alpha_loss`,
/// `train/q_mean`, `train/log_prob_mean` (minus the policy entropy estimate),
/// `train/target_mean`.
public struct SACLearner {
    public let configuration: SACConfiguration
    public let observationSize: Int
    public let actionSize: Int
    public let skillCount: Int
    public let actor: SquashedGaussianActor
    public let critic: TwinQCritic
    public private(set) var actorOptimizer: Adam
    public private(set) var criticOptimizer: Adam
    /// log(alpha), a one-element parameter (tuned when `tuneAlpha`).
    public let logAlpha: Parameter
    public private(set) var alphaOptimizer: Adam
    public let targetEntropy: Float
    /// Updates performed.
    public private(set) var updateCount = 0

    // Reused buffers: an update allocates nothing once warm.
    let tape = Tape()
    var states = Tensor(shape: [1, 1])
    var nextStates = Tensor(shape: [1, 1])
    var targetNoise = Tensor(shape: [1, 1])
    var actorNoise = Tensor(shape: [1, 1])

    public init(
        configuration: SACConfiguration, observationSize: Int, actionSize: Int, skillCount: Int = 0,
        using generator: inout some RandomNumberGenerator
    ) {
        self.configuration = configuration
        self.observationSize = observationSize
        self.actionSize = actionSize
        self.skillCount = skillCount
        let inputSize = observationSize + skillCount
        actor = SquashedGaussianActor(inputSize: inputSize, actionSize: actionSize, hiddenSizes: configuration.hiddenSizes, using: &generator)
        critic = TwinQCritic(inputSize: inputSize, actionSize: actionSize, hiddenSizes: configuration.hiddenSizes, using: &generator)
        actorOptimizer = Adam(parameters: actor.parameters, learningRate: configuration.learningRate, maximumGradientNorm: configuration.maxGradientNorm)
        criticOptimizer = Adam(parameters: critic.parameters, learningRate: configuration.learningRate, maximumGradientNorm: configuration.maxGradientNorm)
        logAlpha = Parameter(name: "log_alpha", value: Tensor([_logf(configuration.alpha)]))
        alphaOptimizer = Adam(parameters: [logAlpha], learningRate: configuration.alphaLearningRate)
        targetEntropy = configuration.targetEntropy ?? -Float(actionSize)
    }

    /// Floating-point operations of the matrix products of the last update.
    public var matrixFLOPOfLastUpdate: Int { tape.matrixFloatingPointOperations }

    /// The current entropy coefficient.
    public var alpha: Float { _expf(logAlpha.value[0]) }

    /// One SAC update on `batch` (whose rewards may already be intrinsic).
    public mutating func update(_ batch: TransitionBatch, using generator: inout some RandomNumberGenerator, metrics: inout Metrics) {
        precondition(batch.observationSize == observationSize && batch.actionSize == actionSize,
                     "SACLearner.update: batch of \(batch.observationSize) observations / \(batch.actionSize) actions, learner expects \(observationSize) / \(actionSize)")
        let b = batch.batchSize
        let alpha = self.alpha
        let gamma = configuration.gamma

        // Sample batch: skill-conditioned inputs and the reparameterization noise.
        SkillConditioning.fill(&states, observations: batch.observations, skills: batch.skills, skillCount: skillCount)
        SkillConditioning.fill(&nextStates, observations: batch.nextObservations, skills: batch.skills, skillCount: skillCount)
        Self.fillNoise(&targetNoise, rows: b, columns: actionSize, using: &generator)
        Self.fillNoise(&actorNoise, rows: b, columns: actionSize, using: &generator)
        tape.reset()
        let s = tape.constant(states)
        let a = tape.constant(batch.actions)
        let next = tape.constant(nextStates)

        // Targets: y = r + gamma (1 - d) (min Q'(s', a') - alpha log pi(a'|s')).
        let nextPolicy = actor.distribution(next, trainable: false)
        let (nextAction, nextLogProbability) = nextPolicy.sample(noise: tape.constant(targetNoise))
        let softValue = critic.targetMinimum(next, nextAction) - nextLogProbability * alpha
        let notDone = 1 - tape.constant(batch.terminated)
        let target = (tape.constant(batch.rewards) + notDone * softValue * gamma).detached()

        // Critic loss.
        let (q1, q2) = critic.values(s, a)
        let criticLoss = (q1 - target).square().mean() + (q2 - target).square().mean()
        tape.backward(criticLoss)
        criticOptimizer.step()

        // Actor loss, through the freshly updated critics (read as constants).
        let policy = actor.distribution(s)
        let (action, logProbability) = policy.sample(noise: tape.constant(actorNoise))
        let actorLoss = (logProbability * alpha - critic.minimum(s, action, trainable: false)).mean()
        tape.backward(actorLoss)
        actorOptimizer.step()

        // Temperature: dL/dlog(alpha) = -(mean log pi + target entropy).
        let meanLogProbability = tape.scalar(logProbability.mean())
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
    }

    static func fillNoise(_ noise: inout Tensor, rows: Int, columns: Int, using generator: inout some RandomNumberGenerator) {
        let shape = Shape(rows: rows, columns: columns)
        if noise.shape != shape { noise = Tensor(shape: shape) }
        noise.withUnsafeMutableBufferPointer { generator.fillStandardNormal($0) }
    }

    // MARK: Checkpoints

    /// Everything needed to continue exactly: networks, targets, optimizer moments, log(alpha),
    /// the update count.
    public func namedState() -> [(name: String, tensor: Tensor)] {
        SACCheckpoint.namedState(parameters: stateParameters, actor: actorOptimizer, critic: criticOptimizer, alpha: alphaOptimizer, updateCount: updateCount)
    }

    /// Restores what ``namedState()`` wrote.
    public mutating func restore(from tensors: [String: Tensor], source: String) throws(ParameterFileError) {
        updateCount = try SACCheckpoint.restore(
            tensors, parameters: stateParameters, actor: &actorOptimizer, critic: &criticOptimizer, alpha: &alphaOptimizer, source: source)
    }

    /// The actor, critics, targets and log(alpha), in checkpoint order.
    public var stateParameters: [Parameter] { actor.parameters + critic.parameters + critic.targetParameters + [logAlpha] }
}
