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
/// `reset(seed: master)` seeds env i with `Seed.derive(master, stream: "env", index: i)`, and
/// every later episode k of env i (k = 1, 2, ...) with
/// `Seed.derive(Seed.derive(master, stream: "env", index: i), stream: "episode", index: k)`.
/// An episode is then determined by its seed and its actions, which is what
/// ``replayEpisodes(master:episodes:actions:)`` relies on. `reset(seed: nil)` lets every env
/// continue its own generator, at that reset and at every autoreset after it.
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
    /// The episode each environment is in: 0 for the one the last `reset(seed:)` started.
    var episodeIndices: [Int] { get }
    /// Rebuilds the exact state of a seeded run: env i restarts its episode `episodes[i]` with
    /// that episode's seed and replays `actions[i]` (the flat actions taken since the episode
    /// began). Returns the observations reached, `count × observationSize` floats. Used to
    /// resume training from a checkpoint without serializing environments.
    mutating func replayEpisodes(master: UInt64, episodes: [Int], actions: [[Float]]) throws -> [Float]
}

extension VectorEnvironment {
    /// Floats per observation of one environment.
    public var observationSize: Int { singleObservationSpace.flatSize }
    /// Floats per action of one environment.
    public var actionSize: Int { singleActionSpace.flatSize }
}
