/// Child-seed derivation: one master seed gives every component its own independent stream.
///
/// The derivation is part of Empower's reproducibility contract and does not change between
/// versions:
///
///     h     = FNV-1a 64 of the UTF-8 bytes of `stream`
///     child = mix(mix(master ^ h) &+ index &* 0x9E3779B97F4A7C15)
///
/// where `mix` is the SplitMix64 output function. Streams used by Empower itself are named
/// `"env"` (index = environment number), `"policy"`, `"buffer"`, `"objective"`, `"init"`,
/// `"evaluation"`.
///
/// ```swift
/// let master: UInt64 = 7
/// var envRNG = Xoshiro256(seed: Seed.derive(master, stream: "env", index: 3))
/// var initRNG = Xoshiro256(seed: Seed.derive(master, stream: "init"))
/// ```
public enum Seed {
    public static func derive(_ master: UInt64, stream: String, index: UInt64 = 0) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in stream.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let base = SplitMix64.mix(master ^ hash)
        return SplitMix64.mix(base &+ index &* 0x9E37_79B9_7F4A_7C15)
    }

    /// The seed rank `rank` of data-parallel training collects with (its environments, skill
    /// draws, exploration, minibatches): the master seed itself for rank 0, so a single
    /// process runs exactly as it always has, and a stream of its own for every other rank.
    public static func collection(_ master: UInt64, rank: Int) -> UInt64 {
        rank == 0 ? master : derive(master, stream: "rank", index: UInt64(rank))
    }
}
