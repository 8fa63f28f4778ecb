import EmpowerBase
import EmpowerCore
import EmpowerEnvironments
import Foundation

/// One multi-agent environment behind a C handle (PettingZoo's parallel API on the Python side).
/// Results travel as JSON: multi-agent results are dictionaries keyed by agent.
final class ParallelHandle {
    var environment: any MultiAgentEnvironment
    var frame: Frame?

    init(_ environment: any MultiAgentEnvironment) {
        self.environment = environment
    }

    static func from(_ pointer: UnsafeMutableRawPointer) -> ParallelHandle {
        Unmanaged<ParallelHandle>.fromOpaque(pointer).takeUnretainedValue()
    }

    /// `{"agents": [...], "observations": {agent: [...]}, "infos": {agent: {...}}}` plus
    /// `rewards`, `terminations` and `truncations` for a step.
    func result(observations: [String: [Float]], infos: [String: Info], step: MultiAgentStep? = nil) -> JSONValue {
        func byAgent<Value>(_ values: [String: Value], _ json: (Value) -> JSONValue) -> JSONValue {
            .object(values.keys.sorted().map { JSONMember($0, json(values[$0]!)) })
        }
        var members = [
            JSONMember("agents", .array(environment.agents.map { .string($0) })),
            JSONMember("observations", byAgent(observations) { .array($0.map(CInterface.number)) }),
            JSONMember("infos", byAgent(infos, CInterface.json)),
        ]
        if let step {
            members.append(JSONMember("rewards", byAgent(step.rewards, CInterface.number)))
            members.append(JSONMember("terminations", byAgent(step.terminations) { .bool($0) }))
            members.append(JSONMember("truncations", byAgent(step.truncations) { .bool($0) }))
        }
        return .object(members)
    }
}

/// Makes a built-in multi-agent environment (`ParticleSpread-v0`, `CooperativePush-v0`);
/// `arguments_json` as in `empower_env_make` (`{"agents": 3}`).
@_cdecl("empower_parallel_make")
public func empower_parallel_make(
    _ id: UnsafePointer<CChar>, _ argumentsJSON: UnsafePointer<CChar>?, _ handle: UnsafeMutablePointer<UnsafeMutableRawPointer?>,
    _ error: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> Int32 {
    CInterface.call(error) {
        let name = String(cString: id)
        let arguments = try CInterface.arguments(argumentsJSON, environment: name)
        let environment = try BuiltInEnvironments.catalog.makeMultiAgent(name, arguments: arguments)
        handle.pointee = Unmanaged.passRetained(ParallelHandle(environment)).toOpaque()
    }
}

/// The specification as JSON: the single-agent members of `empower_env_spec_json` except the
/// spaces, then `possible_agents`, `observation_spaces` and `action_spaces` (objects by agent)
/// and `state_space`.
@_cdecl("empower_parallel_spec_json")
public func empower_parallel_spec_json(_ pointer: UnsafeMutableRawPointer) -> UnsafeMutablePointer<CChar>? {
    let environment = ParallelHandle.from(pointer).environment
    let agents = environment.possibleAgents
    return CInterface.text(.object(CInterface.json(environment.spec) + [
        JSONMember("possible_agents", .array(agents.map { .string($0) })),
        JSONMember("observation_spaces", .object(agents.compactMap { agent in
            environment.observationSpaces[agent].map { JSONMember(agent, CInterface.json($0)) }
        })),
        JSONMember("action_spaces", .object(agents.compactMap { agent in
            environment.actionSpaces[agent].map { JSONMember(agent, CInterface.json($0)) }
        })),
        JSONMember("state_space", CInterface.json(environment.stateSpace)),
    ]))
}

/// Resets (seeded when `has_seed` is not 0); `*result` receives the JSON text `{"agents",
/// "observations", "infos"}`, freed with `empower_free`.
@_cdecl("empower_parallel_reset")
public func empower_parallel_reset(
    _ pointer: UnsafeMutableRawPointer, _ hasSeed: Int32, _ seed: UInt64, _ result: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>,
    _ error: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> Int32 {
    let handle = ParallelHandle.from(pointer)
    return CInterface.call(error) {
        let reset = try handle.environment.reset(seed: CInterface.seed(hasSeed, seed))
        result.pointee = CInterface.text(handle.result(observations: reset.observations, infos: reset.infos))
    }
}

/// Steps with `actions_json`, a JSON object of agent names to lists of floats (one per live
/// agent); `*result` receives `{"agents", "observations", "infos", "rewards",
/// "terminations", "truncations"}`, where `agents` are the agents still live after the step.
@_cdecl("empower_parallel_step")
public func empower_parallel_step(
    _ pointer: UnsafeMutableRawPointer, _ actionsJSON: UnsafePointer<CChar>, _ result: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>,
    _ error: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> Int32 {
    let handle = ParallelHandle.from(pointer)
    return CInterface.call(error) {
        let id = handle.environment.spec.id
        let document = try JSONDecoder().decode(JSONValue.self, from: Data(String(cString: actionsJSON).utf8))
        guard case let .object(members) = document else {
            throw EnvironmentError(.invalidAction, "\(id): the actions must be a JSON object of agent names to lists of numbers", context: ["environment": id])
        }
        var actions: [String: [Float]] = [:]
        for member in members {
            guard case let .floats(values) = try CInterface.argument(member.value, name: member.key, environment: id) else {
                throw EnvironmentError(.invalidAction, "\(id): the action of agent \(member.key) must be a list of numbers", context: ["environment": id, "agent": member.key])
            }
            actions[member.key] = values
        }
        let step = try handle.environment.step(actions)
        result.pointee = CInterface.text(handle.result(observations: step.observations, infos: step.infos, step: step))
    }
}

/// Writes the global state (`state_space.size` floats).
@_cdecl("empower_parallel_state")
public func empower_parallel_state(
    _ pointer: UnsafeMutableRawPointer, _ state: UnsafeMutablePointer<Float>, _ error: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> Int32 {
    let handle = ParallelHandle.from(pointer)
    return CInterface.call(error) {
        CInterface.write(try handle.environment.state(), to: state)
    }
}

/// Renders; then `empower_parallel_frame` copies the pixels (as `empower_env_render`).
@_cdecl("empower_parallel_render")
public func empower_parallel_render(
    _ pointer: UnsafeMutableRawPointer, _ width: UnsafeMutablePointer<Int64>, _ height: UnsafeMutablePointer<Int64>,
    _ error: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> Int32 {
    let handle = ParallelHandle.from(pointer)
    return CInterface.render({ try handle.environment.render() }, keeping: &handle.frame, width: width, height: height, error: error)
}

@_cdecl("empower_parallel_frame")
public func empower_parallel_frame(_ pointer: UnsafeMutableRawPointer, _ pixels: UnsafeMutablePointer<UInt8>, _ capacity: Int64) -> Int64 {
    CInterface.copy(ParallelHandle.from(pointer).frame, to: pixels, capacity: capacity)
}

/// Releases the environment.
@_cdecl("empower_parallel_close")
public func empower_parallel_close(_ pointer: UnsafeMutableRawPointer?) {
    guard let pointer else { return }
    Unmanaged<ParallelHandle>.fromOpaque(pointer).release()
}
