#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A box in R^n: every element lies between its own lower and upper bound.
///
/// Bounds may be infinite (an unbounded coordinate) but never NaN, and `low <= high` element
/// by element. Values are flat `[Float]` arrays in row-major order of ``shape``.
///
/// ```swift
/// let actions = try Box(low: -1, high: 1, shape: [2])       // Box(-1.0, 1.0, shape: [2])
/// actions.contains([0.5, -1])                                // true
/// var rng = Xoshiro256(seed: 1)
/// let a = actions.sample(using: &rng)                        // two floats in [-1, 1)
/// ```
///
/// Sampling follows the usual convention for partly unbounded boxes: uniform on a bounded
/// coordinate, standard normal on a coordinate unbounded on both sides, and `low + Exp(1)` or
/// `high - Exp(1)` on a coordinate bounded on one side only.
public struct Box: Hashable, Sendable, CustomStringConvertible {
    /// Lower bounds, one per element.
    public let low: [Float]
    /// Upper bounds, one per element.
    public let high: [Float]
    /// The dimensions; the product is ``flatSize``.
    public let shape: [Int]

    /// A box with the same bounds on every element.
    /// - Throws: ``SpaceError`` when `low > high`, a bound is NaN, or a dimension is not positive.
    public init(low: Float, high: Float, shape: [Int]) throws(SpaceError) {
        let size = try Box.validatedSize(of: shape)
        try self.init(low: [Float](repeating: low, count: size), high: [Float](repeating: high, count: size), shape: shape)
    }

    /// A box with per-element bounds. `shape` defaults to `[low.count]`.
    /// - Throws: ``SpaceError`` when the bound counts differ from each other or from the shape,
    ///   a bound is NaN, or `low[i] > high[i]`.
    public init(low: [Float], high: [Float], shape: [Int]? = nil) throws(SpaceError) {
        let shape = shape ?? [low.count]
        let size = try Box.validatedSize(of: shape)
        guard low.count == size, high.count == size else {
            throw SpaceError(
                .invalidShape,
                "Box bounds have \(low.count) low and \(high.count) high values but shape \(shape) needs \(size) of each",
                context: ["low.count": "\(low.count)", "high.count": "\(high.count)", "shape": "\(shape)"])
        }
        for i in 0..<size where !(low[i] <= high[i]) {
            throw SpaceError(
                .invalidBounds,
                "Box bound at index \(i) has low \(low[i]) > high \(high[i]) (or a NaN bound); every low must be <= its high",
                context: ["index": "\(i)", "low": "\(low[i])", "high": "\(high[i])"])
        }
        self.low = low
        self.high = high
        self.shape = shape
    }

    private static func validatedSize(of shape: [Int]) throws(SpaceError) -> Int {
        var size = 1
        for dimension in shape {
            guard dimension > 0 else {
                throw SpaceError(
                    .invalidShape, "Box shape \(shape) has a dimension \(dimension); every dimension must be positive",
                    context: ["shape": "\(shape)"])
            }
            size *= dimension
        }
        return size
    }

    /// The number of floats in one value: the product of ``shape``.
    public var flatSize: Int { low.count }

    /// Whether every element is finite on both sides.
    public var isBounded: Bool {
        for i in low.indices where !low[i].isFinite || !high[i].isFinite { return false }
        return true
    }

    /// Whether `x` has ``flatSize`` elements, none NaN, each within its bounds. Cost: O(n).
    public func contains(_ x: [Float]) -> Bool {
        guard x.count == low.count else { return false }
        for i in x.indices where !(x[i] >= low[i] && x[i] <= high[i]) { return false }
        return true
    }

    /// A random value of the box (see the type's documentation for unbounded coordinates).
    public func sample(using generator: inout some RandomNumberGenerator) -> [Float] {
        var value = [Float](repeating: 0, count: low.count)
        for i in low.indices {
            let lo = low[i], hi = high[i]
            switch (lo.isFinite, hi.isFinite) {
            case (true, true):
                // nextFloat draws from [lo, hi); rounding can still land on hi, which is allowed.
                value[i] = lo == hi ? lo : Swift.min(generator.nextFloat(in: lo, hi), hi)
            case (false, false):
                value[i] = generator.nextStandardNormal()
            case (true, false):
                value[i] = lo + Box.exponential(using: &generator)
            case (false, true):
                value[i] = hi - Box.exponential(using: &generator)
            }
        }
        return value
    }

    private static func exponential(using generator: inout some RandomNumberGenerator) -> Float {
        Float(-log(1.0 - generator.nextUnitDouble()))
    }

    /// `Box(-1.0, 1.0, shape: [2])` when the bounds are uniform, else the bound arrays.
    public var description: String {
        if let lo = low.first, let hi = high.first, low.allSatisfy({ $0 == lo }), high.allSatisfy({ $0 == hi }) {
            return "Box(\(lo), \(hi), shape: \(shape))"
        }
        return "Box(low: \(low), high: \(high), shape: \(shape))"
    }
}

extension Box: Codable {
    private enum CodingKeys: String, CodingKey { case low, high, shape }

    /// Decodes and validates; infinite bounds are written as the strings `"inf"` / `"-inf"` so
    /// the JSON stays valid.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let low = try container.decode([BoundValue].self, forKey: .low).map(\.value)
        let high = try container.decode([BoundValue].self, forKey: .high).map(\.value)
        let shape = try container.decode([Int].self, forKey: .shape)
        try self.init(low: low, high: high, shape: shape)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(low.map(BoundValue.init), forKey: .low)
        try container.encode(high.map(BoundValue.init), forKey: .high)
        try container.encode(shape, forKey: .shape)
    }
}

/// A bound in JSON: a number, or `"inf"` / `"-inf"`.
private struct BoundValue: Codable {
    let value: Float
    init(_ value: Float) { self.value = value }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Float.self) {
            value = number
            return
        }
        let text = try container.decode(String.self)
        switch text {
        case "inf", "+inf": value = .infinity
        case "-inf": value = -.infinity
        default:
            throw SpaceError(.invalidBounds, "a Box bound must be a number, \"inf\" or \"-inf\", found \"\(text)\"", context: ["value": text])
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if value.isFinite { try container.encode(value) } else { try container.encode(value > 0 ? "inf" : "-inf") }
    }
}
