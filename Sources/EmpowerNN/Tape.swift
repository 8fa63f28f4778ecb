import EmpowerBase

/// Reverse-mode automatic differentiation at tensor granularity.
///
/// A tape records the operations of one computation (a forward pass and a loss), each with its
/// output in a buffer from the tape's arena, then ``backward(_:)`` walks them in reverse and
/// accumulates gradients into every ``Parameter`` involved.
///
/// Fitting y = x^2 on [-1, 1] with a small MLP:
///
/// ```swift
/// var rng = Xoshiro256(seed: 0)
/// let network = MLP(name: "fit", sizes: [1, 32, 1], activation: .tanh, using: &rng)
/// var optimizer = Adam(parameters: network.parameters, learningRate: 1e-2)
/// let xs = (0..<64).map { Float($0) / 32 - 1 }
/// let batch = try Tensor(shape: [64, 1], scalars: xs)
/// let targets = try Tensor(shape: [64, 1], scalars: xs.map { $0 * $0 })
/// let tape = Tape()
/// var losses: [Float] = []
/// for _ in 0..<200 {
///     tape.reset()                                  // reuse every buffer of the last step
///     let x = tape.constant(batch)                  // [64, 1]
///     let prediction = network(x)                   // [64, 1]
///     let loss = (prediction - tape.constant(targets)).square().mean()
///     tape.backward(loss)                           // parameter gradients now hold dloss/dp
///     optimizer.step()                              // updates, then zeroes the gradients
///     losses.append(tape.scalar(loss))
/// }
/// ```
///
/// Cost and memory: each operation costs its arithmetic plus a few nanoseconds of bookkeeping.
/// After the first steps (which size the arena), a step that repeats the same operations on the
/// same shapes allocates no heap memory at all.
///
/// A ``Variable`` is only valid until the tape is reset. A tape is not thread-safe: use one per
/// thread.
public final class Tape {
    @usableFromInline var nodes: ContiguousArray<Node> = []
    let arena: Arena
    /// Whether parameters are recorded as requiring gradients. `false` for pure inference.
    public let recordsGradients: Bool
    /// Floating-point operations of the matrix products run since the last reset (forward and
    /// backward): 2 * M * N * K per product.
    public private(set) var matrixFloatingPointOperations = 0
    /// Counts backward passes, so that each pass only visits the nodes it reached.
    var backwardPass = 0

    /// - Parameter recordsGradients: pass `false` for a tape used only to evaluate networks
    ///   (acting): nothing is kept for a backward pass.
    public init(recordsGradients: Bool = true) {
        self.recordsGradients = recordsGradients
        arena = Arena()
        nodes.reserveCapacity(256)
    }

    /// Forgets every recorded operation and makes all buffers reusable.
    public func reset() {
        nodes.removeAll(keepingCapacity: true)
        arena.reset()
        matrixFloatingPointOperations = 0
    }

    /// The number of operations recorded since the last reset.
    public var operationCount: Int { nodes.count }

    // MARK: Leaves

    /// A constant input: the tensor's elements are copied into the tape.
    public func constant(_ tensor: Tensor) -> Variable {
        leaf(tensor, requiresGradient: false)
    }

    /// A constant input copied from raw elements (no intermediate `Tensor`).
    /// - Precondition: `elements.count == shape.elementCount`.
    public func constant(_ elements: UnsafeBufferPointer<Float>, shape: Shape) -> Variable {
        precondition(elements.count == shape.elementCount, "constant of shape \(shape) needs \(shape.elementCount) elements, got \(elements.count)")
        let index = appendNode(.input, shape: shape, requiresGradient: false)
        if let base = elements.baseAddress { nodes[index].value.update(from: base, count: elements.count) }
        return Variable(index, self)
    }

    /// An input leaf that gradients reach: the tensor's elements are copied into the tape, and
    /// after ``backward(_:seed:)`` ``gradient(of:)`` (or ``copyGradient(of:into:)``) holds the
    /// output's gradient with respect to it. How a network run on one tape hands a gradient to
    /// another (SAC's actor loss through critics evaluated on their own threads).
    public func input(_ tensor: Tensor) -> Variable {
        leaf(tensor, requiresGradient: recordsGradients)
    }

    /// A leaf holding a copy of `tensor`'s elements.
    private func leaf(_ tensor: Tensor, requiresGradient: Bool) -> Variable {
        let index = appendNode(.input, shape: tensor.shape, requiresGradient: requiresGradient)
        tensor.withUnsafeBufferPointer { source in
            guard let base = source.baseAddress else { return }
            nodes[index].value.update(from: base, count: source.count)
        }
        return Variable(index, self)
    }

    /// A constant filled with one value.
    public func constant(repeating value: Float, shape: Shape) -> Variable {
        let index = appendNode(.input, shape: shape, requiresGradient: false)
        nodes[index].value.update(repeating: value, count: shape.elementCount)
        return Variable(index, self)
    }

    /// A parameter: read in place (no copy); ``backward(_:)`` accumulates into its gradient.
    ///
    /// - Parameter trainable: `false` reads the parameter as a constant: no gradient reaches
    ///   it, and the backward pass skips the work of computing one (e.g. the critics inside
    ///   SAC's actor loss, or target networks).
    public func parameter(_ parameter: Parameter, trainable: Bool = true) -> Variable {
        parameter.value.makeUnique()
        let requiresGradient = recordsGradients && trainable
        var node = Node(op: .parameter, shape: parameter.value.shape, value: parameter.value.storage.pointer, requiresGradient: requiresGradient)
        node.parameter = parameter
        if requiresGradient {
            parameter.gradient.makeUnique()
            node.gradient = parameter.gradient.storage.pointer
        }
        nodes.append(node)
        return Variable(nodes.count - 1, self)
    }

    // MARK: Reading results

    /// The shape of a recorded value.
    public func shape(of variable: Variable) -> Shape { nodes[variable.index].shape }

    /// Reads a recorded value without copying. The pointer is valid until the tape is reset.
    public func withValue<R>(of variable: Variable, _ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        let node = nodes[variable.index]
        return try body(UnsafeBufferPointer(start: node.value, count: node.shape.elementCount))
    }

    /// A recorded value as a new tensor.
    public func value(of variable: Variable) -> Tensor {
        let node = nodes[variable.index]
        var result = Tensor(shape: node.shape)
        result.withUnsafeMutableBufferPointer { $0.baseAddress?.update(from: node.value, count: node.shape.elementCount) }
        return result
    }

    /// Copies a recorded value into `tensor`, reusing its storage when it has the same element
    /// count and is not shared (no allocation on the hot path).
    public func copyValue(of variable: Variable, into tensor: inout Tensor) {
        let node = nodes[variable.index]
        tensor.resize(to: node.shape)
        tensor.withUnsafeMutableBufferPointer { $0.baseAddress?.update(from: node.value, count: node.shape.elementCount) }
    }

    /// The single element of a one-element value (a loss, a statistic).
    public func scalar(_ variable: Variable) -> Float {
        let node = nodes[variable.index]
        precondition(node.shape.elementCount == 1, "scalar(_:) needs a one-element value, got shape \(node.shape)")
        return node.value[0]
    }

    /// The gradient computed for a recorded value by the last ``backward(_:)``, or nil when no
    /// gradient reached it. For tests and diagnostics.
    public func gradient(of variable: Variable) -> Tensor? {
        let node = nodes[variable.index]
        guard node.pass == backwardPass, let gradient = node.gradient else { return nil }
        var result = Tensor(shape: node.shape)
        result.withUnsafeMutableBufferPointer { $0.baseAddress?.update(from: gradient, count: node.shape.elementCount) }
        return result
    }

    /// Copies the gradient the last backward pass computed for `variable` into `tensor` (zeros
    /// when none reached it), reusing `tensor`'s storage when it fits (no allocation once warm).
    public func copyGradient(of variable: Variable, into tensor: inout Tensor) {
        let node = nodes[variable.index]
        tensor.resize(to: node.shape)
        tensor.withUnsafeMutableBufferPointer { target in
            guard let base = target.baseAddress else { return }
            if node.pass == backwardPass, let gradient = node.gradient {
                base.update(from: gradient, count: node.shape.elementCount)
            } else {
                base.update(repeating: 0, count: node.shape.elementCount)
            }
        }
    }

    // MARK: Recording

    /// Appends a node whose output buffer comes from the arena.
    @usableFromInline
    func appendNode(_ op: Operation, shape: Shape, requiresGradient: Bool, a: Int = -1, b: Int = -1, c: Int = -1) -> Int {
        let value = arena.allocate(shape.elementCount)
        var node = Node(op: op, shape: shape, value: value, requiresGradient: requiresGradient)
        node.a = a
        node.b = b
        node.c = c
        nodes.append(node)
        return nodes.count - 1
    }

    func countMatrixProduct(m: Int, n: Int, k: Int) {
        matrixFloatingPointOperations += 2 * m * n * k
    }

    /// Where a product should write node `index`'s gradient: a fresh buffer with beta = 0 (the
    /// product overwrites it, no zero-fill needed) the first time in a pass, else the existing
    /// buffer with beta = 1 (accumulate). Parameters always accumulate.
    @inline(__always)
    func gradientTarget(_ index: Int) -> (UnsafeMutablePointer<Float>, beta: Float) {
        if nodes[index].pass == backwardPass, let existing = nodes[index].gradient { return (existing, 1) }
        if nodes[index].op == .parameter { return (gradientBuffer(index), 1) }
        nodes[index].pass = backwardPass
        let buffer = arena.allocate(nodes[index].shape.elementCount)
        nodes[index].gradient = buffer
        return (buffer, 0)
    }

    /// A scratch buffer from the arena, valid until reset.
    func scratch(_ count: Int) -> UnsafeMutablePointer<Float> { arena.allocate(count) }

    /// The gradient buffer of node `index` for the current backward pass, zero-filled on first
    /// use in the pass. A parameter's buffer is the parameter's own gradient (accumulated).
    @inline(__always)
    func gradientBuffer(_ index: Int) -> UnsafeMutablePointer<Float> {
        if nodes[index].pass == backwardPass, let existing = nodes[index].gradient { return existing }
        nodes[index].pass = backwardPass
        if nodes[index].op == .parameter, let existing = nodes[index].gradient { return existing }
        let buffer = arena.allocateZeroed(nodes[index].shape.elementCount)
        nodes[index].gradient = buffer
        return buffer
    }
}

/// A value recorded on a ``Tape``: an index into it. Valid until the tape is reset.
///
/// Variables combine with operators and methods that record new operations on the same tape:
/// `(a * b + c).relu().sum()`.
public struct Variable {
    public let index: Int
    public unowned(unsafe) let tape: Tape

    @usableFromInline
    init(_ index: Int, _ tape: Tape) {
        self.index = index
        self.tape = tape
    }

    /// The shape of the recorded value.
    public var shape: Shape { tape.nodes[index].shape }

}

/// One recorded operation.
@usableFromInline
struct Node {
    var op: Operation
    var shape: Shape
    var value: UnsafeMutablePointer<Float>
    var gradient: UnsafeMutablePointer<Float>?
    var requiresGradient: Bool
    /// Inputs (node indices), -1 when unused.
    var a = -1, b = -1, c = -1
    /// Operation arguments.
    var scalar0: Float = 0, scalar1: Float = 0
    var integer0 = 0, integer1 = 0
    var activation: Activation = .identity
    /// Gather indices, stored in arena memory.
    var indices: UnsafeMutableRawPointer?
    /// Keeps a parameter's storage alive while the tape points into it.
    var parameter: Parameter?
    /// The backward pass that last wrote `gradient` (see ``Tape/gradientBuffer(_:)``).
    var pass = 0

    init(op: Operation, shape: Shape, value: UnsafeMutablePointer<Float>, requiresGradient: Bool) {
        self.op = op
        self.shape = shape
        self.value = value
        self.requiresGradient = requiresGradient
    }
}

@usableFromInline
enum Operation {
    case input, parameter
    case add, subtract, multiply, divide, minimum
    case negate, scale, addScalar
    case relu, tanh, exp, log, softplus, sigmoid, square, clamp
    case sum, mean, sumAll, meanAll
    case logSoftmax, gather, concat, slice, reshape, detach
    case matmul, linear
}

/// Element-wise activations, used by the fused ``Tape/linear(_:weight:bias:activation:)``
/// operation and by ``MLP``.
public enum Activation: String, Codable, Sendable, CaseIterable {
    case identity, relu, tanh
}
