/// A registry of environments: id -> factory, with declared arguments.
///
/// EmpowerCore does not know any concrete environment. Each environment module exposes its
/// registrations (`ClassicEnvironments.register(in:)`, `NavigationEnvironments.register(in:)`,
/// ...), the umbrella module assembles the built-in catalog from them, and users add their own:
///
/// ```swift
/// var catalog = EnvironmentCatalog()
/// try NavigationEnvironments.register(in: &catalog)
/// try catalog.register("MyMaze-v0", summary: "My maze", parameters: [
///     EnvironmentParameter("size", .int, default: 8, summary: "cells per side"),
/// ]) { arguments in try MyMaze(size: arguments.int("size") ?? 8) }
///
/// var env = try catalog.make("PointMass-v0", arguments: ["goal": [0.5, 0.5]])
/// try catalog.make("PointMas-v0")   // unknown_environment: ... did you mean "PointMass-v0"?
/// ```
///
/// Before calling a factory, the catalog rejects unknown argument names (with a "did you mean")
/// and arguments of the wrong type, and fills in declared defaults.
public struct EnvironmentCatalog: Sendable {
    public typealias Factory = @Sendable (EnvironmentArguments) throws -> any Environment
    public typealias MultiAgentFactory = @Sendable (EnvironmentArguments) throws -> any MultiAgentEnvironment

    private struct Registration<Make: Sendable>: Sendable {
        let summary: String
        let parameters: [EnvironmentParameter]
        let make: Make
    }

    private var single: [String: Registration<Factory>] = [:]
    private var multiAgent: [String: Registration<MultiAgentFactory>] = [:]
    private var schemes: [String: EnvironmentScheme] = [:]

    /// An empty catalog.
    public init() {}

    /// Every registered id, single- and multi-agent, sorted.
    public var ids: [String] { (Array(single.keys) + Array(multiAgent.keys)).sorted() }
    /// The single-agent ids, sorted.
    public var singleAgentIDs: [String] { single.keys.sorted() }
    /// The multi-agent ids, sorted.
    public var multiAgentIDs: [String] { multiAgent.keys.sorted() }

    /// Registers a single-agent environment.
    /// - Throws: `.duplicateEnvironment` when `id` is already registered.
    public mutating func register(
        _ id: String, summary: String, parameters: [EnvironmentParameter] = [], make: @escaping Factory
    ) throws(EnvironmentError) {
        try checkNew(id)
        single[id] = Registration(summary: summary, parameters: parameters, make: make)
    }

    /// Registers a multi-agent environment.
    /// - Throws: `.duplicateEnvironment` when `id` is already registered.
    public mutating func registerMultiAgent(
        _ id: String, summary: String, parameters: [EnvironmentParameter] = [], make: @escaping MultiAgentFactory
    ) throws(EnvironmentError) {
        try checkNew(id)
        multiAgent[id] = Registration(summary: summary, parameters: parameters, make: make)
    }

    /// Builds a single-agent environment.
    /// - Throws: `.unknownEnvironment` (with a suggestion) for an unregistered id, or a
    ///   multi-agent id; `.invalidArgument` for unknown or mistyped arguments; what the factory throws.
    /// Adds a scheme: ids `<name>:<anything>` that are not registered themselves are made by
    /// `scheme` (the Python environments: `gymnasium:<id>`, `python:<module>:<factory>`).
    /// - Throws: `.duplicateEnvironment` when a scheme of that name exists.
    public mutating func registerScheme(_ scheme: EnvironmentScheme) throws(EnvironmentError) {
        guard schemes[scheme.name] == nil else {
            throw EnvironmentError(.duplicateEnvironment, "an environment scheme is already registered as \(scheme.name):", context: ["scheme": scheme.name])
        }
        schemes[scheme.name] = scheme
    }

    /// The registered schemes, by name.
    public var schemeNames: [String] { schemes.keys.sorted() }

    /// The scheme that makes `id`, when `id` is not registered and starts with `<scheme>:`.
    public func scheme(of id: String) -> EnvironmentScheme? {
        guard single[id] == nil, multiAgent[id] == nil, let colon = id.firstIndex(of: ":") else { return nil }
        return schemes[String(id[..<colon])]
    }

    /// Whether `id` is registered or belongs to a scheme.
    public func contains(_ id: String) -> Bool {
        single[id] != nil || multiAgent[id] != nil || scheme(of: id) != nil
    }

    /// Whether `id` is a multi-agent environment. For a scheme's id this may make the
    /// environment to find out (a Python factory can return either kind).
    /// - Throws: `.unknownEnvironment` for an id that is neither registered nor of a scheme;
    ///   what making the environment throws.
    public func isMultiAgent(_ id: String, arguments: EnvironmentArguments = [:]) throws -> Bool {
        if single[id] != nil { return false }
        if multiAgent[id] != nil { return true }
        guard let scheme = scheme(of: id) else { throw unknown(id) }
        return try scheme.isMultiAgent(id, arguments)
    }

    public func make(_ id: String, arguments: EnvironmentArguments = [:]) throws -> any Environment {
        if let scheme = scheme(of: id) { return try scheme.make(id, EnvironmentArguments(arguments.values, environment: id)) }
        guard let registration = single[id] else {
            if multiAgent[id] != nil {
                throw EnvironmentError(
                    .unknownEnvironment, "\(id) is a multi-agent environment; build it with makeMultiAgent(_:arguments:)",
                    context: ["id": id])
            }
            throw unknown(id)
        }
        return try registration.make(try resolved(arguments, id: id, parameters: registration.parameters))
    }

    /// Builds a multi-agent environment.
    /// - Throws: as ``make(_:arguments:)``.
    public func makeMultiAgent(_ id: String, arguments: EnvironmentArguments = [:]) throws -> any MultiAgentEnvironment {
        if let scheme = scheme(of: id) { return try scheme.makeMultiAgent(id, EnvironmentArguments(arguments.values, environment: id)) }
        guard let registration = multiAgent[id] else {
            if single[id] != nil {
                throw EnvironmentError(
                    .unknownEnvironment, "\(id) is a single-agent environment; build it with make(_:arguments:)",
                    context: ["id": id])
            }
            throw unknown(id)
        }
        return try registration.make(try resolved(arguments, id: id, parameters: registration.parameters))
    }

    /// The declared parameters of an environment.
    /// - Throws: `.unknownEnvironment` for an unregistered id.
    public func parameters(of id: String) throws(EnvironmentError) -> [EnvironmentParameter] {
        if let registration = single[id] { return registration.parameters }
        if let registration = multiAgent[id] { return registration.parameters }
        if scheme(of: id) != nil { return [] }
        throw unknown(id)
    }

    /// One listing entry per id (spec, spaces, episode limit, parameters), built from an
    /// instance with default arguments. Cost: creating every environment once.
    public func entries() throws -> [CatalogEntry] {
        try ids.map { id throws -> CatalogEntry in
            if single[id] != nil {
                let env = try make(id)
                return CatalogEntry(
                    spec: env.spec, spaces: .single(observation: env.observationSpace, action: env.actionSpace),
                    parameters: try parameters(of: id))
            }
            let env = try makeMultiAgent(id)
            return CatalogEntry(
                spec: env.spec,
                spaces: .multiAgent(agents: env.possibleAgents, observations: env.observationSpaces, actions: env.actionSpaces, state: env.stateSpace),
                parameters: try parameters(of: id))
        }
    }

    private func checkNew(_ id: String) throws(EnvironmentError) {
        guard single[id] == nil, multiAgent[id] == nil else {
            throw EnvironmentError(
                .duplicateEnvironment, "an environment is already registered as \(id); bump the version (Name-vN) or pick another id",
                context: ["id": id])
        }
    }

    private func unknown(_ id: String) -> EnvironmentError {
        let schemeHint = schemes.isEmpty ? "" : " Other ids: \(schemes.values.sorted { $0.name < $1.name }.map(\.form).joined(separator: ", "))."
        let hint = (closestMatch(to: id, in: ids).map { " Did you mean \"\($0)\"?" } ?? " Registered: \(ids.joined(separator: ", ")).") + schemeHint
        return EnvironmentError(.unknownEnvironment, "no environment is registered as \"\(id)\".\(hint)", context: ["id": id])
    }

    /// Rejects unknown or mistyped arguments and fills in defaults.
    private func resolved(_ arguments: EnvironmentArguments, id: String, parameters: [EnvironmentParameter]) throws(EnvironmentError) -> EnvironmentArguments {
        var result = EnvironmentArguments(arguments.values, environment: id)
        let names = parameters.map(\.name)
        for (name, value) in arguments.values.sorted(by: { $0.key < $1.key }) {
            guard let parameter = parameters.first(where: { $0.name == name }) else {
                let hint = closestMatch(to: name, in: names).map { " Did you mean \"\($0)\"?" }
                    ?? (names.isEmpty ? " It takes no arguments." : " Arguments: \(names.joined(separator: ", ")).")
                throw EnvironmentError(
                    .invalidArgument, "\(id) has no argument \"\(name)\".\(hint)",
                    context: ["environment": id, "argument": name])
            }
            guard value.isCompatible(with: parameter.kind) else {
                throw EnvironmentError(
                    .invalidArgument, "\(id): argument \"\(name)\" must be \(parameter.kind.rawValue), got \(value.kind.rawValue) \(value)",
                    context: ["environment": id, "argument": name, "expected": parameter.kind.rawValue, "value": "\(value)"])
            }
        }
        for parameter in parameters where result.values[parameter.name] == nil {
            if let defaultValue = parameter.defaultValue { result.values[parameter.name] = defaultValue }
        }
        return result
    }
}

/// Environments made from ids of a form rather than registered one by one: `<name>:<rest>`.
public struct EnvironmentScheme: Sendable {
    public typealias Make = @Sendable (_ id: String, _ arguments: EnvironmentArguments) throws -> any Environment
    public typealias MakeMultiAgent = @Sendable (_ id: String, _ arguments: EnvironmentArguments) throws -> any MultiAgentEnvironment
    public typealias IsMultiAgent = @Sendable (_ id: String, _ arguments: EnvironmentArguments) throws -> Bool

    /// The part before the colon (`gymnasium`).
    public let name: String
    /// How the ids look, for messages (`gymnasium:<registered id>`).
    public let form: String
    public let summary: String
    public let make: Make
    public let makeMultiAgent: MakeMultiAgent
    public let isMultiAgent: IsMultiAgent

    public init(name: String, form: String, summary: String, make: @escaping Make, makeMultiAgent: @escaping MakeMultiAgent, isMultiAgent: @escaping IsMultiAgent) {
        self.name = name
        self.form = form
        self.summary = summary
        self.make = make
        self.makeMultiAgent = makeMultiAgent
        self.isMultiAgent = isMultiAgent
    }
}
