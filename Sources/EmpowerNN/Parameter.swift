/// A trainable tensor with its gradient: what layers own, what a ``Tape`` differentiates
/// with respect to, and what an optimizer updates.
///
/// A reference type because three parties share it with one owner: the layer that owns it,
/// the tape that accumulates into ``gradient`` during ``Tape/backward(_:)``, and the optimizer
/// that reads the gradient and writes ``value``. Copy a network with ``copy(named:)``
/// (a deep copy), for example to make target networks.
///
/// Do not reassign `value` or `gradient` between recording a computation on a tape and
/// calling `backward` on it: the tape holds on to their storage for the step.
public final class Parameter: @unchecked Sendable {
    /// A unique, stable name (e.g. `critic.0.weight`), used by parameter files and checkpoints.
    public let name: String
    public var value: Tensor
    /// The accumulated gradient, same shape as `value`. Zero it with ``zeroGradient()``.
    public var gradient: Tensor

    public init(name: String, value: Tensor) {
        self.name = name
        self.value = value
        gradient = Tensor(shape: value.shape)
    }

    public var shape: Shape { value.shape }

    /// Sets every gradient element to zero (without allocating).
    public func zeroGradient() {
        gradient.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }

    /// A deep copy under another name (value copied, gradient zero).
    public func copy(named newName: String) -> Parameter {
        var copied = value
        copied.makeUnique()
        return Parameter(name: newName, value: copied)
    }
}

/// Anything that owns parameters: layers, networks, whole agents.
public protocol ParameterContainer {
    /// Every parameter, in a fixed order (the order parameter files and optimizers use).
    var parameters: [Parameter] { get }
}

extension ParameterContainer {
    /// Zeroes the gradients of every parameter.
    public func zeroGradients() {
        for parameter in parameters { parameter.zeroGradient() }
    }

    /// The total number of trainable scalars.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.value.elementCount } }
}
