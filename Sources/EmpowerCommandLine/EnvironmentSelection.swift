import EmpowerCore
import EmpowerEnvironments

/// How the environment commands (`envs check`, `render`) turn an id and `--set key=value`
/// words into an environment from the built-in catalog, with usage errors (status 2) that say
/// what to type instead.
enum EnvironmentSelection {
    /// An environment built from the catalog: single- or multi-agent.
    enum Built {
        case single(any Environment)
        case multiAgent(any MultiAgentEnvironment)
    }

    /// Builds `id` with the given `--set` overrides.
    /// - Throws: ``CommandLineError`` `.invalidValue` for an unknown id (with "did you mean"), an
    ///   unknown argument name, a value that does not parse as the argument's type, or one the
    ///   environment rejects; other errors of the environment as they are.
    static func make(
        _ id: String, settings: [(key: String, value: String)], catalog: EnvironmentCatalog,
        command: String
    ) throws -> Built {
        try requireKnown(id, in: catalog, command: command)
        let arguments = try parseArguments(settings, for: id, in: catalog, command: command)
        do {
            if try catalog.isMultiAgent(id, arguments: arguments) { return .multiAgent(try catalog.makeMultiAgent(id, arguments: arguments)) }
            return .single(try catalog.make(id, arguments: arguments))
        } catch let error as EnvironmentError where error.code == .invalidArgument {
            throw CommandLineError(.invalidValue, "--set: \(error.message)", context: ["command": command, "option": "--set", "value": id])
        }
    }

    /// - Throws: ``CommandLineError`` `.invalidValue` naming the closest registered id.
    static func requireKnown(_ id: String, in catalog: EnvironmentCatalog, command: String) throws(CommandLineError) {
        guard !catalog.contains(id) else { return }
        let hint = closestMatch(to: id, in: catalog.ids).map { "; did you mean '\($0)'?" }
            ?? "; run 'empower envs list' to see the \(catalog.ids.count) environments"
        throw CommandLineError(.invalidValue, "unknown environment '\(id)'\(hint)", context: ["command": command, "value": id])
    }

    /// Converts `key=value` words to typed arguments using the environment's declared parameters:
    /// ints, floats, `true`/`false`, text, and comma-separated floats (`goal=0.5,-0.5`).
    static func parseArguments(
        _ settings: [(key: String, value: String)], for id: String, in catalog: EnvironmentCatalog, command: String
    ) throws -> EnvironmentArguments {
        let parameters = try catalog.parameters(of: id)
        var arguments = EnvironmentArguments([:], environment: id)
        if catalog.scheme(of: id) != nil {  // Python environments declare no parameters: the text decides
            for (key, text) in settings { arguments[key] = inferred(text) }
            return arguments
        }
        for (key, text) in settings {
            guard let parameter = parameters.first(where: { $0.name == key }) else {
                let names = parameters.map(\.name)
                let hint = closestMatch(to: key, in: names).map { "; did you mean '\($0)'?" }
                    ?? (names.isEmpty ? "; it takes no arguments" : "; its arguments are \(names.joined(separator: ", "))")
                throw CommandLineError(
                    .invalidValue, "--set: \(id) has no argument '\(key)'\(hint)",
                    context: ["command": command, "option": "--set", "value": key])
            }
            guard let value = parse(text, as: parameter.kind) else {
                throw CommandLineError(
                    .invalidValue, "--set \(key) must be \(describe(parameter.kind)), got '\(text)'",
                    context: ["command": command, "option": "--set", "value": text])
            }
            arguments[key] = value
        }
        return arguments
    }

    /// An integer, a float, `true`/`false`, comma-separated floats, or else the text itself.
    static func inferred(_ text: String) -> EnvironmentArgument {
        for kind in [EnvironmentArgument.Kind.int, .float] {
            if let value = parse(text, as: kind) { return value }
        }
        if ["true", "false"].contains(text.lowercased()) { return .bool(text.lowercased() == "true") }
        if text.contains(","), let values = parse(text, as: .floats) { return values }
        return .string(text)
    }

    static func parse(_ text: String, as kind: EnvironmentArgument.Kind) -> EnvironmentArgument? {
        switch kind {
        case .int: return Int(text).map { .int($0) }
        case .float: return Float(text).flatMap { $0.isFinite ? .float($0) : nil }
        case .bool:
            switch text.lowercased() {
            case "true", "1", "yes": return .bool(true)
            case "false", "0", "no": return .bool(false)
            default: return nil
            }
        case .string: return .string(text)
        case .floats:
            let values = text.split(separator: ",", omittingEmptySubsequences: false).map { Float(String($0)) }
            guard !values.isEmpty, values.allSatisfy({ $0?.isFinite == true }) else { return nil }
            return .floats(values.compactMap { $0 })
        }
    }

    static func describe(_ kind: EnvironmentArgument.Kind) -> String {
        switch kind {
        case .int: "an integer"
        case .float: "a finite number"
        case .bool: "true or false"
        case .string: "text"
        case .floats: "comma-separated numbers (e.g. 0.5,-0.5)"
        }
    }

    /// `Box[2]`-style short form of a space for tables.
    static func shortDescription(_ space: Space) -> String {
        if case .box = space { return "Box\(space.shape)" }
        return space.description
    }
}
