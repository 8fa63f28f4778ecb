import EmpowerBase

/// A Float32 tensor: a ``Shape`` and contiguous row-major elements, with value semantics
/// (copy-on-write: copies share storage until one of them is mutated).
///
/// ```swift
/// var x = try Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
/// x[1 * 3 + 2]            // 6: element (1, 2) of the row-major layout
/// let y = x               // shares storage
/// x[0] = 10               // x gets its own copy; y still has 1 there
/// ```
///
/// Tensors are the values that cross the API: parameters, inputs, results. Inside a
/// computation, ``Tape`` works on its own reused buffers, and tensors enter and leave it
/// through ``Tape/constant(_:)`` and ``Tape/copyValue(of:into:)``.
public struct Tensor: Sendable, CustomStringConvertible {
    public private(set) var shape: Shape
    @usableFromInline var storage: TensorStorage

    /// A tensor of `shape` filled with `value`.
    public init(shape: Shape, repeating value: Float = 0) {
        self.shape = shape
        storage = TensorStorage(count: shape.elementCount)
        if value != 0 { storage.pointer.update(repeating: value, count: shape.elementCount) }
    }

    /// A tensor over `scalars` in row-major order.
    /// - Throws: ``TensorError`` `.elementCountMismatch` when the count does not fit the shape.
    public init(shape: Shape, scalars: [Float]) throws(TensorError) {
        guard scalars.count == shape.elementCount else {
            throw TensorError(
                .elementCountMismatch,
                "a tensor of shape \(shape) needs \(shape.elementCount) elements, got \(scalars.count)",
                context: ["shape": shape.description, "elements": "\(scalars.count)"])
        }
        self.init(shape: shape)
        scalars.withUnsafeBufferPointer { source in
            guard let base = source.baseAddress else { return }
            storage.pointer.update(from: base, count: scalars.count)
        }
    }

    /// A rank-1 tensor over `scalars`.
    public init(_ scalars: [Float]) {
        self.init(shape: [scalars.count])
        scalars.withUnsafeBufferPointer { source in
            guard let base = source.baseAddress else { return }
            storage.pointer.update(from: base, count: scalars.count)
        }
    }

    /// The number of elements.
    @inlinable
    public var elementCount: Int { shape.elementCount }

    /// The elements in row-major order.
    public var scalars: [Float] {
        Array(UnsafeBufferPointer(start: storage.pointer, count: shape.elementCount))
    }

    /// Element `index` of the row-major layout.
    @inlinable
    public subscript(index: Int) -> Float {
        get {
            precondition(index >= 0 && index < shape.elementCount, "index \(index) is out of range for a tensor of \(shape.elementCount) elements")
            return storage.pointer[index]
        }
        set {
            precondition(index >= 0 && index < shape.elementCount, "index \(index) is out of range for a tensor of \(shape.elementCount) elements")
            makeUnique()
            storage.pointer[index] = newValue
        }
    }

    /// Reads the elements without copying.
    @inlinable
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: storage.pointer, count: shape.elementCount))
    }

    /// Mutates the elements in place (copying first if the storage is shared).
    @inlinable
    public mutating func withUnsafeMutableBufferPointer<R>(_ body: (UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        makeUnique()
        return try body(UnsafeMutableBufferPointer(start: storage.pointer, count: shape.elementCount))
    }

    /// The same elements seen with another shape of the same element count.
    /// - Throws: ``TensorError`` `.elementCountMismatch`.
    public func reshaped(to newShape: Shape) throws(TensorError) -> Tensor {
        guard newShape.elementCount == shape.elementCount else {
            throw TensorError(
                .elementCountMismatch,
                "cannot reshape \(shape) (\(shape.elementCount) elements) to \(newShape) (\(newShape.elementCount) elements)",
                context: ["from": shape.description, "to": newShape.description])
        }
        var result = self
        result.shape = newShape
        return result
    }

    /// Gives the tensor `newShape`: the same storage when the element count is unchanged (the
    /// elements then stay, read in the new shape), new zeroed storage otherwise. How a reused
    /// buffer takes the shape of the next batch without allocating once warm.
    public mutating func resize(to newShape: Shape) {
        if newShape == shape { return }
        if newShape.elementCount == shape.elementCount {
            shape = newShape
        } else {
            self = Tensor(shape: newShape)
        }
    }

    /// `source`'s shape and elements, copied into this tensor's storage when the element count
    /// matches (no allocation once warm).
    public mutating func assign(_ source: Tensor) {
        resize(to: source.shape)
        source.withUnsafeBufferPointer { from in
            withUnsafeMutableBufferPointer { to in
                guard let base = from.baseAddress else { return }
                to.baseAddress?.update(from: base, count: from.count)
            }
        }
    }

    /// Makes this tensor the only owner of its storage.
    @inlinable
    mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
    }

    public var description: String {
        let shown = scalars.prefix(8).map { "\($0)" }.joined(separator: ", ")
        return "Tensor(\(shape): [\(shown)\(elementCount > 8 ? ", ..." : "")])"
    }
}

extension Tensor: Equatable {
    /// Equal shapes and bit-identical elements (so NaN equals NaN of the same bits): the
    /// comparison the reproducibility tests need.
    public static func == (lhs: Tensor, rhs: Tensor) -> Bool {
        guard lhs.shape == rhs.shape else { return false }
        if lhs.storage === rhs.storage { return true }
        for i in 0..<lhs.elementCount where lhs.storage.pointer[i].bitPattern != rhs.storage.pointer[i].bitPattern {
            return false
        }
        return true
    }
}

// The storage is only mutated through `makeUnique()`, so sharing a Tensor across threads is safe.
extension TensorStorage: @unchecked Sendable {}
