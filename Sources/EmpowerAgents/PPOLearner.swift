import EmpowerBase
import EmpowerCritics
import EmpowerNN

/// Proximal Policy Optimization (Schulman et al., 2017) with one or more value heads: a
/// ``GaussianActor`` and a ``MultiCritic`` trained together by one Adam optimizer with
/// global-norm gradient clipping. See ``PPOConfiguration`` for every hyperparameter.
///
/// One ``update(_:using:metrics:)`` takes `epochs` passes over a rollout in shuffled
/// minibatches; each minibatch reads in the order of the math:
///
///     ratio    = exp(log pi(a|x) - log pi_old(a|x))
///     L_clip   = -mean min(ratio A, clip(ratio, 1 - eps, 1 + eps) A)
///     L_V,k    = mean (V_k(x) - R_k)^2            (or, with value clipping, the larger of that
///                                                  and (V_old,k + clip(V_k - V_old,k, -c, c) - R_k)^2)
///     L        = L_clip - c_H H(pi) + c_V sum_k L_V,k
///
/// A is the advantage the caller combined (``AdvantageCombination``: SLIM's
/// sum_k w_k normalized(A_k), or PPO's one normalized advantage); R_k are per-head GAE returns.
///
/// Logged (means over the update's minibatches): `train/policy_loss`, `train/value_loss` (the
/// sum over heads), `train/entropy`, `train/approx_kl` (mean of (ratio - 1) - log ratio),
/// `train/clip_fraction`, `train/std` (the policy's mean standard deviation); each head's value
/// loss is in ``lastValueLosses`` for the trainer to log under its channel's name.
public struct PPOLearner {
    public let configuration: PPOConfiguration
    public let inputSize: Int
    public let actionSize: Int
    public let actor: GaussianActor
    public let critic: MultiCritic
    public private(set) var optimizer: Adam
    /// Gradient steps taken.
    public private(set) var updateCount = 0
    /// Each head's value loss of the last update (mean over its minibatches), in head order.
    public private(set) var lastValueLosses: [Double] = []

    let tape = Tape()
    var order: [Int] = []
    var batchInputs = Tensor(shape: [1, 1])
    var batchActions = Tensor(shape: [1, 1])
    var batchReturns = Tensor(shape: [1, 1])
    var batchValues = Tensor(shape: [1, 1])
    var batchLogProbabilities = Tensor(shape: [1])
    var batchAdvantages = Tensor(shape: [1])

    /// - Parameters:
    ///   - heads: the value heads' names (one for PPO or SLIM's `combine: sum`).
    public init(
        configuration: PPOConfiguration, inputSize: Int, actionSize: Int, heads: [String], architecture: MultiCritic.Architecture,
        using generator: inout some RandomNumberGenerator
    ) {
        self.configuration = configuration
        self.inputSize = inputSize
        self.actionSize = actionSize
        actor = GaussianActor(
            inputSize: inputSize, actionSize: actionSize, hiddenSizes: configuration.hiddenSizes,
            initialLogStd: configuration.initialLogStd, using: &generator)
        critic = MultiCritic(heads: heads, inputSize: inputSize, hiddenSizes: configuration.hiddenSizes, architecture: architecture, using: &generator)
        optimizer = Adam(
            parameters: actor.parameters + critic.parameters, learningRate: configuration.learningRate, epsilon: 1e-5,
            maximumGradientNorm: configuration.maxGradientNorm)
    }

    /// Epochs of clipped-PPO minibatch steps over `rollout`.
    public mutating func update(_ rollout: RolloutSamples, using generator: inout some RandomNumberGenerator, metrics: inout Metrics) {
        precondition(rollout.inputs.shape[1] == inputSize && rollout.actions.shape[1] == actionSize && rollout.returns.shape[1] == critic.headCount,
                     "PPOLearner.update: rollout of \(rollout.inputs.shape[1]) inputs / \(rollout.actions.shape[1]) actions / \(rollout.returns.shape[1]) heads, learner expects \(inputSize) / \(actionSize) / \(critic.headCount)")
        let count = rollout.count
        let heads = critic.headCount
        let epsilon = configuration.clipRange
        var sums = (policy: 0.0, value: 0.0, entropy: 0.0, kl: 0.0, clipped: 0.0)
        var headSums = [Double](repeating: 0, count: heads)
        var minibatches = 0
        // Every update shuffles from the identity, so it depends on nothing but the generator
        // (a resumed run draws the same minibatches).
        if order.count != count { order = [Int](repeating: 0, count: count) }
        for i in 0..<count { order[i] = i }
        for _ in 0..<configuration.epochs {
            shuffle(&order, using: &generator)
            for start in stride(from: 0, to: count, by: configuration.minibatchSize) {
                let rows = min(configuration.minibatchSize, count - start)
                gatherMinibatch(rollout, rows: order[start..<(start + rows)])
                tape.reset()
                let x = tape.constant(batchInputs)

                // Policy loss: the clipped surrogate.
                let logProbability = actor.logProbability(of: tape.constant(batchActions), inputs: x)
                let logRatio = logProbability - tape.constant(batchLogProbabilities)
                let ratio = logRatio.exp()
                let advantage = tape.constant(batchAdvantages)
                let surrogate = (ratio * advantage).minimum(ratio.clamped(to: (1 - epsilon)...(1 + epsilon)) * advantage)
                let policyLoss = -surrogate.mean()
                let entropy = actor.entropy(on: tape)

                // Value loss, one per head.
                let values = critic.values(x)
                let returns = tape.constant(batchReturns)
                var squaredError = (values - returns).square()
                if let range = configuration.valueClipRange {
                    let old = tape.constant(batchValues)
                    let clipped = old + (values - old).clamped(to: -range...range)
                    // max(a, b) = -min(-a, -b)
                    squaredError = -((squaredError * -1).minimum((clipped - returns).square() * -1))
                }
                let headLosses = squaredError.mean(alongAxis: 0)
                let valueLoss = headLosses.sum()

                let loss = policyLoss - entropy * configuration.entropyCoefficient + valueLoss * configuration.valueCoefficient
                tape.backward(loss)
                optimizer.step()
                updateCount += 1

                // Metrics.
                minibatches += 1
                sums.policy += Double(tape.scalar(policyLoss))
                sums.value += Double(tape.scalar(valueLoss))
                sums.entropy += Double(tape.scalar(entropy))
                tape.withValue(of: logRatio) { r in
                    var kl = 0.0, clipped = 0
                    for value in r {
                        let ratio = Double(_expf(value))
                        kl += (ratio - 1) - Double(value)
                        if abs(ratio - 1) > Double(epsilon) { clipped += 1 }
                    }
                    sums.kl += kl / Double(max(r.count, 1))
                    sums.clipped += Double(clipped) / Double(max(r.count, 1))
                }
                tape.withValue(of: headLosses) { h in for k in 0..<heads { headSums[k] += Double(h[k]) } }
            }
        }
        let n = Double(max(minibatches, 1))
        lastValueLosses = headSums.map { $0 / n }
        metrics.set("train/policy_loss", sums.policy / n)
        metrics.set("train/value_loss", sums.value / n)
        metrics.set("train/entropy", sums.entropy / n)
        metrics.set("train/approx_kl", sums.kl / n)
        metrics.set("train/clip_fraction", sums.clipped / n)
        let logStd = actor.logStd.value.scalars
        metrics.set("train/std", logStd.reduce(0.0) { $0 + Double(_expf($1)) } / Double(max(logStd.count, 1)))
    }

    mutating func gatherMinibatch(_ rollout: RolloutSamples, rows: ArraySlice<Int>) {
        let n = rows.count
        Self.gatherRows(rollout.inputs, rows: rows, into: &batchInputs)
        Self.gatherRows(rollout.actions, rows: rows, into: &batchActions)
        Self.gatherRows(rollout.returns, rows: rows, into: &batchReturns)
        Self.gatherRows(rollout.values, rows: rows, into: &batchValues)
        if batchLogProbabilities.shape != Shape([n]) {
            batchLogProbabilities = Tensor(shape: [n])
            batchAdvantages = Tensor(shape: [n])
        }
        batchLogProbabilities.withUnsafeMutableBufferPointer { target in
            for (i, row) in rows.enumerated() { target[i] = rollout.logProbabilities[row] }
        }
        batchAdvantages.withUnsafeMutableBufferPointer { target in
            for (i, row) in rows.enumerated() { target[i] = rollout.advantages[row] }
        }
    }

    static func gatherRows(_ source: Tensor, rows: ArraySlice<Int>, into target: inout Tensor) {
        let width = source.shape[1]
        let shape = Shape(rows: rows.count, columns: width)
        if target.shape != shape { target = Tensor(shape: shape) }
        source.withUnsafeBufferPointer { s in
            target.withUnsafeMutableBufferPointer { t in
                for (i, row) in rows.enumerated() {
                    (t.baseAddress! + i * width).update(from: s.baseAddress! + row * width, count: width)
                }
            }
        }
    }

    /// Fisher-Yates with the run's generator (so the run stays reproducible).
    func shuffle(_ values: inout [Int], using generator: inout some RandomNumberGenerator) {
        guard values.count > 1 else { return }
        for i in stride(from: values.count - 1, to: 0, by: -1) {
            let j = generator.nextIndex(below: i + 1)
            values.swapAt(i, j)
        }
    }

    // MARK: Checkpoints

    /// Networks, log std, optimizer moments and the update count.
    public func namedState() -> [(name: String, tensor: Tensor)] {
        var result: [(String, Tensor)] = (actor.parameters + critic.parameters).map { ($0.name, $0.value) }
        result += optimizer.namedState(prefix: "optimizer.ppo")
        result.append(("ppo.update_count", Tensor([Float(updateCount)])))
        return result
    }

    /// Restores what ``namedState()`` wrote.
    public mutating func restore(from tensors: [String: Tensor], source: String) throws(ParameterFileError) {
        let parameters = actor.parameters + critic.parameters
        try ParameterFile.assign(parameters.compactMap { p in tensors[p.name].map { (p.name, $0) } }, to: parameters, source: source)
        try optimizer.restore(namedState: tensors, prefix: "optimizer.ppo")
        guard let count = tensors["ppo.update_count"], count.elementCount == 1 else {
            throw ParameterFileError(.missingTensor, "\(source) has no 'ppo.update_count'", context: ["file": source])
        }
        updateCount = Int(count[0])
    }
}

/// Acting with a ``PPOLearner``'s networks: for a batch of inputs, the actions (sampled, or the
/// mean when deterministic), their log-probabilities and every head's value, on its own
/// inference tape.
public struct PPOActing {
    public let actor: GaussianActor
    public let critic: MultiCritic
    let tape = Tape(recordsGradients: false)
    /// [N * actionSize] of the last call.
    public private(set) var actions: [Float] = []
    /// [N] of the last call.
    public private(set) var logProbabilities: [Float] = []
    /// [N * heads] of the last call, row-major.
    public private(set) var values: [Float] = []

    public init(learner: PPOLearner) {
        actor = learner.actor
        critic = learner.critic
    }

    /// Acts on `inputs` ([N, inputSize]): a ~ N(mu, sigma^2), or a = mu when `deterministic`.
    public mutating func act(_ inputs: Tensor, deterministic: Bool, using generator: inout some RandomNumberGenerator) {
        tape.reset()
        let x = tape.constant(inputs)
        let mean = actor.mean(x, trainable: false)
        let rows = inputs.shape[0], size = actor.actionSize
        if actions.count != rows * size { actions = [Float](repeating: 0, count: rows * size) }
        if logProbabilities.count != rows { logProbabilities = [Float](repeating: 0, count: rows) }
        let logStd = actor.logStd.value
        let constant = Float(size) * GaussianActor.halfLogTwoPi
        tape.withValue(of: mean) { mu in
            logStd.withUnsafeBufferPointer { logSigma in
                for r in 0..<rows {
                    var logProbability = -constant
                    for j in 0..<size {
                        let noise: Float = deterministic ? 0 : generator.nextStandardNormal()
                        actions[r * size + j] = mu[r * size + j] + _expf(logSigma[j]) * noise
                        logProbability += -0.5 * noise * noise - logSigma[j]
                    }
                    logProbabilities[r] = logProbability
                }
            }
        }
        values = Array(tape.withValue(of: critic.values(x, trainable: false)) { $0 })
    }

    /// Every head's value of each row, [N * heads], without acting.
    public mutating func values(of inputs: Tensor) -> [Float] {
        tape.reset()
        return tape.withValue(of: critic.values(tape.constant(inputs), trainable: false)) { Array($0) }
    }
}
