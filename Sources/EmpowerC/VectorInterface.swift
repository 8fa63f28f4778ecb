import EmpowerBase
import EmpowerCore
import EmpowerEnvironments
import Foundation

/// N copies of one built-in environment behind a C handle, stepped on Swift threads.
final class VectorHandle {
    var environments: any VectorEnvironment
    let threads: Int
    /// Each environment's last info text, and the last infos text handed out.
    var infoTexts: [CInterface.InfoText]
    var lastInfos = ""
    var lastHadEndings = false

    init(_ environments: any VectorEnvironment, threads: Int) {
        self.environments = environments
        self.threads = threads
        infoTexts = Array(repeating: CInterface.InfoText(), count: environments.count)
    }

    /// The infos text of `step` (see `empower_vector_step`); the last one again when no info
    /// changed and no episode ended, without writing it anew.
    func infos(of step: VectorStep) -> String {
        var changed = lastHadEndings
        for i in infoTexts.indices where infoTexts[i].update(step.infos[i]) {
            changed = true
        }
        let ended = step.finalObservations.contains { $0 != nil }
        lastHadEndings = ended
        guard changed || ended else { return lastInfos }
        if !ended && infoTexts.allSatisfy(\.text.isEmpty) {
            lastInfos = ""
            return lastInfos
        }
        var text = #"{"infos":["#
        for i in infoTexts.indices {
            if i > 0 { text += "," }
            text += infoTexts[i].text.isEmpty ? "{}" : infoTexts[i].text
        }
        text += #"],"final_observations":"#
        text += JSONValue.array(step.finalObservations.map { observation in
            observation.map { .array($0.map(CInterface.number)) } ?? .null
        }).rendered()
        text += "}"
        lastInfos = text
        return text
    }

    static func from(_ pointer: UnsafeMutableRawPointer) -> VectorHandle {
        Unmanaged<VectorHandle>.fromOpaque(pointer).takeUnretainedValue()
    }
}

/// Makes `count` copies of a built-in environment stepped by `threads` threads (the calling
/// one included; 1 steps them in turn on the caller's thread).
@_cdecl("empower_vector_make")
public func empower_vector_make(
    _ id: UnsafePointer<CChar>, _ argumentsJSON: UnsafePointer<CChar>?, _ count: Int64, _ threads: Int64,
    _ handle: UnsafeMutablePointer<UnsafeMutableRawPointer?>, _ error: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> Int32 {
    CInterface.call(error) {
        let name = String(cString: id)
        guard count >= 1, count <= 4096 else {
            throw EnvironmentError(.invalidArgument, "\(name): num_envs must be from 1 to 4096, got \(count)", context: ["environment": name])
        }
        guard threads >= 1, threads <= 256 else {
            throw EnvironmentError(.invalidArgument, "\(name): threads must be from 1 to 256, got \(threads)", context: ["environment": name])
        }
        let arguments = try CInterface.arguments(argumentsJSON, environment: name)
        let catalog = BuiltInEnvironments.catalog
        let make = { (_: Int) throws -> AnyEnvironment in AnyEnvironment(try catalog.make(name, arguments: arguments)) }
        let used = Int(min(threads, count))
        let environments: any VectorEnvironment = used > 1
            ? try ThreadedVectorEnvironment(count: Int(count), threads: used, make: make)
            : try SerialVectorEnvironment(count: Int(count), make: make)
        handle.pointee = Unmanaged.passRetained(VectorHandle(environments, threads: used)).toOpaque()
    }
}

/// The specification of one environment (as `empower_env_spec_json`) with `num_envs` and
/// `threads`.
@_cdecl("empower_vector_spec_json")
public func empower_vector_spec_json(_ pointer: UnsafeMutableRawPointer) -> UnsafeMutablePointer<CChar>? {
    let handle = VectorHandle.from(pointer)
    let environments = handle.environments
    return CInterface.text(.object(CInterface.json(environments.spec) + [
        JSONMember("observation_space", CInterface.json(environments.singleObservationSpace)),
        JSONMember("action_space", CInterface.json(environments.singleActionSpace)),
        JSONMember("num_envs", .int(environments.count)),
        JSONMember("threads", .int(handle.threads)),
    ]))
}

/// Resets every environment: env i is seeded from the master `seed` and its index (see
/// `VectorEnvironment`), or continues its own generator when `has_seed` is 0. Writes the
/// `num_envs x observation size` first observations, row by row.
@_cdecl("empower_vector_reset")
public func empower_vector_reset(
    _ pointer: UnsafeMutableRawPointer, _ hasSeed: Int32, _ seed: UInt64, _ observations: UnsafeMutablePointer<Float>,
    _ error: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> Int32 {
    let handle = VectorHandle.from(pointer)
    return CInterface.call(error) {
        let reset = try handle.environments.reset(seed: CInterface.seed(hasSeed, seed))
        CInterface.write(reset.observations, to: observations)
    }
}

/// Steps every environment with its row of `actions` (`action_count` must be `num_envs x`
/// the action size). An environment whose episode ends is reset at once (same-step autoreset):
/// its row of `observations` is then the first observation of the next episode, and the infos
/// text holds the episode's last observation. Writes `num_envs` rewards and flags (bit 0:
/// terminated, bit 1: truncated). The infos, a JSON object `{"infos": [INFO or {} per env],
/// "final_observations": [list of floats or null per env]}`, are written to `infos` when they
/// fit in `capacity` bytes with the NUL; `*infos_length` receives the length either way, and
/// `empower_vector_last_infos` copies a longer text.
@_cdecl("empower_vector_step")
public func empower_vector_step(
    _ pointer: UnsafeMutableRawPointer, _ actions: UnsafePointer<Float>, _ actionCount: Int64,
    _ observations: UnsafeMutablePointer<Float>, _ rewards: UnsafeMutablePointer<Float>, _ flags: UnsafeMutablePointer<Int32>,
    _ infos: UnsafeMutablePointer<CChar>?, _ capacity: Int64, _ infosLength: UnsafeMutablePointer<Int64>?,
    _ error: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> Int32 {
    let handle = VectorHandle.from(pointer)
    return CInterface.call(error) {
        let count = handle.environments.count
        let expected = count * handle.environments.actionSize
        try CInterface.checkCount(actionCount, expected: expected, what: "the actions of \(count) environments", environment: handle.environments.spec.id)
        let step = try handle.environments.step(Array(UnsafeBufferPointer(start: actions, count: expected)))
        CInterface.write(step.observations, to: observations)
        CInterface.write(step.rewards, to: rewards)
        for i in 0..<count {
            flags[i] = CInterface.flags(terminated: step.terminations[i], truncated: step.truncations[i])
        }
        let text = handle.infos(of: step)
        CInterface.copy(text, to: infos, capacity: capacity, length: infosLength)
    }
}

/// Copies the last step's infos text into `buffer` (see `empower_vector_step`).
@_cdecl("empower_vector_last_infos")
public func empower_vector_last_infos(_ pointer: UnsafeMutableRawPointer, _ buffer: UnsafeMutablePointer<CChar>, _ capacity: Int64) -> Int64 {
    let handle = VectorHandle.from(pointer)
    var length: Int64 = 0
    CInterface.copy(handle.lastInfos, to: buffer, capacity: capacity, length: &length)
    return length
}

/// Releases the environments and their threads.
@_cdecl("empower_vector_close")
public func empower_vector_close(_ pointer: UnsafeMutableRawPointer?) {
    guard let pointer else { return }
    Unmanaged<VectorHandle>.fromOpaque(pointer).release()
}
