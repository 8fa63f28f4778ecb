import EmpowerNN

/// One critic of a ``TwinQCritic`` with its target and a tape of its own: the critic's share
/// of a SAC update, so the two critics can run on two threads at once (a tape is one thread's).
/// Each method records and runs one phase, leaving its results in the lane's tensors, which
/// the caller reads after the phase; they are reused, so a warm update allocates nothing.
///
///     evaluateTarget   Q'_i(s', a')                        -> targetValues [B]
///     fit              L_i = mean (Q_i(s, a) - y)^2, backward -> loss, values [B], the gradients
///     evaluatePolicy   Q_i(s, a~), a~ an input leaf          -> policyValues [B]
///     backPolicy       d(sum seeds * Q_i(s, a~)) / d a~      -> actionGradient [B, actions]
public final class CriticLane: @unchecked Sendable {
    public let network: MLP
    public let target: MLP
    /// The network's parameters' positions in the critic's parameter list (its optimizer's).
    public let parameterRange: Range<Int>
    let tape = Tape()
    public private(set) var targetValues = Tensor(shape: [1])
    public private(set) var values = Tensor(shape: [1])
    public private(set) var loss: Float = 0
    public private(set) var policyValues = Tensor(shape: [1])
    public private(set) var actionGradient = Tensor(shape: [1])
    /// Floating-point operations of the matrix products of the lane's phases since its last
    /// ``evaluateTarget(states:actions:)`` (the first phase of an update).
    public var matrixFloatingPointOperations: Int { earlierPhases + tape.matrixFloatingPointOperations }
    /// Those of the phases before the current tape's.
    private var earlierPhases = 0

    var policyQ: Variable?
    var policyAction: Variable?

    init(network: MLP, target: MLP, parameterRange: Range<Int>) {
        self.network = network
        self.target = target
        self.parameterRange = parameterRange
    }

    /// Starts a phase on a fresh tape; `first` starts an update's count anew.
    private func beginPhase(first: Bool = false) {
        earlierPhases = first ? 0 : earlierPhases + tape.matrixFloatingPointOperations
        tape.reset()
    }

    /// Q'_i(s', a') into ``targetValues``.
    public func evaluateTarget(states: Tensor, actions: Tensor) {
        beginPhase(first: true)
        let q = target(tape.constant(states).concatenated(with: tape.constant(actions)), trainable: false)
        tape.copyValue(of: q.reshaped(to: Shape(length: states.shape[0])), into: &targetValues)
    }

    /// The critic's loss mean (Q_i(s, a) - y)^2 and its backward pass: the gradients are in the
    /// network's parameters, Q_i(s, a) in ``values``, the loss in ``loss``.
    public func fit(states: Tensor, actions: Tensor, targets: Tensor) {
        beginPhase()
        let q = network(tape.constant(states).concatenated(with: tape.constant(actions))).reshaped(to: Shape(length: states.shape[0]))
        let loss = (q - tape.constant(targets)).square().mean()
        tape.backward(loss)
        self.loss = tape.scalar(loss)
        tape.copyValue(of: q, into: &values)
    }

    /// Q_i(s, a~) into ``policyValues``, the network read as constants and a~ as an input leaf
    /// that ``backPolicy(seeds:)`` differentiates.
    public func evaluatePolicy(states: Tensor, actions: Tensor) {
        beginPhase()
        let action = tape.input(actions)
        let q = network(tape.constant(states).concatenated(with: action), trainable: false).reshaped(to: Shape(length: states.shape[0]))
        tape.copyValue(of: q, into: &policyValues)
        policyQ = q
        policyAction = action
    }

    /// The gradient of sum_b seeds[b] Q_i(s_b, a~_b) with respect to a~ into ``actionGradient``.
    /// - Precondition: ``evaluatePolicy(states:actions:)`` ran since the last other phase.
    public func backPolicy(seeds: Tensor) {
        guard let policyQ, let policyAction else { preconditionFailure("CriticLane.backPolicy needs evaluatePolicy first") }
        tape.backward(policyQ, seeds: seeds)
        tape.copyGradient(of: policyAction, into: &actionGradient)
    }

    /// Polyak-averages the target toward the network.
    public func updateTarget(tau: Float) {
        polyakUpdate(target: target.parameters, source: network.parameters, tau: tau)
    }
}

extension TwinQCritic {
    /// Q1 and Q2 as lanes (sharing their parameters with this critic), in that order.
    public func lanes() -> [CriticLane] {
        [CriticLane(network: q1, target: target1, parameterRange: 0..<q1.parameters.count),
         CriticLane(network: q2, target: target2, parameterRange: q1.parameters.count..<parameters.count)]
    }
}
