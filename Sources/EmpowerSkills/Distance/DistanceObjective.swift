import EmpowerBase
import EmpowerNN

/// The constraint that keeps a distance-based representation phi honest on adjacent states.
public enum DistanceConstraint: String, ConfigurationChoice {
    /// LSD: every layer of phi spectrally normalized, so ||phi(s) - phi(s')|| <= ||f(s) - f(s')||.
    case lipschitz
    /// METRA: ||phi(s) - phi(s')|| <= 1, one environment step costs at most one unit.
    case temporal
    /// CSD: ||phi(s) - phi(s')||^2 <= d(s, s'), the step's surprise under a learned model of
    /// f(s') given f(s); what the agent controls easily (its own arm) is cheap, moving an
    /// object pays.
    case controllability
}

/// Distance-based skill discovery (LSD, METRA, CSD): a representation phi of selected features
/// f(s) into R^D, and the intrinsic reward
///
///     r = (phi(f(s')) - phi(f(s)))^T z
///
/// that pays for moving along the skill's direction z. phi maximizes E[(phi(s') - phi(s))^T z]
/// under the constraint (``DistanceConstraint``):
///
///     lipschitz:        loss = -E[dphi^T z]                       (phi spectrally normalized)
///     temporal:         loss = -E[dphi^T z + lambda min(eps, 1 - ||dphi||^2)]
///     controllability:  loss = -E[dphi^T z + lambda min(eps, d(s, s') - ||dphi||^2)]
///
/// with dphi = phi(s') - phi(s), eps = ``epsilon``, and the dual variable lambda = exp(log
/// lambda) >= 0 minimizing lambda E[min(eps, slack)]: after each step
/// log lambda -= dualLearningRate * E[min(eps, slack)], so lambda grows while the constraint is
/// violated (slack < 0) and shrinks slowly while it holds. For `controllability`,
/// d(s, s') = sum_j (f(s')_j - mu_j(s))^2 / sigma_j^2(s), where N(mu(s), diag sigma^2(s)) is a
/// density model of f(s') given f(s) (an MLP giving mu(s) - f(s) and log sigma^2(s)) fitted by
/// maximum likelihood on the same transitions.
///
/// Skills: discrete ones are the K zero-centred one-hot vectors z = (K onehot(k) - 1) / (K - 1)
/// (``directions(fromCodes:)``); continuous ones are their unit codes as drawn.
///
/// ```swift
/// var objective = DistanceObjective(
///     constraint: .temporal, features: .all(4), skills: .discrete(8), hiddenSizes: [64, 64],
///     learningRate: 1e-4, using: &generator)
/// let rewards = objective.rewards(observations: s, nextObservations: next, codes: codes)
/// var metrics = Metrics()
/// objective.learn(observations: s, nextObservations: next, codes: codes, metrics: &metrics)
/// ```
///
/// Logged by ``learn(observations:nextObservations:codes:metrics:)``: `skills/phi_objective`
/// (E[dphi^T z]), `skills/phi_distance` (E[||dphi||]), `skills/constraint_violation`
/// (E[max(0, ||dphi||^2 - bound)], the bound 1 or d(s, s')) and `skills/dual` (lambda) under
/// a dual constraint, and for `controllability` `skills/density_loss` (the model's negative
/// log likelihood per feature, up to a constant).
public struct DistanceObjective {
    public let constraint: DistanceConstraint
    public let features: FeatureSelection
    public let skills: SkillSpace
    public let layers: [Linear]
    public private(set) var normalizations: [SpectralNormalization]
    public private(set) var optimizer: Adam
    /// Power-iteration steps per pass (lipschitz).
    public let iterations: Int
    /// eps of the slack min(eps, bound - ||dphi||^2).
    public let epsilon: Float
    /// Step size of log lambda.
    public let dualLearningRate: Float
    /// log lambda.
    public private(set) var logDual: Float
    /// The density model of f(s') given f(s) (controllability only): outputs mu - f(s), log sigma^2.
    public let density: MLP?
    var densityOptimizer: Adam?
    /// sigma^2 is at least this (controllability), so d(s, s') stays finite.
    public let minimumVariance: Float
    let tape = Tape()
    var selected = Tensor(shape: [1, 1]), selectedNext = Tensor(shape: [1, 1])

    public init(
        constraint: DistanceConstraint, features: FeatureSelection, skills: SkillSpace, hiddenSizes: [Int], learningRate: Float,
        iterations: Int = 1, epsilon: Float = 1e-3, initialDual: Float = 30, dualLearningRate: Float = 1e-3,
        densityHiddenSizes: [Int] = [64, 64], minimumVariance: Float = 1e-4, using generator: inout some RandomNumberGenerator
    ) {
        precondition(skills.codeSize >= 1, "a distance objective needs skills, got \(skills)")
        self.constraint = constraint
        self.features = features
        self.skills = skills
        let sizes = [features.count] + hiddenSizes + [skills.codeSize]
        var layers: [Linear] = []
        var normalizations: [SpectralNormalization] = []
        for i in 0..<(sizes.count - 1) {
            layers.append(Linear(name: "phi.\(i)", inputs: sizes[i], outputs: sizes[i + 1], activation: i == sizes.count - 2 ? .identity : .relu, using: &generator))
            normalizations.append(SpectralNormalization(outputs: sizes[i + 1], using: &generator))
        }
        self.layers = layers
        self.normalizations = normalizations
        optimizer = Adam(parameters: layers.flatMap(\.parameters), learningRate: learningRate)
        self.iterations = iterations
        self.epsilon = epsilon
        self.dualLearningRate = dualLearningRate
        logDual = _logf(max(initialDual, 1e-30))
        self.minimumVariance = minimumVariance
        if constraint == .controllability {
            let model = MLP(name: "density", sizes: [features.count] + densityHiddenSizes + [2 * features.count], activation: .relu, using: &generator)
            density = model
            densityOptimizer = Adam(parameters: model.parameters, learningRate: learningRate)
        } else {
            density = nil
        }
    }

    /// Every learned parameter: phi's, then the density model's.
    public var parameters: [Parameter] { layers.flatMap(\.parameters) + (density?.parameters ?? []) }

    /// lambda, the dual variable (1 when there is none: lipschitz).
    public var dual: Float { constraint == .lipschitz ? 1 : _expf(logDual) }

    // MARK: The reward

    /// r = (phi(f(s')) - phi(f(s)))^T z for every row, with phi as it stands.
    /// - Parameters:
    ///   - codes: the skill codes the transitions were collected with, [B, codeSize].
    public mutating func rewards(observations: Tensor, nextObservations: Tensor, codes: Tensor) -> [Float] {
        tape.reset()
        let (displacement, z) = displacementAndDirections(observations, nextObservations, codes, trainable: false)
        return tape.value(of: (displacement * z).sum(alongAxis: -1)).scalars
    }

    /// The directions z the reward uses for `codes` ([B, codeSize]): (K onehot - 1) / (K - 1)
    /// for discrete skills (K >= 2), the codes themselves for continuous ones.
    public func directions(fromCodes codes: Tensor) -> Tensor {
        guard skills.kind == .discrete, skills.count >= 2 else { return codes }
        var result = codes
        let k = Float(skills.count)
        result.withUnsafeMutableBufferPointer { for i in $0.indices { $0[i] = (k * $0[i] - 1) / (k - 1) } }
        return result
    }

    // MARK: Learning

    /// One step of phi (and, for controllability, of the density model) on these transitions,
    /// then one step of the dual variable.
    public mutating func learn(observations: Tensor, nextObservations: Tensor, codes: Tensor, metrics: inout Metrics) {
        tape.reset()
        let rows = observations.shape[0]
        let (displacement, z) = displacementAndDirections(observations, nextObservations, codes, trainable: true)
        let objective = (displacement * z).sum(alongAxis: -1).mean()
        let squaredDistance = displacement.square().sum(alongAxis: -1)
        let distances = tape.value(of: squaredDistance).scalars
        var loss = -objective
        var slackMean: Float = 0, violation: Float = 0
        if constraint != .lipschitz {
            let bound = constraint == .controllability ? fitDensityAndMeasure(metrics: &metrics) : Tensor(shape: [rows], repeating: 1)
            let slack = (tape.constant(bound) - squaredDistance).clamped(to: -Float.greatestFiniteMagnitude...epsilon).mean()
            loss = loss - dual * slack
            slackMean = tape.value(of: slack).scalars[0]
            let bounds = bound.scalars
            for i in 0..<rows { violation += max(distances[i] - bounds[i], 0) }
            violation /= Float(max(rows, 1))
        }
        metrics.set("skills/phi_objective", Double(tape.value(of: objective).scalars[0]))
        metrics.set("skills/phi_distance", Double(distances.reduce(0) { $0 + $1.squareRoot() } / Float(max(rows, 1))))
        tape.backward(loss)
        optimizer.step()
        if constraint != .lipschitz {
            logDual -= dualLearningRate * DataParallel.mean(slackMean)
            metrics.set("skills/constraint_violation", Double(violation))
            metrics.set("skills/dual", Double(dual))
        }
    }

    /// (phi(f(s')) - phi(f(s))) [B, D] and the directions z [B, D] on the tape.
    mutating func displacementAndDirections(_ states: Tensor, _ nextStates: Tensor, _ codes: Tensor, trainable: Bool) -> (Variable, Variable) {
        features.select(states, into: &selected)
        features.select(nextStates, into: &selectedNext)
        let before = phi(tape.constant(selected), trainable: trainable)
        let after = phi(tape.constant(selectedNext), trainable: trainable)
        return (after - before, tape.constant(directions(fromCodes: codes)))
    }

    /// phi of each row of `x`; the weights are spectrally normalized for `lipschitz` (which
    /// advances the power iteration).
    mutating func phi(_ x: Variable, trainable: Bool) -> Variable {
        var h = x
        for (i, layer) in layers.enumerated() {
            let weight = constraint == .lipschitz
                ? normalizations[i].normalizedWeight(layer.weight, on: h.tape, iterations: iterations, trainable: trainable)
                : h.tape.parameter(layer.weight, trainable: trainable)
            h = h.tape.linear(h, weight: weight, bias: h.tape.parameter(layer.bias, trainable: trainable), activation: layer.activation)
        }
        return h
    }

    /// One maximum-likelihood step of the density model on (f(s), f(s')) of the current
    /// selection, on its own tape; returns d(s, s') of every row under the model before the
    /// step.
    mutating func fitDensityAndMeasure(metrics: inout Metrics) -> Tensor {
        guard let density, var densityOptimizer else { return Tensor(shape: [selected.shape[0]]) }
        let densityTape = Tape()
        let (scaled, logVariance) = densityTerms(density, states: densityTape.constant(selected), next: densityTape.constant(selectedNext))
        let surprise = densityTape.value(of: scaled.sum(alongAxis: -1))
        let negativeLogLikelihood = (scaled + logVariance).mean() * 0.5
        metrics.set("skills/density_loss", Double(densityTape.value(of: negativeLogLikelihood).scalars[0]))
        densityTape.backward(negativeLogLikelihood)
        densityOptimizer.step()
        self.densityOptimizer = densityOptimizer
        return surprise
    }

    /// d(s, s') = sum_j (f(s')_j - mu_j(s))^2 / sigma_j^2(s) of every row under the density
    /// model as it stands (controllability); nil for the other constraints.
    public func surprise(observations: Tensor, nextObservations: Tensor) -> [Float]? {
        guard let density else { return nil }
        var states = Tensor(shape: [1, 1]), next = Tensor(shape: [1, 1])
        features.select(observations, into: &states)
        features.select(nextObservations, into: &next)
        let tape = Tape(recordsGradients: false)
        let (scaled, _) = densityTerms(density, states: tape.constant(states), next: tape.constant(next))
        return tape.value(of: scaled.sum(alongAxis: -1)).scalars
    }

    /// ((f(s') - mu(s))^2 / sigma^2(s), log sigma^2(s)) per row and feature.
    func densityTerms(_ model: MLP, states: Variable, next: Variable) -> (Variable, Variable) {
        let width = features.count
        let output = model(states, trainable: true)
        let mean = states + output.sliced(0..<width)
        let logVariance = output.sliced(width..<(2 * width)).clamped(to: _logf(minimumVariance)...10)
        return ((next - mean).square() / logVariance.exp(), logVariance)
    }

    // MARK: Evaluation

    /// phi(f(s)) of every row of `observations` ([rows, observation size] -> [rows, D]), as
    /// the representation stands. Leaves the training state untouched.
    public func representation(of observations: Tensor) -> Tensor {
        var copy = self   // the power iteration advances on the copy only
        let tape = Tape(recordsGradients: false)
        var selected = Tensor(shape: [1, 1])
        features.select(observations, into: &selected)
        return tape.value(of: copy.phi(tape.constant(selected), trainable: false))
    }

    /// log softmax_k((phi(s_t) - phi(s_0))^T z_k) for every state row t and every skill code k
    /// (row-major [rows x K]): the skill whose direction the displacement since the episode's
    /// first state `initial` follows best. Leaves the training state untouched.
    public func skillLogProbabilities(of states: Tensor, initial: [Float], codes: Tensor) -> [Float] {
        var copy = self   // the power iteration advances on the copy only
        let tape = Tape(recordsGradients: false)
        var selectedStates = Tensor(shape: [1, 1]), selectedStart = Tensor(shape: [1, 1])
        features.select(states, into: &selectedStates)
        features.select(Tensor(initial), reshapedTo: [1, initial.count], into: &selectedStart)
        let displacement = copy.phi(tape.constant(selectedStates), trainable: false) - copy.phi(tape.constant(selectedStart), trainable: false)
        let scores = tape.matmul(displacement, tape.constant(directions(fromCodes: codes)), transposeB: true)   // [rows, K]
        return tape.value(of: scores.logSoftmax()).scalars
    }

    // MARK: Checkpoints

    /// phi's parameters (`phi.i.weight`, `phi.i.bias`), the power-iteration vectors
    /// (`phi.i.spectral_u`), the optimizer (`optimizer.phi.*`), log lambda (`dual.log_lambda`)
    /// and the density model with its optimizer (`density.*`, `optimizer.density.*`).
    public func namedState() -> [(name: String, tensor: Tensor)] {
        var result: [(String, Tensor)] = layers.flatMap(\.parameters).map { ($0.name, $0.value) }
        for (i, normalization) in normalizations.enumerated() { result.append(("phi.\(i).spectral_u", Tensor(normalization.u))) }
        result += optimizer.namedState(prefix: "optimizer.phi")
        result.append(("dual.log_lambda", Tensor([logDual])))
        if let density, let densityOptimizer {
            result += density.parameters.map { ($0.name, $0.value) }
            result += densityOptimizer.namedState(prefix: "optimizer.density")
        }
        return result
    }

    public mutating func restore(from tensors: [String: Tensor], source: String) throws(ParameterFileError) {
        var parameters = layers.flatMap(\.parameters)
        if let density { parameters += density.parameters }
        try ParameterFile.assign(parameters.compactMap { p in tensors[p.name].map { (p.name, $0) } }, to: parameters, source: source)
        for i in normalizations.indices {
            guard let u = tensors["phi.\(i).spectral_u"] else {
                throw ParameterFileError(.missingTensor, "\(source) has no 'phi.\(i).spectral_u'", context: ["file": source])
            }
            do {
                try normalizations[i].restore(u: u.scalars)
            } catch {
                throw ParameterFileError(.shapeMismatch, "\(source): 'phi.\(i).spectral_u' \(error.message)", context: ["file": source])
            }
        }
        try optimizer.restore(namedState: tensors, prefix: "optimizer.phi")
        if let saved = tensors["dual.log_lambda"]?.scalars.first {
            logDual = saved
        } else if constraint != .lipschitz {
            throw ParameterFileError(.missingTensor, "\(source) has no 'dual.log_lambda'", context: ["file": source])
        }
        if var densityOptimizer {
            try densityOptimizer.restore(namedState: tensors, prefix: "optimizer.density")
            self.densityOptimizer = densityOptimizer
        }
    }
}
