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

    public init(
        name: String = "discovery", weight: Float, skillCount: Int, features: FeatureSelection, hiddenSizes: [Int], learningRate: Float,
        epochs: Int, batchSize: Int, using generator: inout some RandomNumberGenerator
    ) {
        self.name = name
        self.weight = weight
        reward = DIAYNReward(
            prior: SkillPrior(skillCount: skillCount),
            discriminator: Discriminator(
                name: "discriminator", features: features, skillCount: skillCount, hiddenSizes: hiddenSizes,
                learningRate: learningRate, using: &generator))
        self.epochs = epochs
        self.batchSize = batchSize
    }

    public var prior: SkillPrior { reward.prior }
    public var discriminator: Discriminator { reward.discriminator }

    public func rewards(for rollout: RolloutTransitions, metrics: inout Metrics) -> [Float] {
        var rewards: [Float] = []
        let transitions = SkillTransitions(observations: rollout.observations, nextObservations: rollout.nextObservations, skills: rollout.skills)
        reward.rewards(for: transitions, learn: false, into: &rewards, metrics: &metrics)
        return rewards
    }

    public func learn(from rollout: RolloutTransitions, using generator: inout Xoshiro256, metrics: inout Metrics) {
        var loss = 0.0, steps = 0
        for rows in RolloutMinibatches.batches(count: rollout.count, size: batchSize, epochs: epochs, using: &generator) {
            let states = RolloutMinibatches.rows(rollout.nextObservations, rows)
            loss += Double(reward.learn(on: states, skills: rows.map { rollout.skills[$0] }))
            steps += 1
        }
        if steps > 0 { metrics.set("skills/discriminator_loss", loss / Double(steps)) }
    }

    public func skillLogProbabilities(of states: Tensor, initial: [Float], codes: Tensor) -> [Float] {
        reward.discriminator.logProbabilityTable(of: states)
    }

    public func namedState() -> [(name: String, tensor: Tensor)] { reward.namedState() }

    public func restore(from tensors: [String: Tensor], source: String) throws {
        try reward.restore(from: tensors, source: source)
    }
}

/// The distance-based discovery reward (as in Lipschitz-constrained skill discovery):
///
///     r = (phi(f(s')) - phi(f(s)))^T z
///
/// with phi an MLP whose every weight is spectrally normalized (``SpectralNormalization``), so
/// phi is 1-Lipschitz and the reward can only grow by moving far in state space along the
/// skill's direction. phi is trained to maximize the same quantity over the rollout.
/// For discrete skills z is the zero-centred one-hot code (onehot(k) - 1/K); for continuous
/// skills, the code itself.
///
/// As a classifier for evaluation, state s_t of an episode starting at s_0 is scored against
/// every skill k by log softmax_k((phi(s_t) - phi(s_0))^T z_k): the skill whose direction the
/// displacement follows best.
///
/// Logged: `skills/phi_objective` (the mean reward before learning), `skills/intrinsic_reward`.
public final class DistanceDiscoveryChannel: SkillScoringChannel {
    public let name: String
    public let weight: Float
    public let layers: [Linear]
    public private(set) var normalizations: [SpectralNormalization]
    public private(set) var optimizer: Adam
    public let features: FeatureSelection
    public let centered: Bool
    public let iterations: Int
    public let epochs: Int
    public let batchSize: Int
    let tape = Tape()

    /// - Parameters:
    ///   - codeSize: the skill code's width, also phi's output size.
    ///   - centered: subtract 1 / codeSize from codes (discrete one-hot skills).
    public init(
        name: String = "discovery", weight: Float, codeSize: Int, centered: Bool, features: FeatureSelection, hiddenSizes: [Int],
        learningRate: Float, iterations: Int, epochs: Int, batchSize: Int, using generator: inout some RandomNumberGenerator
    ) {
        self.name = name
        self.weight = weight
        let sizes = [features.count] + hiddenSizes + [codeSize]
        var layers: [Linear] = []
        var normalizations: [SpectralNormalization] = []
        for i in 0..<(sizes.count - 1) {
            layers.append(Linear(name: "phi.\(i)", inputs: sizes[i], outputs: sizes[i + 1], activation: i == sizes.count - 2 ? .identity : .relu, using: &generator))
            normalizations.append(SpectralNormalization(outputs: sizes[i + 1], using: &generator))
        }
        self.layers = layers
        self.normalizations = normalizations
        optimizer = Adam(parameters: layers.flatMap(\.parameters), learningRate: learningRate)
        self.features = features
        self.centered = centered
        self.iterations = iterations
        self.epochs = epochs
        self.batchSize = batchSize
    }

    /// phi of each row of `x` ([B, features.count]) on x's tape, updating the power iteration.
    func phi(_ x: Variable, normalizations: inout [SpectralNormalization], trainable: Bool) -> Variable {
        var h = x
        for (i, layer) in layers.enumerated() {
            let w = normalizations[i].normalizedWeight(layer.weight, on: h.tape, iterations: iterations, trainable: trainable)
            h = h.tape.linear(h, weight: w, bias: h.tape.parameter(layer.bias, trainable: trainable), activation: layer.activation)
        }
        return h
    }

    func codes(_ raw: Tensor) -> Tensor {
        guard centered else { return raw }
        var result = raw
        let shift = 1 / Float(raw.shape[1])
        result.withUnsafeMutableBufferPointer { for i in $0.indices { $0[i] -= shift } }
        return result
    }

    /// (phi(s') - phi(s))^T z per row, on `tape`.
    func displacementScore(_ states: Tensor, _ nextStates: Tensor, _ codes: Tensor, trainable: Bool) -> Variable {
        var selected = Tensor(shape: [1, 1]), selectedNext = Tensor(shape: [1, 1])
        features.select(states, into: &selected)
        features.select(nextStates, into: &selectedNext)
        let before = phi(tape.constant(selected), normalizations: &normalizations, trainable: trainable)
        let after = phi(tape.constant(selectedNext), normalizations: &normalizations, trainable: trainable)
        return ((after - before) * tape.constant(self.codes(codes))).sum(alongAxis: -1)
    }

    public func rewards(for rollout: RolloutTransitions, metrics: inout Metrics) -> [Float] {
        tape.reset()
        let score = displacementScore(rollout.observations, rollout.nextObservations, rollout.skillCodes, trainable: false)
        let rewards = tape.value(of: score).scalars
        let mean = rewards.reduce(0.0) { $0 + Double($1) } / Double(max(rewards.count, 1))
        metrics.set("skills/phi_objective", mean)
        metrics.set("skills/intrinsic_reward", mean)
        return rewards
    }

    public func learn(from rollout: RolloutTransitions, using generator: inout Xoshiro256, metrics: inout Metrics) {
        for rows in RolloutMinibatches.batches(count: rollout.count, size: batchSize, epochs: epochs, using: &generator) {
            tape.reset()
            let score = displacementScore(
                RolloutMinibatches.rows(rollout.observations, rows), RolloutMinibatches.rows(rollout.nextObservations, rows),
                RolloutMinibatches.rows(rollout.skillCodes, rows), trainable: true)
            tape.backward(-score.mean())
            optimizer.step()
        }
    }

    public func skillLogProbabilities(of states: Tensor, initial: [Float], codes: Tensor) -> [Float] {
        let rows = states.shape[0], skills = codes.shape[0], width = codes.shape[1]
        var normalizations = self.normalizations   // evaluation leaves the training state untouched
        let tape = Tape(recordsGradients: false)
        var selected = Tensor(shape: [1, 1]), selectedInitial = Tensor(shape: [1, 1])
        features.select(states, into: &selected)
        features.select(Tensor(initial), reshapedTo: [1, initial.count], into: &selectedInitial)
        func run(_ x: Tensor) -> [Float] {
            var h = tape.constant(x)
            for (i, layer) in layers.enumerated() {
                let w = normalizations[i].normalizedWeight(layer.weight, on: tape, iterations: iterations, trainable: false)
                h = tape.linear(h, weight: w, bias: tape.parameter(layer.bias, trainable: false), activation: layer.activation)
            }
            return tape.value(of: h).scalars
        }
        let phiStates = run(selected), phiInitial = run(selectedInitial)
        let z = self.codes(codes).scalars
        var table = [Float](repeating: 0, count: rows * skills)
        for t in 0..<rows {
            var scores = [Float](repeating: 0, count: skills)
            for k in 0..<skills {
                var score: Float = 0
                for j in 0..<width { score += (phiStates[t * width + j] - phiInitial[j]) * z[k * width + j] }
                scores[k] = score
            }
            let largest = scores.max() ?? 0
            var total: Float = 0
            for k in 0..<skills { total += _expf(scores[k] - largest) }
            let logTotal = largest + _logf(total)
            for k in 0..<skills { table[t * skills + k] = scores[k] - logTotal }
        }
        return table
    }

    public func namedState() -> [(name: String, tensor: Tensor)] {
        var result: [(String, Tensor)] = layers.flatMap(\.parameters).map { ($0.name, $0.value) }
        for (i, normalization) in normalizations.enumerated() { result.append(("phi.\(i).spectral_u", Tensor(normalization.u))) }
        result += optimizer.namedState(prefix: "optimizer.phi")
        return result
    }

    public func restore(from tensors: [String: Tensor], source: String) throws {
        let parameters = layers.flatMap(\.parameters)
        try ParameterFile.assign(parameters.compactMap { p in tensors[p.name].map { (p.name, $0) } }, to: parameters, source: source)
        for i in normalizations.indices {
            guard let u = tensors["phi.\(i).spectral_u"] else {
                throw ParameterFileError(.missingTensor, "\(source) has no 'phi.\(i).spectral_u'", context: ["file": source])
            }
            try normalizations[i].restore(u: u.scalars)
        }
        try optimizer.restore(namedState: tensors, prefix: "optimizer.phi")
    }
}

extension FeatureSelection {
    /// Selects from a tensor after viewing it with `shape`.
    func select(_ tensor: Tensor, reshapedTo shape: Shape, into features: inout Tensor) {
        guard let reshaped = try? tensor.reshaped(to: shape) else { return }
        select(reshaped, into: &features)
    }
}
