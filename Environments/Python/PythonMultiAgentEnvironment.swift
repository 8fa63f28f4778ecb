import EmpowerBase
import EmpowerCore

/// A PettingZoo parallel environment written in Python, stepped in a Python worker process:
/// `python:<module>:<factory>` where `factory(**arguments)` returns a `ParallelEnv`. Spaces,
/// arguments and errors as for ``PythonEnvironment``; the state is the environment's
/// `state()` when it has a `state_space`, else the observations of every possible agent
/// side by side.
public struct PythonMultiAgentEnvironment: MultiAgentEnvironment {
    public let spec: EnvironmentSpec
    public let possibleAgents: [String]
    public private(set) var agents: [String] = []
    public let observationSpaces: [String: Space]
    public let actionSpaces: [String: Space]
    public let stateSpace: Space
    let worker: PythonWorkerLease
    private let hasState: Bool
    private var lastObservations: [String: [Float]] = [:]
    private var tracker: EpisodeTracker

    /// Starts a worker and makes the environment in it.
    /// - Throws: as ``PythonEnvironment/init(_:arguments:)``; `.incompatibleEnvironment` when
    ///   the factory made a single-agent environment.
    public init(_ id: String, arguments: EnvironmentArguments = [:]) throws {
        let launch = try PythonLaunch(id, arguments: arguments)
        worker = try launch.lease(multiAgent: true)
        let description = worker.description
        possibleAgents = (description["possible_agents"]?.arrayValue ?? []).compactMap(\.stringValue)
        guard !possibleAgents.isEmpty else {
            throw EnvironmentError(.incompatibleEnvironment, "\(id) has no possible_agents", context: ["environment": id])
        }
        var observations: [String: Space] = [:], actions: [String: Space] = [:]
        for agent in possibleAgents {
            observations[agent] = try PythonLaunch.space(description["observation_spaces"]?[agent], environment: "\(id) agent \(agent)")
            actions[agent] = try PythonLaunch.space(description["action_spaces"]?[agent], environment: "\(id) agent \(agent)")
        }
        observationSpaces = observations
        actionSpaces = actions
        if let state = description["state_space"], state != .null {
            stateSpace = try PythonLaunch.space(state, environment: "\(id) state")
            hasState = true
        } else {
            let size = possibleAgents.reduce(0) { $0 + observations[$1]!.flatSize }
            stateSpace = .box(try Box(low: -.infinity, high: .infinity, shape: [size]))
            hasState = false
        }
        let limit = try launch.episodeLimit(reported: description["max_episode_steps"]?.intValue)
        spec = EnvironmentSpec(id: id, maxEpisodeSteps: limit, summary: "a Python PettingZoo environment (\(launch.target))")
        tracker = EpisodeTracker(maxEpisodeSteps: limit)
    }

    public mutating func reset(seed: UInt64?) throws -> MultiAgentReset {
        let request = [UInt8(ascii: "R"), seed == nil ? 0 : 1] + PythonWorker.bytes(of: seed ?? 0)
        let reply = try worker.call(request, what: "reset")
        tracker.beginEpisode()
        let observations = try split(reply)
        return MultiAgentReset(observations: observations, infos: infos(reply.document["infos"], for: observations.keys))
    }

    public mutating func step(_ actions: [String: [Float]]) throws -> MultiAgentStep {
        try tracker.checkCanStep(environment: spec.id)
        try validateActions(actions)
        let request = JSONValue.object(actions.keys.sorted().map { agent in
            JSONMember(agent, .array(actions[agent]!.map { .number(Double($0)) }))
        }).rendered()
        let bytes = Array(request.utf8)
        let reply = try worker.call(
            [UInt8(ascii: "s")] + PythonWorker.bytes(of: UInt32(bytes.count)) + bytes, what: "step", step: tracker.elapsedSteps + 1)
        let document = reply.document
        let observations = try split(reply)
        var rewards: [String: Float] = [:], terminations: [String: Bool] = [:], truncations: [String: Bool] = [:]
        for member in document["rewards"]?.objectMembers ?? [] { rewards[member.key] = Float(member.value.doubleValue ?? 0) }
        for member in document["terminations"]?.objectMembers ?? [] { terminations[member.key] = member.value.boolValue ?? false }
        for member in document["truncations"]?.objectMembers ?? [] { truncations[member.key] = member.value.boolValue ?? false }
        let allTerminated = !terminations.isEmpty && terminations.values.allSatisfy { $0 }
        let allTruncated = !truncations.isEmpty && truncations.values.allSatisfy { $0 }
        if tracker.endStep(isTerminated: allTerminated, isTruncated: allTruncated) {
            for agent in rewards.keys where !(terminations[agent] ?? false) { truncations[agent] = true }
        }
        if tracker.hasEnded { agents = [] }
        return MultiAgentStep(
            observations: observations, rewards: rewards, terminations: terminations, truncations: truncations,
            infos: infos(document["infos"], for: observations.keys))
    }

    public func state() throws -> [Float] {
        guard hasState else {
            return possibleAgents.flatMap { lastObservations[$0] ?? Array(repeating: 0, count: observationSpaces[$0]!.flatSize) }
        }
        return try worker.call([UInt8(ascii: "X")], what: "state").floats()
    }

    public mutating func render() throws -> Frame {
        let reply = try worker.call([UInt8(ascii: "D")], what: "render")
        return try Frame(width: reply.document["width"]?.intValue ?? 0, height: reply.document["height"]?.intValue ?? 0, pixels: reply.bytes)
    }

    /// The reply's concatenated observations cut per agent (in the order the worker lists),
    /// and the live agents it reports.
    private mutating func split(_ reply: PythonWorker.Reply) throws -> [String: [Float]] {
        let floats = reply.floats()
        var observations: [String: [Float]] = [:]
        var offset = 0
        for agent in (reply.document["observed"]?.arrayValue ?? []).compactMap(\.stringValue) {
            guard let size = observationSpaces[agent]?.flatSize, offset + size <= floats.count else {
                throw EnvironmentError(.pythonError, "\(spec.id): an observation for agent \(agent) does not match its space", context: ["environment": spec.id, "agent": agent])
            }
            let values = Array(floats[offset..<offset + size])
            if let bad = values.firstIndex(where: { !$0.isFinite }) {
                throw EnvironmentError(
                    .pythonError, "\(spec.id): agent \(agent)'s observation holds \(values[bad]) at index \(bad); Empower needs finite observations",
                    context: ["environment": spec.id, "agent": agent])
            }
            observations[agent] = values
            offset += size
        }
        agents = (reply.document["agents"]?.arrayValue ?? []).compactMap(\.stringValue)
        lastObservations.merge(observations) { $1 }
        return observations
    }

    private func infos(_ json: JSONValue?, for agents: Dictionary<String, [Float]>.Keys) -> [String: Info] {
        var infos: [String: Info] = [:]
        for agent in agents { infos[agent] = PythonLaunch.info(json?[agent]) }
        return infos
    }
}
