import EmpowerBase
import EmpowerCore

/// A Gymnasium environment written in Python, stepped in a Python worker process:
/// `gymnasium:<id>` (`gymnasium.make(id, **arguments)`) or `python:<module>:<factory>`
/// (`factory(**arguments)` returning a Gymnasium environment).
///
/// ## Spaces
/// Observations: a `Box` (flattened), `Discrete` (one-hot, n floats), `MultiBinary` (0/1
/// floats) or a `Dict` of those (flattened in key order; each key becomes a feature group of
/// the spec, so `diayn.features=<key>` selects it). Actions: a `Box` (flattened) or `Discrete`
/// (one float holding the index). Other spaces are refused when the environment is made,
/// with `.unsupportedSpace` naming the space.
///
/// ## Arguments
/// Every argument is passed to `gymnasium.make` or the factory as a keyword argument, except:
/// - `python` (String): the interpreter (default: `$VIRTUAL_ENV/bin/python` when a virtual
///   environment is active, else `python3` on `PATH`);
/// - `max_episode_steps` (Int): the episode limit, enforced here (default: the environment's
///   `spec.max_episode_steps`; an environment with neither is refused, since skills, evaluation
///   and the checker need episodes that end).
///
/// ## Errors
/// An exception in Python becomes `.pythonError` naming the environment, the request (reset,
/// step, render), the step of the episode and the traceback's last line; a worker that dies
/// becomes `.workerExited` with how it ended. Either leaves the environment unusable: make a
/// new one. `snapshot()` is not supported.
public struct PythonEnvironment: Environment {
    public let spec: EnvironmentSpec
    public let observationSpace: Space
    public let actionSpace: Space
    let worker: PythonWorkerLease
    private var tracker: EpisodeTracker

    /// Starts a worker and makes the environment in it.
    /// - Throws: `.pythonUnavailable`, `.pythonError` (making the environment raised),
    ///   `.unsupportedSpace`, `.incompatibleEnvironment` (the factory made a PettingZoo
    ///   environment), `.workerExited`.
    public init(_ id: String, arguments: EnvironmentArguments = [:]) throws {
        let launch = try PythonLaunch(id, arguments: arguments)
        worker = try launch.lease(multiAgent: false)
        let description = worker.description
        observationSpace = try PythonLaunch.space(description["observation_space"], environment: id)
        actionSpace = try PythonLaunch.space(description["action_space"], environment: id)
        var groups: [String: [Int]] = [:]
        for member in description["feature_groups"]?.objectMembers ?? [] {
            groups[member.key] = member.value.arrayValue?.compactMap(\.intValue) ?? []
        }
        let limit = try launch.episodeLimit(reported: description["max_episode_steps"]?.intValue)
        spec = EnvironmentSpec(id: id, maxEpisodeSteps: limit, summary: "a Python environment (\(launch.target))", featureGroups: groups)
        tracker = EpisodeTracker(maxEpisodeSteps: limit)
    }

    public mutating func reset(seed: UInt64?) throws -> Reset {
        let request = [UInt8(ascii: "R"), seed == nil ? 0 : 1] + PythonWorker.bytes(of: seed ?? 0)
        let reply = try worker.call(request, what: "reset")
        tracker.beginEpisode()
        return Reset(observation: try observation(reply.floats()), info: PythonLaunch.info(reply.document["info"]))
    }

    public mutating func step(_ action: [Float]) throws -> Step {
        try tracker.beginStep(action, count: actionSpace.flatSize, environment: spec.id)
        let request = [UInt8(ascii: "S")] + PythonWorker.bytes(of: UInt32(action.count)) + PythonWorker.bytes(of: action)
        let reply = try worker.call(request, what: "step", step: tracker.elapsedSteps + 1)
        guard let reward = reply.double(at: 0), let flags = reply.uint32(at: 8) else {
            throw EnvironmentError(.pythonError, "\(spec.id): the worker's step reply is too short", context: ["environment": spec.id])
        }
        let terminated = flags & 1 != 0
        let truncated = tracker.endStep(isTerminated: terminated, isTruncated: flags & 2 != 0)
        guard reward.isFinite else {
            throw EnvironmentError(
                .pythonError, "\(spec.id): step \(tracker.elapsedSteps) of the episode returned the reward \(reward); Empower needs finite rewards",
                context: ["environment": spec.id, "step": "\(tracker.elapsedSteps)"])
        }
        return Step(
            observation: try observation(reply.floats(from: 12)), reward: Float(reward), isTerminated: terminated,
            isTruncated: truncated, info: PythonLaunch.info(reply.document["info"]))
    }

    public mutating func render() throws -> Frame {
        let reply = try worker.call([UInt8(ascii: "D")], what: "render")
        return try Frame(width: reply.document["width"]?.intValue ?? 0, height: reply.document["height"]?.intValue ?? 0, pixels: reply.bytes)
    }

    private func observation(_ values: [Float]) throws -> [Float] {
        guard values.count == observationSpace.flatSize else {
            throw EnvironmentError(
                .pythonError, "\(spec.id): the observation has \(values.count) values, but the observation space has \(observationSpace.flatSize)",
                context: ["environment": spec.id])
        }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw EnvironmentError(
                .pythonError, "\(spec.id): the observation holds \(values[bad]) at index \(bad) (after \(tracker.elapsedSteps) steps of the episode); Empower needs finite observations",
                context: ["environment": spec.id, "index": "\(bad)", "step": "\(tracker.elapsedSteps)"])
        }
        return values
    }
}
