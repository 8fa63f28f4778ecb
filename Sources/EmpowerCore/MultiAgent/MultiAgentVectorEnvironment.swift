/// Vector environments of multi-agent environments: `count` copies, each seen through
/// ``JointAgentEnvironment`` (one row per copy: every agent's observation, then the global
/// state; one joint action per copy), stepped serially or on worker threads.
///
/// Both are the single-agent vector environments over joint views, so they share their rules:
/// environment i's episode e is reset with `Seed.derive(master, stream: "env", index: i)` for
/// e = 0 and `Seed.derive(that, stream: "episode", index: e)` after; finished episodes reset
/// automatically and report their true final observation; `replayEpisodes` rebuilds every
/// copy's state exactly; and the threaded one gives the same results, bit for bit, as the
/// serial one.
///
/// ```swift
/// var vector = try MultiAgentVectorEnvironment.threaded(count: 4, threads: 2) { _ in
///     try catalog.makeMultiAgent("ParticleSpread-v0")
/// }
/// let rows = try vector.reset(seed: 1).observations
/// ```
public enum MultiAgentVectorEnvironment {
    /// `count` joint views stepped one after the other on the calling thread.
    /// - Throws: what `make` throws, or ``EnvironmentError`` for agents the joint view cannot hold.
    public static func serial(count: Int, make: (Int) throws -> any MultiAgentEnvironment) throws -> SerialVectorEnvironment<JointAgentEnvironment> {
        try SerialVectorEnvironment(count: count) { try JointAgentEnvironment(try make($0)) }
    }

    /// `count` joint views stepped on `threads` worker threads.
    /// - Throws: what `make` throws, or ``EnvironmentError`` for agents the joint view cannot hold.
    public static func threaded(count: Int, threads: Int, make: (Int) throws -> any MultiAgentEnvironment) throws -> ThreadedVectorEnvironment<JointAgentEnvironment> {
        try ThreadedVectorEnvironment(count: count, threads: threads) { try JointAgentEnvironment(try make($0)) }
    }
}
