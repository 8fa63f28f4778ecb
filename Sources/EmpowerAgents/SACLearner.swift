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
    /// The actor's optimizer.
    public var actorOptimizer: Adam { work.actorOptimizer }
    /// The optimizer of both critics (Q1's parameters, then Q2's).
    public var criticOptimizer: Adam { work.criticOptimizer }
    /// log(alpha), a one-element parameter (tuned when `tuneAlpha`).
    public let logAlpha: Parameter
    public private(set) var alphaOptimizer: Adam
    public let targetEntropy: Float
    /// Updates performed.
    public private(set) var updateCount = 0
    /// Threads an update runs on: 1, or 2 (see ``init(configuration:observationSize:actionSize:skillCount:threads:using:)``).
    public let threads: Int

    /// Every buffer and tape of an update (reused: an update allocates nothing once warm).
    let work: SACWorkspace

    /// - Parameter threads: 1, or 2 to run each critic's share of every update (targets,
    ///   losses, backward passes, optimizer and Polyak steps) on a thread of its own, and a
    ///   side work's passes beside the actor's; OpenBLAS should then use one thread per
    ///   product. The results are the same bit for bit either way.
    public init(
        configuration: SACConfiguration, observationSize: Int, actionSize: Int, skillCount: Int = 0, threads: Int = 1,
        using generator: inout some RandomNumberGenerator
    ) {
        self.configuration = configuration
        self.observationSize = observationSize
        self.actionSize = actionSize
        self.skillCount = skillCount
        self.threads = min(max(threads, 1), 2)
        let inputSize = observationSize + skillCount
        actor = SquashedGaussianActor(inputSize: inputSize, actionSize: actionSize, hiddenSizes: configuration.hiddenSizes, using: &generator)
        critic = TwinQCritic(inputSize: inputSize, actionSize: actionSize, hiddenSizes: configuration.hiddenSizes, using: &generator)
        work = SACWorkspace(
            actor: actor, critic: critic,
            actorOptimizer: Adam(parameters: actor.parameters, learningRate: configuration.learningRate, maximumGradientNorm: configuration.maxGradientNorm),
            criticOptimizer: Adam(parameters: critic.parameters, learningRate: configuration.learningRate, maximumGradientNorm: configuration.maxGradientNorm),
            tau: configuration.tau, threads: self.threads)
        logAlpha = Parameter(name: "log_alpha", value: Tensor([_logf(configuration.alpha)]))
        alphaOptimizer = Adam(parameters: [logAlpha], learningRate: configuration.alphaLearningRate)
        targetEntropy = configuration.targetEntropy ?? -Float(actionSize)
    }

    /// Floating-point operations of the matrix products of the last update.
    public var matrixFLOPOfLastUpdate: Int { work.matrixFloatingPointOperations }

    /// The current entropy coefficient.
    public var alpha: Float { _expf(logAlpha.value[0]) }

    /// One SAC update on `batch` (whose rewards may already be intrinsic). The actor's passes
    /// run on one tape; each critic's on its lane (``CriticLane``), both lanes at once when
    /// ``threads`` is 2. The actor loss reaches the actor through the critics as the gradient
    /// G = d L_pi / d a~ that the lanes compute: the actor's backward pass runs on
    /// mean(alpha log pi(a~|s)) + sum(a~ * G), which has L_pi's gradient.
    ///
    /// - Parameter side: a skill objective's work (``SACSideWork``): its relabel of the rewards
    ///   runs beside the actor's forward passes, its learning step beside the actor's
    ///   backward pass.
    public mutating func update(
        _ batch: TransitionBatch, using generator: inout some RandomNumberGenerator, metrics: inout Metrics, side: (any SACSideWork)? = nil
    ) {
        precondition(batch.observationSize == observationSize && batch.actionSize == actionSize,
                     "SACLearner.update: batch of \(batch.observationSize) observations / \(batch.actionSize) actions, learner expects \(observationSize) / \(actionSize)")
        let b = batch.batchSize
        let alpha = self.alpha
        let gamma = configuration.gamma
        let work = self.work
        let tape = work.tape
        work.side = side
        defer { work.side = nil }

        // Sample batch: skill-conditioned inputs and the reparameterization noise.
        SkillConditioning.fill(&work.states, observations: batch.observations, skills: batch.skills, skillCount: skillCount)
        SkillConditioning.fill(&work.nextStates, observations: batch.nextObservations, skills: batch.skills, skillCount: skillCount)
        work.actions.assign(batch.actions)
        work.rewards.assign(batch.rewards)
        Self.fillNoise(&work.targetNoise, rows: b, columns: actionSize, using: &generator)
        Self.fillNoise(&work.actorNoise, rows: b, columns: actionSize, using: &generator)
        tape.reset()

        // The rewards, beside the actor's passes: a' ~ pi(.|s') for the targets and a~ ~ pi(.|s)
        // for the actor loss (the actor does not change before its own step).
        work.run(.relabel, .actorForwards)
        guard let (nextAction, nextLogProbability) = work.nextSample, let (action, logProbability) = work.sample else { return }

        // Targets: y = r + gamma (1 - d) (min Q'(s', a') - alpha log pi(a'|s')).
        tape.copyValue(of: nextAction, into: &work.nextActions)
        work.run(.target(0), .target(1))
        work.targets.resize(to: Shape(length: b))
        work.lanes[0].targetValues.withUnsafeBufferPointer { q1 in
            work.lanes[1].targetValues.withUnsafeBufferPointer { q2 in
                tape.withValue(of: nextLogProbability) { logProbability in
                    work.rewards.withUnsafeBufferPointer { rewards in
                        batch.terminated.withUnsafeBufferPointer { terminated in
                            work.targets.withUnsafeMutableBufferPointer { y in
                                for i in 0..<b {
                                    let softValue = Swift.min(q1[i], q2[i]) - logProbability[i] * alpha
                                    y[i] = rewards[i] + (1 - terminated[i]) * softValue * gamma
                                }
                            }
                        }
                    }
                }
            }
        }

        // Critic losses L_Q = sum_i mean (Q_i(s, a) - y)^2 and their backward passes.
        work.run(.fit(0), .fit(1))

        // Actor loss, through the freshly updated critics (read as constants): each lane
        // applies the critic step to its critic, then evaluates Q_i(s, a~).
        work.criticStep = work.criticOptimizer.beginStep()
        tape.copyValue(of: action, into: &work.policyActions)
        work.run(.policy(0), .policy(1))
        // min(Q1, Q2) sends its gradient, -1/B per row, to the smaller critic (Q1 on ties).
        var minimumSum: Float = 0
        let share = -1 / Float(b)
        work.firstSeeds.resize(to: Shape(length: b))
        work.secondSeeds.resize(to: Shape(length: b))
        work.lanes[0].policyValues.withUnsafeBufferPointer { q1 in
            work.lanes[1].policyValues.withUnsafeBufferPointer { q2 in
                work.firstSeeds.withUnsafeMutableBufferPointer { seeds1 in
                    work.secondSeeds.withUnsafeMutableBufferPointer { seeds2 in
                        for i in 0..<b {
                            let first = q1[i] <= q2[i]
                            minimumSum += first ? q1[i] : q2[i]
                            seeds1[i] = first ? share : 0
                            seeds2[i] = first ? 0 : share
                        }
                    }
                }
            }
        }
        // The lanes' gradients with respect to a~, then their Polyak steps.
        work.run(.backPolicy(0), .backPolicy(1))
        work.actionGradient.resize(to: Shape(rows: b, columns: actionSize))
        work.lanes[0].actionGradient.withUnsafeBufferPointer { g1 in
            work.lanes[1].actionGradient.withUnsafeBufferPointer { g2 in
                work.actionGradient.withUnsafeMutableBufferPointer { g in
                    for i in 0..<(b * actionSize) { g[i] = g1[i] + g2[i] }
                }
            }
        }
        let entropyTerm = (logProbability * alpha).mean()
        work.surrogate = entropyTerm + (action * tape.constant(work.actionGradient)).sum()
        // The actor's backward pass and step, beside the side work's learning step.
        work.run(.actorBackward, .learn)
        let actorLoss = tape.scalar(entropyTerm) - minimumSum / Float(b)

        // Temperature: dL/dlog(alpha) = -(mean log pi + target entropy).
        let meanLogProbability = tape.scalar(logProbability.mean())
        let alphaLoss = -logAlpha.value[0] * (meanLogProbability + targetEntropy)
        if configuration.tuneAlpha {
            logAlpha.gradient[0] = -(meanLogProbability + targetEntropy)
            alphaOptimizer.step()
        }
        updateCount += 1

        // Metrics.
        metrics.set("train/critic_loss", Double(work.lanes[0].loss + work.lanes[1].loss))
        metrics.set("train/actor_loss", Double(actorLoss))
        metrics.set("train/alpha", Double(alpha))
        metrics.set("train/alpha_loss", Double(alphaLoss))
        metrics.set("train/q_mean", SACWorkspace.mean(work.lanes[0].values))
        metrics.set("train/target_mean", SACWorkspace.mean(work.targets))
        metrics.set("train/log_prob_mean", Double(meanLogProbability))
    }

    static func fillNoise(_ noise: inout Tensor, rows: Int, columns: Int, using generator: inout some RandomNumberGenerator) {
        let shape = Shape(rows: rows, columns: columns)
        noise.resize(to: shape)
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
            tensors, parameters: stateParameters, actor: &work.actorOptimizer, critic: &work.criticOptimizer, alpha: &alphaOptimizer, source: source)
    }

    /// The actor, critics, targets and log(alpha), in checkpoint order.
    public var stateParameters: [Parameter] { actor.parameters + critic.parameters + critic.targetParameters + [logAlpha] }
}
