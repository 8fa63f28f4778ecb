/// N copies of one environment, stepped together with batched, flat arrays.
///
/// Observations are one flat `[Float]` of `count × observationSize` values, row-major (env i
/// occupies `i * observationSize ..< (i + 1) * observationSize`); actions likewise.
///
/// ## Autoreset
/// When env i terminates or is truncated during ``step(_:)``, it is reset at once (with
/// `reset(seed: nil)`, continuing its own generator) and:
/// - the batched ``VectorStep/observations`` hold the *reset* observation of its next episode,
///   which is what the policy acts on next;
/// - ``VectorStep/finalObservations``[i] holds the *true final* observation of the episode that
///   ended, together with ``VectorStep/terminations``[i] / ``VectorStep/truncations``[i], the
///   final ``VectorStep/rewards``[i] and ``VectorStep/infos``[i] (the final step's info; the reset
///   info of the new episode is not kept). Store `finalObservations[i]` as the next state of the
///   transition: bootstrapping a truncated episode from the reset observation would be wrong.
///
/// ## Seeds
/// `reset(seed: master)` seeds env i with `Seed.derive(master, stream: "env", index: i)`;
/// `reset(seed: nil)` lets every env continue its own generator.
///
/// ## Errors
/// A step that throws in any env is rethrown (the error of the lowest env index). The other envs
/// may have stepped, so reset the vector environment after an error.
public protocol VectorEnvironment {
    /// The number of environments.
    var count: Int { get }
    /// The spec of one environment.
    var spec: EnvironmentSpec { get }
    /// The observation space of one environment.
    var singleObservationSpace: Space { get }
    /// The action space of one environment.
    var singleActionSpace: Space { get }

    /// Resets every environment (see the type's documentation for seeding).
    mutating func reset(seed: UInt64?) throws -> VectorReset
    /// Steps every environment with its slice of `actions` (`count × actionSize` floats).
    mutating func step(_ actions: [Float]) throws -> VectorStep
}

extension VectorEnvironment {
    /// Floats per observation of one environment.
    public var observationSize: Int { singleObservationSpace.flatSize }
    /// Floats per action of one environment.
    public var actionSize: Int { singleActionSpace.flatSize }
}
