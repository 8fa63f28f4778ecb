/// A multi-agent environment whose step is mostly a physics simulation: the multi-agent
/// counterpart of ``SimulatedEnvironment``, with exact snapshots for planning.
///
/// `empower bench envs` times ``stepSimulationOnly()`` beside ``MultiAgentEnvironment/step(_:)``
/// to show how much of a step is spent outside the simulator (per-agent observations, the
/// result dictionaries, rewards, bookkeeping).
///
/// ```swift
/// var env = try ParticleSpread(agents: 3)
/// _ = try env.reset(seed: 0)
/// let saved = try env.snapshot()
/// _ = try env.step(actions)          // explore...
/// try env.restore(saved)             // ...and come back
/// ```
public protocol SimulatedMultiAgentEnvironment: MultiAgentEnvironment {
    /// Advances the simulation exactly as one `step` would (same substeps and step settings),
    /// with the controls left as they are, and computes no observation, reward or info.
    /// Only for measurement: it does not count toward the episode.
    mutating func stepSimulationOnly()
    /// The exact current state, to go back to with ``restore(_:)``.
    func snapshot() throws -> EnvironmentSnapshot
    /// Puts the environment back in the state of a snapshot it took.
    mutating func restore(_ snapshot: EnvironmentSnapshot) throws
}
