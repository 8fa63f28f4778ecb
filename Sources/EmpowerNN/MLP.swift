import EmpowerBase

/// A multilayer perceptron: linear layers with an activation between them and none (or
/// `outputActivation`) after the last.
///
/// ```swift
/// var rng = Xoshiro256(seed: 0)
/// // 78 -> 256 -> 256 -> 1, ReLU hidden layers: a SAC critic.
/// let critic = MLP(name: "critic", sizes: [78, 256, 256, 1], activation: .relu, using: &rng)
/// let batch = Tensor(shape: [32, 78])
/// let tape = Tape()
/// let q = critic(tape.constant(batch))       // [32, 1]
/// ```
///
/// Each layer is one fused ``Tape/linear(_:weight:bias:activation:)``: the bias rows, an `sgemm`
/// accumulating onto them, and the activation in place.
public struct MLP: ParameterContainer {
    public let layers: [Linear]
    /// Every layer's weight and bias, first layer first (stored: reading it never allocates).
    public let parameters: [Parameter]

    /// - Parameters:
    ///   - name: the prefix of the parameter names (`name.0.weight`, `name.0.bias`, ...).
    ///   - sizes: input size, hidden sizes..., output size (at least two entries).
    ///   - activation: between layers.
    ///   - outputActivation: after the last layer (identity by default).
    ///   - initializer: for hidden layers; `outputInitializer` for the last (defaults to the same).
    public init(
        name: String, sizes: [Int], activation: Activation = .relu, outputActivation: Activation = .identity,
        initializer: Initializer = .heUniform, outputInitializer: Initializer? = nil,
        using generator: inout some RandomNumberGenerator
    ) {
        precondition(sizes.count >= 2, "an MLP needs an input and an output size, got \(sizes)")
        var layers: [Linear] = []
        for i in 0..<(sizes.count - 1) {
            let isLast = i == sizes.count - 2
            layers.append(Linear(
                name: "\(name).\(i)", inputs: sizes[i], outputs: sizes[i + 1],
                activation: isLast ? outputActivation : activation,
                initializer: isLast ? (outputInitializer ?? initializer) : initializer,
                using: &generator))
        }
        self.layers = layers
        parameters = layers.flatMap(\.parameters)
    }

    init(layers: [Linear]) {
        self.layers = layers
        parameters = layers.flatMap(\.parameters)
    }

    public var inputCount: Int { layers[0].inputCount }
    public var outputCount: Int { layers[layers.count - 1].outputCount }


    /// Records the network on `x`'s tape. With `trainable: false` its parameters are read as
    /// constants: gradients still flow to `x`, none to the network.
    public func callAsFunction(_ x: Variable, trainable: Bool = true) -> Variable {
        var h = x
        for layer in layers { h = layer(h, trainable: trainable) }
        return h
    }

    /// A deep copy whose parameter names start with `name` (e.g. a target network).
    public func copy(named name: String) -> MLP {
        MLP(layers: layers.enumerated().map { $1.copy(named: "\(name).\($0)") })
    }
}
