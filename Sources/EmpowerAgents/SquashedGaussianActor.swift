import EmpowerBase
import EmpowerNN

/// SAC's policy network: an MLP from the (skill-conditioned) observation to the mean and log
/// standard deviation of a ``TanhGaussian``; actions are in [-1, 1] per dimension.
///
/// The log standard deviation is clamped to [-20, 2], so a saturating network cannot make
/// the distribution degenerate.
public struct SquashedGaussianActor: ParameterContainer {
    public let network: MLP
    public let actionSize: Int
    public static let logStdRange: ClosedRange<Float> = -20...2

    /// - Parameter name: the prefix of the parameter names ("actor" for SAC; multi-agent SAC
    ///   names separate per-agent actors "actor.agent0", ...).
    public init(inputSize: Int, actionSize: Int, hiddenSizes: [Int], name: String = "actor", using generator: inout some RandomNumberGenerator) {
        network = MLP(name: name, sizes: [inputSize] + hiddenSizes + [2 * actionSize], activation: .relu, using: &generator)
        self.actionSize = actionSize
    }

    init(network: MLP, actionSize: Int) {
        self.network = network
        self.actionSize = actionSize
    }

    public var inputSize: Int { network.inputCount }
    public var parameters: [Parameter] { network.parameters }

    /// The action distribution for each row of `inputs`.
    public func distribution(_ inputs: Variable, trainable: Bool = true) -> TanhGaussian {
        let output = network(inputs, trainable: trainable)
        return TanhGaussian(
            mean: output.sliced(0..<actionSize),
            logStd: output.sliced(actionSize..<(2 * actionSize)).clamped(to: SquashedGaussianActor.logStdRange))
    }

    /// A deep copy (for evaluators and workers that act while the learner updates).
    public func copy() -> SquashedGaussianActor {
        SquashedGaussianActor(network: network.copy(named: "actor"), actionSize: actionSize)
    }
}

/// Acting with a ``SquashedGaussianActor``: from a batch of inputs to actions in [-1, 1],
/// on its own inference tape and reused buffers.
///
/// ```swift
/// var acting = ActorSampler(actor: learner.actor)
/// let actions = acting.act(inputs, deterministic: false, using: &rng)   // [N * A]
/// ```
public struct ActorSampler {
    public let actor: SquashedGaussianActor
    let tape = Tape(recordsGradients: false)
    var noise = Tensor(shape: [1, 1])
    var output = Tensor(shape: [1, 1])

    public init(actor: SquashedGaussianActor) {
        self.actor = actor
    }

    /// Actions for every row of `inputs` ([N, inputSize]): a sample, or tanh(mean) when
    /// `deterministic`. Returns N × actionSize floats, row-major.
    public mutating func act(_ inputs: Tensor, deterministic: Bool, using generator: inout some RandomNumberGenerator) -> [Float] {
        tape.reset()
        let policy = actor.distribution(tape.constant(inputs), trainable: false)
        let action: Variable
        if deterministic {
            action = policy.deterministicAction
        } else {
            let shape = Shape(rows: inputs.shape[0], columns: actor.actionSize)
            if noise.shape != shape { noise = Tensor(shape: shape) }
            noise.withUnsafeMutableBufferPointer { generator.fillStandardNormal($0) }
            action = policy.sample(noise: tape.constant(noise)).action
        }
        tape.copyValue(of: action, into: &output)
        return output.scalars
    }
}
