/// The seeded generator used everywhere in Empower: xoshiro256** (Blackman and Vigna, 2018).
///
/// There is no global random state in Empower. Every component that needs randomness receives a
/// generator, and every generator comes from the run's master seed through ``Seed/derive(_:stream:index:)``.
///
/// ```swift
/// var rng = Xoshiro256(seed: 42)
/// let u = rng.nextUnitFloat()          // uniform in [0, 1)
/// let g = rng.nextStandardNormal()     // N(0, 1)
/// ```
///
/// The full state is four `UInt64` words (``state``); it is `Codable` so checkpoints can store it
/// and a resumed run continues the exact same stream. Cost: a handful of integer operations per
/// 64 random bits.
public struct Xoshiro256: RandomNumberGenerator, Hashable, Codable, Sendable {
    @usableFromInline var s: (UInt64, UInt64, UInt64, UInt64)

    /// The four state words. Never all zero.
    public var state: (UInt64, UInt64, UInt64, UInt64) { s }

    /// Seeds the generator by running SplitMix64 from `seed`, as recommended by the authors, so
    /// that nearby seeds (0, 1, 2, ...) give unrelated streams.
    public init(seed: UInt64) {
        var splitMix = SplitMix64(seed: seed)
        s = (splitMix.next(), splitMix.next(), splitMix.next(), splitMix.next())
        if s == (0, 0, 0, 0) { s.0 = 0x9E37_79B9_7F4A_7C15 }
    }

    /// Restores a generator from saved state words.
    /// - Throws: ``BaseError`` with code `.invalidRandomState` when all four words are zero
    ///   (a state xoshiro can never leave, so it can only come from a corrupted file).
    public init(state: (UInt64, UInt64, UInt64, UInt64)) throws(BaseError) {
        guard state != (0, 0, 0, 0) else {
            throw BaseError(
                .invalidRandomState,
                "a xoshiro256 state of four zero words is invalid; the saved generator state is corrupted",
                context: [:])
        }
        self.s = state
    }

    @inlinable
    public mutating func next() -> UInt64 {
        let result = rotateLeft(s.1 &* 5, 7) &* 9
        let t = s.1 << 17
        s.2 ^= s.0
        s.3 ^= s.1
        s.1 ^= s.2
        s.0 ^= s.3
        s.2 ^= t
        s.3 = rotateLeft(s.3, 45)
        return result
    }

    public static func == (lhs: Xoshiro256, rhs: Xoshiro256) -> Bool { lhs.state == rhs.state }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(state.0)
        hasher.combine(state.1)
        hasher.combine(state.2)
        hasher.combine(state.3)
    }

    private enum CodingKeys: String, CodingKey { case state }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let words = try container.decode([UInt64].self, forKey: .state)
        guard words.count == 4 else {
            throw BaseError(
                .invalidRandomState,
                "a xoshiro256 state has 4 words, found \(words.count)",
                context: ["words": "\(words.count)"])
        }
        try self.init(state: (words[0], words[1], words[2], words[3]))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode([state.0, state.1, state.2, state.3], forKey: .state)
    }
}

@inlinable
func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 {
    (x << k) | (x >> (64 &- k))
}

/// SplitMix64 (Steele, Lea and Flood, 2014): a tiny generator used to expand one seed into
/// generator states and to mix seeds in ``Seed/derive(_:stream:index:)``.
public struct SplitMix64: RandomNumberGenerator, Hashable, Codable, Sendable {
    /// The counter; the next output is `mix(state + golden ratio)`.
    public var state: UInt64

    public init(seed: UInt64) { state = seed }

    @inlinable
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }

    /// The SplitMix64 output function: a bijective avalanche of 64 bits.
    @inlinable
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
