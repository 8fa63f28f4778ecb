import EmpowerBase
import EmpowerNN

/// A skill discriminator q_phi(z | f(s)): an MLP from selected state features to K logits,
/// trained by cross-entropy to recognize which skill produced a state.
///
/// ```swift
/// var discriminator = Discriminator(name: "discriminator", features: .all(2), skillCount: 10, hiddenSizes: [256, 256], learningRate: 3e-4, using: &rng)
/// let out = discriminator.train(on: batch.nextObservations, skills: batch.skills)
/// out.logProbabilities   // log q(z_b | s'_b) before the update, [B]
/// ```
public struct Discriminator {
    public let network: MLP
    public let features: FeatureSelection
    public let skillCount: Int
    public private(set) var optimizer: Adam
    let tape = Tape()
    var selected = Tensor(shape: [1, 1])
    var predictions: [Int32] = []
    /// The loss of a pass whose learning step was deferred (``train(on:skills:deferringStep:)``).
    var pendingLoss: Variable?
    /// log q(z_b | s_b) of the last ``train(on:skills:)`` or ``evaluate(on:skills:)``, [B].
    public private(set) var logProbabilities = Tensor(shape: [1])

    public init(
        name: String, features: FeatureSelection, skillCount: Int, hiddenSizes: [Int], learningRate: Float,
        using generator: inout some RandomNumberGenerator
    ) {
        network = MLP(name: name, sizes: [features.count] + hiddenSizes + [skillCount], activation: .relu, using: &generator)
        self.features = features
        self.skillCount = skillCount
        optimizer = Adam(parameters: network.parameters, learningRate: learningRate)
    }

    /// The most probable skill of each row of the last pass.
    public var lastPredictions: [Int32] { predictions }

    /// Floating-point operations of the matrix products of the last pass.
    public var matrixFLOPOfLastPass: Int { tape.matrixFloatingPointOperations }

    /// What one pass over a batch measured.
    public struct Result: Sendable {
        /// Cross-entropy, mean over the batch.
        public var loss: Float
        /// Fraction of rows whose most probable skill is the true one.
        public var accuracy: Float
        /// Mean of log q(z|s) over the batch.
        public var meanLogProbability: Float
    }

    /// Computes log q(z|f(s)) for every row with the current network (kept in
    /// ``logProbabilities``), then takes one cross-entropy step on the same rows.
    ///
    /// With `deferringStep`, the backward pass and the step wait for ``completeStep()``, which
    /// may run on another thread while the caller uses ``logProbabilities`` (they are the same
    /// values either way: the step comes after the pass that computed them).
    public mutating func train(on observations: Tensor, skills: [Int32], deferringStep: Bool = false) -> Result {
        pass(observations, skills: skills, learn: true, deferringStep: deferringStep)
    }

    /// The learning step a ``train(on:skills:deferringStep:)`` deferred; nothing without one.
    public mutating func completeStep() {
        guard let loss = pendingLoss else { return }
        pendingLoss = nil
        tape.backward(loss)
        optimizer.step()
    }

    /// The same measurements without learning.
    public mutating func evaluate(on observations: Tensor, skills: [Int32]) -> Result {
        pass(observations, skills: skills, learn: false)
    }

    /// log q(k | f(s)) for every row and every skill k, row-major [rows x K], without learning:
    /// what evaluation needs to score states against all skills at once.
    public func logProbabilityTable(of observations: Tensor) -> [Float] {
        var selected = Tensor(shape: [1, 1])
        features.select(observations, into: &selected)
        let tape = Tape()
        let distribution = Categorical(logits: network(tape.constant(selected), trainable: false))
        return tape.value(of: distribution.logProbabilities).scalars
    }

    mutating func pass(_ observations: Tensor, skills: [Int32], learn: Bool, deferringStep: Bool = false) -> Result {
        completeStep()
        let rows = observations.shape[0]
        features.select(observations, into: &selected)
        tape.reset()
        let distribution = Categorical(logits: network(tape.constant(selected), trainable: learn))
        let logQ = skills.withUnsafeBufferPointer { distribution.logProbability(of: UnsafeBufferPointer(rebasing: $0[0..<rows])) }
        let meanLogQ = logQ.mean()
        if learn {
            pendingLoss = -meanLogQ
            if !deferringStep { completeStep() }
        }
        tape.copyValue(of: logQ, into: &logProbabilities)
        if predictions.count != rows { predictions = [Int32](repeating: 0, count: rows) }
        predictions.withUnsafeMutableBufferPointer { distribution.mode(into: $0) }
        var correct = 0
        for r in 0..<rows where predictions[r] == skills[r] { correct += 1 }
        let mean = tape.scalar(meanLogQ)
        return Result(loss: -mean, accuracy: Float(correct) / Float(max(rows, 1)), meanLogProbability: mean)
    }

    /// Network and optimizer state for checkpoints.
    public func namedState(prefix: String) -> [(name: String, tensor: Tensor)] {
        network.parameters.map { ($0.name, $0.value) } + optimizer.namedState(prefix: "optimizer.\(prefix)")
    }

    public mutating func restore(from tensors: [String: Tensor], prefix: String, source: String) throws(ParameterFileError) {
        let parameters = network.parameters
        try ParameterFile.assign(parameters.compactMap { p in tensors[p.name].map { (p.name, $0) } }, to: parameters, source: source)
        try optimizer.restore(namedState: tensors, prefix: "optimizer.\(prefix)")
    }
}
