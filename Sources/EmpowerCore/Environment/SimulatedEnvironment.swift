/// An environment whose step is mostly a physics simulation. `empower bench envs` times
/// ``stepSimulationOnly()`` beside ``Environment/step(_:)`` to show how much of a step is spent
/// outside the simulator (observation, reward, safety checks, bookkeeping).
public protocol SimulatedEnvironment: Environment {
    /// Advances the simulation exactly as one `step` would (same substeps and step settings),
    /// with the controls left as they are, and computes no observation, reward or info.
    /// Only for measurement: it does not count toward the episode.
    mutating func stepSimulationOnly()
}
