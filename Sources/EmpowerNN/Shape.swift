/// The shape of a tensor: up to four dimensions, stored inline (no heap allocation), so shapes
/// can be built and compared on the hot path for free.
///
/// ```swift
/// let shape: Shape = [256, 78]
/// shape.rank            // 2
/// shape.elementCount    // 19968
/// shape[1]              // 78
/// ```
public struct Shape: Hashable, Sendable, CustomStringConvertible, ExpressibleByArrayLiteral {
    /// The largest rank a tensor may have.
    public static let maximumRank = 4

    public let rank: Int
    @usableFromInline let d0: Int, d1: Int, d2: Int, d3: Int

    /// A shape from its dimensions. - Precondition: at most 4 dimensions, none negative.
    public init(_ dimensions: [Int]) {
        precondition(dimensions.count <= Shape.maximumRank, "tensors have at most \(Shape.maximumRank) dimensions, got \(dimensions.count)")
        precondition(dimensions.allSatisfy { $0 >= 0 }, "tensor dimensions cannot be negative: \(dimensions)")
        rank = dimensions.count
        d0 = dimensions.count > 0 ? dimensions[0] : 1
        d1 = dimensions.count > 1 ? dimensions[1] : 1
        d2 = dimensions.count > 2 ? dimensions[2] : 1
        d3 = dimensions.count > 3 ? dimensions[3] : 1
    }

    public init(arrayLiteral elements: Int...) { self.init(elements) }

    /// A rank-1 shape without building an array (hot path).
    @inlinable
    public init(length: Int) {
        rank = 1
        d0 = length
        d1 = 1
        d2 = 1
        d3 = 1
    }

    /// A rank-2 shape without building an array (hot path).
    @inlinable
    public init(rows: Int, columns: Int) {
        rank = 2
        d0 = rows
        d1 = columns
        d2 = 1
        d3 = 1
    }

    @usableFromInline
    init(rank: Int, _ d0: Int, _ d1: Int, _ d2: Int, _ d3: Int) {
        self.rank = rank
        self.d0 = d0
        self.d1 = d1
        self.d2 = d2
        self.d3 = d3
    }

    /// A scalar (rank 0, one element).
    public static let scalar = Shape(rank: 0, 1, 1, 1, 1)

    /// The size of dimension `axis`. Negative axes count from the end (-1 is the last).
    @inlinable
    public subscript(axis: Int) -> Int {
        let a = axis < 0 ? axis + rank : axis
        precondition(a >= 0 && a < rank, "axis \(axis) is out of range for a rank-\(rank) shape")
        switch a {
        case 0: return d0
        case 1: return d1
        case 2: return d2
        default: return d3
        }
    }

    /// The number of elements (1 for a scalar).
    @inlinable
    public var elementCount: Int { d0 * d1 * d2 * d3 }

    /// The dimensions as an array.
    public var dimensions: [Int] { (0..<rank).map { self[$0] } }

    /// The last dimension (1 for a scalar).
    @inlinable
    public var last: Int { rank == 0 ? 1 : self[rank - 1] }

    /// The product of all dimensions but the last: the number of rows when the tensor is seen
    /// as a matrix of `last` columns.
    @inlinable
    public var rowCount: Int { rank == 0 ? 1 : elementCount / Swift.max(last, 1) }

    /// The shape with dimension `axis` replaced.
    @inlinable
    public func replacing(axis: Int, with size: Int) -> Shape {
        let a = axis < 0 ? axis + rank : axis
        return Shape(rank: rank, a == 0 ? size : d0, a == 1 ? size : d1, a == 2 ? size : d2, a == 3 ? size : d3)
    }

    /// The shape with dimension `axis` removed.
    @inlinable
    public func removing(axis: Int) -> Shape {
        let a = axis < 0 ? axis + rank : axis
        var dims = (d0, d1, d2, d3)
        switch a {
        case 0: dims = (d1, d2, d3, 1)
        case 1: dims = (d0, d2, d3, 1)
        case 2: dims = (d0, d1, d3, 1)
        default: dims = (d0, d1, d2, 1)
        }
        return Shape(rank: rank - 1, dims.0, dims.1, dims.2, dims.3)
    }

    /// Element counts before, at, and after `axis`: a tensor seen as [outer, axisSize, inner].
    @inlinable
    func split(at axis: Int) -> (outer: Int, size: Int, inner: Int) {
        let a = axis < 0 ? axis + rank : axis
        var outer = 1
        var inner = 1
        for i in 0..<a { outer *= self[i] }
        for i in (a + 1)..<Swift.max(rank, a + 1) { inner *= self[i] }
        return (outer, self[a], inner)
    }

    public var description: String { "[" + dimensions.map(String.init).joined(separator: ", ") + "]" }
}
