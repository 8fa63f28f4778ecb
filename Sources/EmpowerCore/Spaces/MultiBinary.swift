/// `n` independent on/off flags, each 0 or 1.
///
/// ```swift
/// let switches = try MultiBinary(3)   // MultiBinary(3)
/// switches.contains([0, 1, 1])        // true
/// switches.contains([0, 2, 1])        // false
/// ```
public struct MultiBinary: Hashable, Codable, Sendable, CustomStringConvertible {
    /// The number of flags.
    public let n: Int

    /// - Throws: ``SpaceError`` `.invalidSize` when `n <= 0`.
    public init(_ n: Int) throws(SpaceError) {
        guard n > 0 else {
            throw SpaceError(.invalidSize, "MultiBinary needs at least one flag, got n = \(n)", context: ["n": "\(n)"])
        }
        self.n = n
    }

    public init(from decoder: any Decoder) throws {
        enum Keys: String, CodingKey { case n }
        try self.init(try decoder.container(keyedBy: Keys.self).decode(Int.self, forKey: .n))
    }

    public var shape: [Int] { [n] }
    public var flatSize: Int { n }

    /// Whether `x` has `n` elements, each exactly 0 or 1.
    public func contains(_ x: [Float]) -> Bool {
        x.count == n && x.allSatisfy { $0 == 0 || $0 == 1 }
    }

    /// Each flag is 1 with probability one half.
    public func sample(using generator: inout some RandomNumberGenerator) -> [Float] {
        var value = [Float](repeating: 0, count: n)
        for i in 0..<n { value[i] = generator.next() >> 63 == 1 ? 1 : 0 }
        return value
    }

    public var description: String { "MultiBinary(\(n))" }
}
