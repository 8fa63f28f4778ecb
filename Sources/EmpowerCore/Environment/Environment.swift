/// A single-agent environment with Gymnasium semantics.
///
/// ```swift
/// var env = try PointMass()
/// var rng = Xoshiro256(seed: 0)
/// var reset = try env.reset(seed: 42)
/// while true {
///     let step = try env.step(env.actionSpace.sample(using: &rng))
///     if step.isDone { break }
/// }
/// ```
///
/// ## Contract
/// - `reset(seed:)` starts an episode. With a seed, the environment's generator is re-seeded, so
///   the same seed and the same actions give bit-identical observations and rewards. With
///   `nil`, the generator continues (an environment never seeded behaves as if seeded with 0).
/// - `step(_:)` before the first reset, or after a step that returned `isTerminated` or
///   `isTruncated`, throws ``EnvironmentError`` (`.stepBeforeReset` / `.stepAfterEpisodeEnd`).
/// - An action of the wrong length or containing NaN throws `.invalidAction` /
///   `.nonFiniteAction` naming the environment (see ``EnvironmentError/validateAction(_:count:environment:)``).
/// - Observations have `observationSpace.flatSize` floats and lie in `observationSpace`.
/// ``EpisodeTracker`` implements the bookkeeping; ``checkEnvironment(_:seed:steps:)`` verifies all of it.
///
/// ## Value or reference
/// Requirements are `mutating`, so both structs and classes can conform. Pure-Swift environments
/// (Pendulum, PointMass) are structs: copying one copies its whole state, generator included.
/// Environments owning a native world (Box2D) are `final class`es: copies share the world, so
/// vector environments create independent copies from a factory instead of copying a value.
///
/// ## Optional capabilities
/// `render()`, `snapshot()` / `restore(_:)` and `positions` have default implementations that
/// report the capability as unsupported (`.unsupported`, or no positions).
public protocol Environment {
    /// Id, episode limit and description.
    var spec: EnvironmentSpec { get }
    /// The space every observation lies in.
    var observationSpace: Space { get }
    /// The space of valid actions.
    var actionSpace: Space { get }

    /// Starts a new episode; re-seeds the environment's generator when `seed` is given.
    mutating func reset(seed: UInt64?) throws -> Reset
    /// Advances one step. See the contract above for the errors.
    mutating func step(_ action: [Float]) throws -> Step

    /// An RGB picture of the current state.
    mutating func render() throws -> Frame
    /// The exact current state, to go back to with ``restore(_:)``.
    func snapshot() throws -> EnvironmentSnapshot
    /// Puts the environment back in the state of a snapshot it took.
    mutating func restore(_ snapshot: EnvironmentSnapshot) throws
    /// Named xy coordinates (agent, end effector, objects) for coverage metrics and plots.
    var positions: [String: SIMD2<Float>] { get }
}

extension Environment {
    /// Unsupported by default: throws `.unsupported`.
    public mutating func render() throws -> Frame {
        throw EnvironmentError.unsupported("render()", environment: spec.id)
    }

    /// Unsupported by default: throws `.unsupported`.
    public func snapshot() throws -> EnvironmentSnapshot {
        throw EnvironmentError.unsupported("snapshot()", environment: spec.id)
    }

    /// Unsupported by default: throws `.unsupported`.
    public mutating func restore(_ snapshot: EnvironmentSnapshot) throws {
        throw EnvironmentError.unsupported("restore(_:)", environment: spec.id)
    }

    /// No positions by default.
    public var positions: [String: SIMD2<Float>] { [:] }

    /// Starts a new episode, continuing the environment's generator.
    public mutating func reset() throws -> Reset { try reset(seed: nil) }
}
