/// A finite set of integers `start ..< start + n`, carried as a one-element `[Float]`.
///
/// ```swift
/// let choices = try Discrete(4)       // Discrete(4): {0, 1, 2, 3}
/// choices.contains([2])               // true
/// choices.contains([2.5])             // false: not an integer
/// ```
///
/// The value is a scalar, so ``shape`` is `[]` and ``flatSize`` is 1 (the product of no
/// dimensions). Learners that want a one-hot encoding build it themselves from ``n``.
public struct Discrete: Hashable, Codable, Sendable, CustomStringConvertible {
    /// The number of choices.
    public let n: Int
    /// The smallest choice.
    public let start: Int

    /// - Throws: ``SpaceError`` `.invalidSize` when `n <= 0`.
    public init(_ n: Int, start: Int = 0) throws(SpaceError) {
        guard n > 0 else {
            throw SpaceError(.invalidSize, "Discrete needs at least one choice, got n = \(n)", context: ["n": "\(n)"])
        }
        self.n = n
        self.start = start
    }

    public init(from decoder: any Decoder) throws {
        enum Keys: String, CodingKey { case n, start }
        let container = try decoder.container(keyedBy: Keys.self)
        try self.init(try container.decode(Int.self, forKey: .n), start: try container.decodeIfPresent(Int.self, forKey: .start) ?? 0)
    }

    /// `[]`: a scalar.
    public var shape: [Int] { [] }
    /// 1: one float per value.
    public var flatSize: Int { 1 }

    /// Whether `x` is one integer-valued float in `start ..< start + n`.
    public func contains(_ x: [Float]) -> Bool {
        guard x.count == 1, x[0].rounded(.towardZero) == x[0] else { return false }
        return x[0] >= Float(start) && x[0] < Float(start + n)
    }

    /// A uniformly chosen value.
    public func sample(using generator: inout some RandomNumberGenerator) -> [Float] {
        [Float(start + generator.nextIndex(below: n))]
    }

    public var description: String { start == 0 ? "Discrete(\(n))" : "Discrete(\(n), start: \(start))" }
}
