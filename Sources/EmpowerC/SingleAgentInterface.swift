import EmpowerBase
import EmpowerCore
import EmpowerEnvironments
import Foundation

/// One single-agent environment behind a C handle, with what the last call left for the
/// caller to pick up: the info text too large for the caller's buffer, the rendered frame.
final class EnvironmentHandle {
    var environment: AnyEnvironment
    let actionSize: Int
    var info = CInterface.InfoText()
    var frame: Frame?

    init(_ environment: any Environment) {
        self.environment = AnyEnvironment(environment)
        actionSize = environment.actionSpace.flatSize
    }

    static func from(_ pointer: UnsafeMutableRawPointer) -> EnvironmentHandle {
        Unmanaged<EnvironmentHandle>.fromOpaque(pointer).takeUnretainedValue()
    }
}

/// Makes a built-in single-agent environment; `arguments_json` is NULL or a JSON object of its
/// arguments (`{"objects": 2, "actionMode": "end_effector"}`).
@_cdecl("empower_env_make")
public func empower_env_make(
    _ id: UnsafePointer<CChar>, _ argumentsJSON: UnsafePointer<CChar>?, _ handle: UnsafeMutablePointer<UnsafeMutableRawPointer?>,
    _ error: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> Int32 {
    CInterface.call(error) {
        let name = String(cString: id)
        let arguments = try CInterface.arguments(argumentsJSON, environment: name)
        let environment = try BuiltInEnvironments.catalog.make(name, arguments: arguments)
        handle.pointee = Unmanaged.passRetained(EnvironmentHandle(environment)).toOpaque()
    }
}

/// The environment's specification as JSON: `id`, `summary`, `max_episode_steps`,
/// `feature_groups`, `observation_space` and `action_space` (`{"kind": "box", "shape", "size",
/// "low", "high"}`, `{"kind": "discrete", "n", "start", "size": 1}` or `{"kind":
/// "multi_binary", "shape", "size"}`; unbounded box limits as the strings "inf" and "-inf").
@_cdecl("empower_env_spec_json")
public func empower_env_spec_json(_ pointer: UnsafeMutableRawPointer) -> UnsafeMutablePointer<CChar>? {
    let handle = EnvironmentHandle.from(pointer)
    let environment = handle.environment
    return CInterface.text(.object(CInterface.json(environment.spec) + [
        JSONMember("observation_space", CInterface.json(environment.observationSpace)),
        JSONMember("action_space", CInterface.json(environment.actionSpace)),
    ]))
}

/// Resets the environment (seeded when `has_seed` is not 0) and writes the first observation.
/// The reset's info is written to `info` as a JSON object when it fits in `capacity` bytes
/// with its NUL; `*info_length` receives its length either way (0 for an empty info), and a
/// longer one is fetched with `empower_env_last_info`.
@_cdecl("empower_env_reset")
public func empower_env_reset(
    _ pointer: UnsafeMutableRawPointer, _ hasSeed: Int32, _ seed: UInt64, _ observation: UnsafeMutablePointer<Float>,
    _ info: UnsafeMutablePointer<CChar>?, _ capacity: Int64, _ infoLength: UnsafeMutablePointer<Int64>?,
    _ error: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> Int32 {
    let handle = EnvironmentHandle.from(pointer)
    return CInterface.call(error) {
        let reset = try handle.environment.reset(seed: CInterface.seed(hasSeed, seed))
        CInterface.write(reset.observation, to: observation)
        handle.info.update(reset.info)
        CInterface.copy(handle.info.text, to: info, capacity: capacity, length: infoLength)
    }
}

/// Steps the environment with `action` (`action_count` floats, which must be the action
/// space's size). Writes the next observation, the reward, and `flags` (bit 0: terminated,
/// bit 1: truncated); the info as in `empower_env_reset`.
@_cdecl("empower_env_step")
public func empower_env_step(
    _ pointer: UnsafeMutableRawPointer, _ action: UnsafePointer<Float>, _ actionCount: Int64,
    _ observation: UnsafeMutablePointer<Float>, _ reward: UnsafeMutablePointer<Float>, _ flags: UnsafeMutablePointer<Int32>,
    _ info: UnsafeMutablePointer<CChar>?, _ capacity: Int64, _ infoLength: UnsafeMutablePointer<Int64>?,
    _ error: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> Int32 {
    let handle = EnvironmentHandle.from(pointer)
    return CInterface.call(error) {
        try CInterface.checkCount(actionCount, expected: handle.actionSize, what: "the action", environment: handle.environment.spec.id)
        let step = try handle.environment.step(Array(UnsafeBufferPointer(start: action, count: handle.actionSize)))
        CInterface.write(step.observation, to: observation)
        reward.pointee = step.reward
        flags.pointee = CInterface.flags(terminated: step.isTerminated, truncated: step.isTruncated)
        handle.info.update(step.info)
        CInterface.copy(handle.info.text, to: info, capacity: capacity, length: infoLength)
    }
}

/// Copies the last reset's or step's info text into `buffer` (of `capacity` bytes, which must
/// hold the length reported by that call plus one).
@_cdecl("empower_env_last_info")
public func empower_env_last_info(_ pointer: UnsafeMutableRawPointer, _ buffer: UnsafeMutablePointer<CChar>, _ capacity: Int64) -> Int64 {
    let handle = EnvironmentHandle.from(pointer)
    var length: Int64 = 0
    CInterface.copy(handle.info.text, to: buffer, capacity: capacity, length: &length)
    return length
}

/// Renders the current state; `*width` and `*height` receive the frame's size, and
/// `empower_env_frame` copies its `width * height * 3` RGB bytes.
@_cdecl("empower_env_render")
public func empower_env_render(
    _ pointer: UnsafeMutableRawPointer, _ width: UnsafeMutablePointer<Int64>, _ height: UnsafeMutablePointer<Int64>,
    _ error: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> Int32 {
    let handle = EnvironmentHandle.from(pointer)
    return CInterface.render({ try handle.environment.render() }, keeping: &handle.frame, width: width, height: height, error: error)
}

/// Copies the last rendered frame (rows from the top, 3 bytes per pixel) into `pixels`, which
/// holds `capacity` bytes; returns the number of bytes copied (0 when nothing was rendered or
/// the buffer is too small).
@_cdecl("empower_env_frame")
public func empower_env_frame(_ pointer: UnsafeMutableRawPointer, _ pixels: UnsafeMutablePointer<UInt8>, _ capacity: Int64) -> Int64 {
    CInterface.copy(EnvironmentHandle.from(pointer).frame, to: pixels, capacity: capacity)
}

/// Releases the environment.
@_cdecl("empower_env_close")
public func empower_env_close(_ pointer: UnsafeMutableRawPointer?) {
    guard let pointer else { return }
    Unmanaged<EnvironmentHandle>.fromOpaque(pointer).release()
}
