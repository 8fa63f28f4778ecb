import EmpowerBase

/// A fully connected layer: y = activation(x W + b), W of shape [inputs, outputs].
///
/// ```swift
/// var rng = Xoshiro256(seed: 0)
/// let layer = Linear(name: "critic.0", inputs: 78, outputs: 256, activation: .relu, using: &rng)
/// let batch = Tensor(shape: [32, 78])
/// let tape = Tape()
/// let y = layer(tape.constant(batch))        // [32, 256]
/// ```
///
/// Cost: one `sgemm` of 2 * batch * inputs * outputs operations forward, two backward.
public struct Linear: ParameterContainer {
    public let weight: Parameter
    public let bias: Parameter
    public let activation: Activation

    public var inputCount: Int { weight.shape[0] }
    public var outputCount: Int { weight.shape[1] }

    /// A layer with weights from `initializer` (He uniform by default) and zero biases.
    public init(
        name: String, inputs: Int, outputs: Int, activation: Activation = .identity,
        initializer: Initializer = .heUniform, using generator: inout some RandomNumberGenerator
    ) {
        precondition(inputs > 0 && outputs > 0, "a linear layer needs positive sizes, got \(inputs) -> \(outputs)")
        weight = Parameter(name: "\(name).weight", value: initializer.tensor(shape: [inputs, outputs], using: &generator))
        bias = Parameter(name: "\(name).bias", value: Tensor(shape: [outputs]))
        self.activation = activation
    }

    init(weight: Parameter, bias: Parameter, activation: Activation) {
        self.weight = weight
        self.bias = bias
        self.activation = activation
    }

    public var parameters: [Parameter] { [weight, bias] }

    /// Records the layer on `x`'s tape. With `trainable: false` its parameters are read as
    /// constants (gradients still flow to `x`).
    public func callAsFunction(_ x: Variable, trainable: Bool = true) -> Variable {
        let tape = x.tape
        return tape.linear(
            x, weight: tape.parameter(weight, trainable: trainable), bias: tape.parameter(bias, trainable: trainable),
            activation: activation)
    }

    /// A deep copy whose parameter names start with `name`.
    public func copy(named name: String) -> Linear {
        Linear(weight: weight.copy(named: "\(name).weight"), bias: bias.copy(named: "\(name).bias"), activation: activation)
    }
}
