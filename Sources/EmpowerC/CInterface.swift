import EmpowerBase
import EmpowerCore
import EmpowerEnvironments
import Foundation

// The C-callable interface of Empower's environments: what the Python package in `python/`
// loads with ctypes from `libEmpowerC.so` (`swift build -c release --product EmpowerC`).
//
// Conventions, the same for every function:
// - A function that can fail returns an `int32_t`: 0 on success, 1 on failure. On failure, and
//   when `error` is not NULL, `*error` receives a message allocated with malloc (UTF-8, ending
//   in a NUL byte) that the caller frees with `empower_free`. It reads `code: message`, with the
//   code of the Empower error (`invalid_action`, `unknown_environment`, ...).
// - Handles (`void *`) come from a `*_make` function and are released with the matching
//   `*_close`; after that they must not be used. One handle must not be used from two threads
//   at once (ctypes releases the GIL during a call).
// - Texts returned as `char *` (specifications, results) are malloc'ed JSON documents, freed with
//   `empower_free`.
// - Arrays are caller-owned, of the sizes the handle's specification gives: observations of
//   `observation_space.size` floats, actions of `action_space.size` floats (a `Discrete`
//   action is one float holding the index).

/// Frees memory that Empower allocated for the caller (messages and JSON texts).
@_cdecl("empower_free")
public func empower_free(_ pointer: UnsafeMutableRawPointer?) {
    free(pointer)
}

/// The interface version; the Python package refuses a library whose version it does not know.
@_cdecl("empower_interface_version")
public func empower_interface_version() -> Int32 { CInterface.version }

/// Every built-in environment as JSON: `{"single_agent": [ENTRY], "multi_agent": [ENTRY]}` with
/// `ENTRY = {"id", "summary", "max_episode_steps", "parameters": [{"name", "kind", "default",
/// "summary"}]}`.
@_cdecl("empower_catalog_json")
public func empower_catalog_json() -> UnsafeMutablePointer<CChar>? {
    let catalog = BuiltInEnvironments.catalog
    func entries(_ ids: [String]) -> JSONValue {
        .array(ids.map { id in
            let parameters = (try? catalog.parameters(of: id)) ?? []
            let spec = try? catalog.entries().first { $0.id == id }?.spec
            return .object([
                JSONMember("id", .string(id)),
                JSONMember("summary", .string(spec?.summary ?? "")),
                JSONMember("max_episode_steps", spec?.maxEpisodeSteps.map { .int($0) } ?? .null),
                JSONMember("parameters", .array(parameters.map { parameter in
                    .object([
                        JSONMember("name", .string(parameter.name)),
                        JSONMember("kind", .string(parameter.kind.rawValue)),
                        JSONMember("default", parameter.defaultValue?.json ?? .null),
                        JSONMember("summary", .string(parameter.summary)),
                    ])
                })),
            ])
        })
    }
    return CInterface.text(.object([
        JSONMember("single_agent", entries(catalog.singleAgentIDs)),
        JSONMember("multi_agent", entries(catalog.multiAgentIDs)),
    ]))
}

/// What the functions of the C interface share: error and text hand-over, argument parsing,
/// and the JSON forms of spaces, infos and specifications.
enum CInterface {
    static let version: Int32 = 1

    /// Runs `body`; on a thrown error writes its message to `error` and returns 1.
    static func call(_ error: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ body: () throws -> Void) -> Int32 {
        do {
            try body()
            return 0
        } catch let thrown {
            error?.pointee = strdup("\(thrown)")
            return 1
        }
    }

    /// `value` rendered as a malloc'ed, NUL-terminated text.
    static func text(_ value: JSONValue) -> UnsafeMutablePointer<CChar>? {
        strdup(value.rendered())
    }

    /// The environment's arguments from a JSON object of names to numbers, booleans, strings
    /// or arrays of numbers (NULL or empty: none).
    static func arguments(_ json: UnsafePointer<CChar>?, environment: String) throws -> EnvironmentArguments {
        guard let json, json.pointee != 0 else { return EnvironmentArguments([:], environment: environment) }
        let document: JSONValue
        do {
            document = try JSONDecoder().decode(JSONValue.self, from: Data(String(cString: json).utf8))
        } catch {
            throw EnvironmentError(.invalidArgument, "\(environment): the arguments are not a JSON object: \(error)", context: ["environment": environment])
        }
        guard case let .object(members) = document else {
            throw EnvironmentError(.invalidArgument, "\(environment): the arguments must be a JSON object of names to values", context: ["environment": environment])
        }
        var values: [String: EnvironmentArgument] = [:]
        for member in members {
            values[member.key] = try argument(member.value, name: member.key, environment: environment)
        }
        return EnvironmentArguments(values, environment: environment)
    }

    static func argument(_ value: JSONValue, name: String, environment: String) throws -> EnvironmentArgument {
        switch value {
        case let .int(number): return .int(number)
        case let .number(number): return .float(Float(number))
        case let .bool(flag): return .bool(flag)
        case let .string(text): return .string(text)
        case let .array(elements):
            var floats: [Float] = []
            for element in elements {
                switch element {
                case let .int(number): floats.append(Float(number))
                case let .number(number): floats.append(Float(number))
                default:
                    throw EnvironmentError(.invalidArgument, "\(environment): argument \(name) is a list with a value that is not a number; lists must hold numbers only", context: ["environment": environment, "argument": name])
                }
            }
            return .floats(floats)
        default:
            throw EnvironmentError(.invalidArgument, "\(environment): argument \(name) has no value (null); give a number, a boolean, a string or a list of numbers, or leave it out for the default", context: ["environment": environment, "argument": name])
        }
    }

    /// A float as a JSON number; infinities, which JSON cannot hold, as the strings "inf" and
    /// "-inf" (bounds of unbounded boxes), NaN as "nan".
    static func number(_ value: Float) -> JSONValue {
        if value.isNaN { return .string("nan") }
        if value.isInfinite { return .string(value > 0 ? "inf" : "-inf") }
        return .number(Double(value))
    }

    static func json(_ space: Space) -> JSONValue {
        switch space {
        case let .box(box):
            .object([
                JSONMember("kind", "box"), JSONMember("shape", .array(box.shape.map { .int($0) })),
                JSONMember("size", .int(box.flatSize)),
                JSONMember("low", .array(box.low.map(number))), JSONMember("high", .array(box.high.map(number))),
            ])
        case let .discrete(discrete):
            .object([
                JSONMember("kind", "discrete"), JSONMember("n", .int(discrete.n)), JSONMember("start", .int(discrete.start)),
                JSONMember("size", 1),
            ])
        case let .multiBinary(flags):
            .object([
                JSONMember("kind", "multi_binary"), JSONMember("shape", .array(flags.shape.map { .int($0) })),
                JSONMember("size", .int(flags.flatSize)),
            ])
        }
    }

    /// An info as a JSON object: its floats, integers and booleans by name, `safety_events`
    /// (an object of counts, with `total`) and `episode` (`return`, `length`) when present.
    /// Members in name order, so equal infos give equal texts.
    static func json(_ info: Info) -> JSONValue {
        var members: [JSONMember] = []
        for (name, value) in info.floats.sorted(by: { $0.key < $1.key }) { members.append(JSONMember(name, number(value))) }
        for (name, value) in info.ints.sorted(by: { $0.key < $1.key }) { members.append(JSONMember(name, .int(value))) }
        for (name, value) in info.bools.sorted(by: { $0.key < $1.key }) { members.append(JSONMember(name, .bool(value))) }
        if let events = info.safetyEvents {
            members.append(JSONMember("safety_events", .object([
                JSONMember("object_off_table", .int(events.objectOffTable)),
                JSONMember("joint_at_limit", .int(events.jointAtLimit)),
                JSONMember("excessive_impulse", .int(events.excessiveImpulse)),
                JSONMember("end_effector_out_of_workspace", .int(events.endEffectorOutOfWorkspace)),
                JSONMember("total", .int(events.total)),
            ])))
        }
        if let episode = info.episode {
            members.append(JSONMember("episode", .object([
                JSONMember("return", .number(episode.episodeReturn)), JSONMember("length", .int(episode.length)),
            ])))
        }
        return .object(members)
    }

    static func json(_ spec: EnvironmentSpec) -> [JSONMember] {
        [
            JSONMember("id", .string(spec.id)),
            JSONMember("summary", .string(spec.summary)),
            JSONMember("max_episode_steps", spec.maxEpisodeSteps.map { .int($0) } ?? .null),
            JSONMember("feature_groups", .object(spec.featureGroups.sorted { $0.key < $1.key }.map {
                JSONMember($0.key, .array($0.value.map { .int($0) }))
            })),
        ]
    }

    /// An info's JSON text, remembered for the next call: most steps repeat the last step's
    /// info (no safety event, no episode end), and comparing infos costs far less than writing
    /// the text again.
    struct InfoText {
        private var info = Info()
        private(set) var text = ""

        /// Makes ``text`` the text of `newInfo` (empty for an empty info); whether it changed.
        @discardableResult
        mutating func update(_ newInfo: Info) -> Bool {
            guard newInfo != info else { return false }
            info = newInfo
            let newText = newInfo.isEmpty ? "" : CInterface.json(newInfo).rendered()
            defer { text = newText }
            return newText != text
        }
    }

    static func copy(_ text: String, to buffer: UnsafeMutablePointer<CChar>?, capacity: Int64, length: UnsafeMutablePointer<Int64>?) {
        var text = text
        text.withUTF8 { bytes in
            length?.pointee = Int64(bytes.count)
            guard let buffer, Int64(bytes.count) < capacity else { return }
            bytes.withMemoryRebound(to: CChar.self) { chars in
                if let base = chars.baseAddress { buffer.update(from: base, count: chars.count) }
            }
            buffer[bytes.count] = 0
        }
    }

    /// Checks a caller's action length against the space before reading the caller's memory.
    static func checkCount(_ count: Int64, expected: Int, what: String, environment: String) throws {
        guard count == Int64(expected) else {
            throw EnvironmentError(.invalidAction, "\(environment): \(what) has \(count) values, expected \(expected)", context: ["environment": environment, "expected": "\(expected)", "got": "\(count)"])
        }
    }

    static func seed(_ hasSeed: Int32, _ seed: UInt64) -> UInt64? { hasSeed != 0 ? seed : nil }

    /// Renders with `render`, keeps the frame in `frame` for the caller to copy, and writes its
    /// size: what `empower_env_render` and `empower_parallel_render` do.
    static func render(
        _ render: () throws -> Frame, keeping frame: inout Frame?, width: UnsafeMutablePointer<Int64>, height: UnsafeMutablePointer<Int64>,
        error: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
    ) -> Int32 {
        call(error) {
            let rendered = try render()
            frame = rendered
            width.pointee = Int64(rendered.width)
            height.pointee = Int64(rendered.height)
        }
    }

    /// Copies `values` into the caller's array at `target`.
    static func write(_ values: [Float], to target: UnsafeMutablePointer<Float>) {
        values.withUnsafeBufferPointer { target.update(from: $0.baseAddress!, count: $0.count) }
    }

    /// A step's flags as the interface writes them: bit 0 terminated, bit 1 truncated.
    static func flags(terminated: Bool, truncated: Bool) -> Int32 {
        (terminated ? 1 : 0) | (truncated ? 2 : 0)
    }

    /// Copies `frame`'s RGB bytes into `pixels` (`capacity` bytes); the number copied, 0 when
    /// there is no frame or it does not fit.
    static func copy(_ frame: Frame?, to pixels: UnsafeMutablePointer<UInt8>, capacity: Int64) -> Int64 {
        guard let frame, Int64(frame.pixels.count) <= capacity else { return 0 }
        frame.pixels.withUnsafeBufferPointer { pixels.update(from: $0.baseAddress!, count: frame.pixels.count) }
        return Int64(frame.pixels.count)
    }
}
