/// The named arguments passed to a catalog factory, with typed accessors.
///
/// Accessors return `nil` for an absent argument and throw `.invalidArgument` for one of the
/// wrong type; the catalog has already rejected unknown names and filled in declared defaults
/// before a factory sees them.
///
/// ```swift
/// let steps = try arguments.int("maxEpisodeSteps") ?? 100
/// let goal = try arguments.floats("goal")            // [Float]? : nil when not given
/// ```
public struct EnvironmentArguments: Hashable, Codable, Sendable, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    public var values: [String: EnvironmentArgument]
    /// The environment the arguments are for, used in error messages.
    public var environment: String

    public init(_ values: [String: EnvironmentArgument] = [:], environment: String = "") {
        self.values = values
        self.environment = environment
    }

    public init(dictionaryLiteral elements: (String, EnvironmentArgument)...) {
        self.init(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }

    public subscript(name: String) -> EnvironmentArgument? {
        get { values[name] }
        set { values[name] = newValue }
    }

    public func int(_ name: String) throws(EnvironmentError) -> Int? {
        guard let value = values[name] else { return nil }
        guard case .int(let x) = value else { throw mismatch(name, value, .int) }
        return x
    }

    /// A float; an int argument is converted.
    public func float(_ name: String) throws(EnvironmentError) -> Float? {
        switch values[name] {
        case nil: return nil
        case .float(let x): return x
        case .int(let x): return Float(x)
        case let value?: throw mismatch(name, value, .float)
        }
    }

    public func bool(_ name: String) throws(EnvironmentError) -> Bool? {
        guard let value = values[name] else { return nil }
        guard case .bool(let x) = value else { throw mismatch(name, value, .bool) }
        return x
    }

    public func string(_ name: String) throws(EnvironmentError) -> String? {
        guard let value = values[name] else { return nil }
        guard case .string(let x) = value else { throw mismatch(name, value, .string) }
        return x
    }

    public func floats(_ name: String) throws(EnvironmentError) -> [Float]? {
        guard let value = values[name] else { return nil }
        guard case .floats(let x) = value else { throw mismatch(name, value, .floats) }
        return x
    }

    private func mismatch(_ name: String, _ value: EnvironmentArgument, _ expected: EnvironmentArgument.Kind) -> EnvironmentError {
        EnvironmentError(
            .invalidArgument, "\(environment): argument \"\(name)\" must be \(expected.rawValue), got \(value.kind.rawValue) \(value)",
            context: ["environment": environment, "argument": name, "expected": expected.rawValue, "value": "\(value)"])
    }

    public var description: String {
        values.isEmpty ? "[:]" : "[" + values.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "]"
    }
}
