import EmpowerBase
import EmpowerCore
import Foundation

/// What starting a Python environment takes: the id (`gymnasium:<id>` or
/// `python:<module>:<factory>`), the interpreter, the keyword arguments for Python, and the
/// arguments Empower keeps for itself (`python`, `max_episode_steps`); and the translation of
/// the worker's replies (spaces, infos) into Empower's types.
struct PythonLaunch {
    /// The schemes of Python environment ids.
    static let schemes = ["gymnasium", "python"]

    let id: String
    let target: String
    let interpreter: String
    let maxEpisodeSteps: Int?
    let argumentsJSON: String

    init(_ id: String, arguments: EnvironmentArguments) throws {
        let (scheme, rest) = Self.split(id)
        switch scheme {
        case "gymnasium" where !rest.isEmpty:
            break
        case "python" where rest.split(separator: ":", omittingEmptySubsequences: false).count == 2 && !rest.hasPrefix(":") && !rest.hasSuffix(":"):
            break
        default:
            throw EnvironmentError(
                .unknownEnvironment,
                "\"\(id)\" is not a Python environment id; write gymnasium:<registered id> (gymnasium:Pendulum-v1) or python:<module>:<factory> (python:my_package.envs:make_env)",
                context: ["id": id])
        }
        self.id = id
        target = id
        var values = arguments.values
        if let python = values.removeValue(forKey: "python") {
            guard case let .string(path) = python, !path.isEmpty else {
                throw EnvironmentError(.invalidArgument, "\(id): argument python must be the path of a Python interpreter, got \(python)", context: ["environment": id, "argument": "python"])
            }
            interpreter = try Self.resolve(path, environment: id)
        } else {
            interpreter = try Self.defaultInterpreter(environment: id)
        }
        if let limit = values.removeValue(forKey: "max_episode_steps") {
            guard case let .int(steps) = limit, steps > 0 else {
                throw EnvironmentError(.invalidArgument, "\(id): argument max_episode_steps must be a positive integer, got \(limit)", context: ["environment": id, "argument": "max_episode_steps"])
            }
            maxEpisodeSteps = steps
        } else {
            maxEpisodeSteps = nil
        }
        argumentsJSON = JSONValue.object(values.sorted { $0.key < $1.key }.map { JSONMember($0.key, $0.value.json) }).rendered()
    }

    /// `("gymnasium", "Pendulum-v1")` for `gymnasium:Pendulum-v1`; an empty scheme without a colon.
    static func split(_ id: String) -> (scheme: String, rest: String) {
        guard let colon = id.firstIndex(of: ":") else { return ("", id) }
        return (String(id[..<colon]), String(id[id.index(after: colon)...]))
    }

    /// Whether `id` names a Python environment (by its scheme).
    static func isPythonID(_ id: String) -> Bool { schemes.contains(split(id).scheme) }

    /// The episode limit: `max_episode_steps` when given, else the environment's own.
    /// - Throws: `.invalidArgument` when there is neither: skill discovery, evaluation and
    ///   the checker need episodes that end.
    func episodeLimit(reported: Int?) throws -> Int {
        guard let limit = maxEpisodeSteps ?? reported, limit > 0 else {
            throw EnvironmentError(
                .invalidArgument,
                "\(id) has no episode limit (its spec.max_episode_steps is None); set environment_arguments.max_episode_steps (--set environment_arguments.max_episode_steps=200)",
                context: ["environment": id, "argument": "max_episode_steps"])
        }
        return limit
    }

    func start() throws -> PythonWorker {
        try PythonWorker(id: id, target: target, arguments: argumentsJSON, interpreter: interpreter)
    }

    /// What identifies interchangeable workers: the interpreter, the id and the arguments.
    var poolKey: String { [interpreter, target, argumentsJSON].joined(separator: "\n") }

    /// An idle worker of the same environment, else a new one, with the environment's
    /// description.
    func lease() throws -> PythonWorkerLease {
        if let (worker, description) = PythonWorkerPool.shared.take(poolKey) {
            return PythonWorkerLease(worker: worker, description: description, key: poolKey)
        }
        let worker = try start()
        let description = try worker.readReply(what: "making the environment").document
        return PythonWorkerLease(worker: worker, description: description, key: poolKey)
    }

    /// ``lease()`` for an environment that must be single-agent (Gymnasium) or multi-agent
    /// (PettingZoo) as `multiAgent` says.
    /// - Throws: `.incompatibleEnvironment` for the other kind, and what starting throws.
    func lease(multiAgent: Bool) throws -> PythonWorkerLease {
        let lease = try lease()
        guard (lease.description["kind"]?.stringValue == "multi_agent") == multiAgent else {
            throw EnvironmentError(
                .incompatibleEnvironment,
                multiAgent
                    ? "\(id) is a single-agent (Gymnasium) environment; train it with a single-agent algorithm"
                    : "\(id) is a multi-agent (PettingZoo) environment; train it with a multi-agent algorithm (--algo masd)",
                context: ["environment": id])
        }
        return lease
    }

    /// The active virtual environment's Python, else `python3` on `PATH`.
    static func defaultInterpreter(environment id: String) throws -> String {
        let variables = ProcessInfo.processInfo.environment
        if let venv = variables["VIRTUAL_ENV"], !venv.isEmpty, FileManager.default.isExecutableFile(atPath: venv + "/bin/python") {
            return venv + "/bin/python"
        }
        return try resolve("python3", environment: id)
    }

    /// `name` itself when it holds a slash, else the first `PATH` entry that has it.
    static func resolve(_ name: String, environment id: String) throws -> String {
        if name.contains("/") {
            guard FileManager.default.isExecutableFile(atPath: name) else {
                throw EnvironmentError(.pythonUnavailable, "\(id): the Python interpreter \(name) does not exist or is not executable", context: ["environment": id, "python": name])
            }
            return name
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)") {
            return "\(directory)/\(name)"
        }
        throw EnvironmentError(
            .pythonUnavailable,
            "\(id): no \(name) on PATH; activate the virtual environment that has Gymnasium, or set environment_arguments.python to an interpreter",
            context: ["environment": id, "python": name])
    }

    /// A space from the worker's description (`{"kind": "box", "shape", "low", "high"}` or
    /// `{"kind": "discrete", "n", "start"}`).
    static func space(_ json: JSONValue?, environment id: String) throws -> Space {
        func bound(_ value: JSONValue) -> Float {
            if let number = value.doubleValue { return Float(number) }
            switch value.stringValue {
            case "inf": return .infinity
            case "-inf": return -.infinity
            default: return .nan
            }
        }
        do {
            switch json?["kind"]?.stringValue {
            case "box":
                let low = (json?["low"]?.arrayValue ?? []).map(bound)
                let high = (json?["high"]?.arrayValue ?? []).map(bound)
                return .box(try Box(low: low, high: high))
            case "discrete":
                return .discrete(try Discrete(json?["n"]?.intValue ?? 0, start: json?["start"]?.intValue ?? 0))
            default:
                throw EnvironmentError(.unsupportedSpace, "\(id): the worker described a space Empower does not know: \(json?.rendered() ?? "none")", context: ["environment": id])
            }
        } catch let error as SpaceError {
            throw EnvironmentError(.unsupportedSpace, "\(id): the environment's space cannot be used: \(error)", context: ["environment": id])
        }
    }

    /// An info from the worker's flat object of numbers and booleans.
    static func info(_ json: JSONValue?) -> Info {
        var info = Info()
        for member in json?.objectMembers ?? [] {
            switch member.value {
            case let .bool(value): info.bools[member.key] = value
            case let .int(value): info.ints[member.key] = value
            case let .number(value): info.floats[member.key] = Float(value)
            default: break
            }
        }
        return info
    }
}
