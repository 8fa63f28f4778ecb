/// The checked, converted values of one invocation, handed to ``Command/run(_:io:)``.
///
/// Options not given on the command line hold their declared default, so an option with a
/// default never reads back as `nil`. Values were already checked against their ``ValueType``:
/// `int("threads")` of an option declared `.int(in: 1...64)` is within 1...64.
///
/// ```swift
/// // empower bench nn --json --threads=4 --set a=1 --set b=2
/// arguments.flag("json")          // true
/// arguments.int("threads")        // 4
/// arguments.keyValues("set")      // [("a", "1"), ("b", "2")]
/// ```
///
/// Reading a name the command did not declare, or reading it as the wrong type, is a
/// programmer error and stops the program with a message naming the option.
public struct ParsedArguments: Sendable {
    /// The words that selected the command, root first: `["empower", "bench", "nn"]`.
    public let commandPath: [String]
    let options: [String: OptionSpec]
    let values: [String: [ParsedValue]]
    let explicitlyGiven: Set<String>
    let positionalSpecs: [ArgumentSpec]
    let positionalValues: [String: [String]]

    /// The command's full name: `"empower bench nn"`.
    public var commandName: String { commandPath.joined(separator: " ") }

    /// Whether the flag `--name` was given.
    public func flag(_ name: String) -> Bool {
        let spec = option(name)
        precondition(spec.isFlag, "'\(name)' of '\(commandName)' is not a flag; read it with its value type")
        return explicitlyGiven.contains(name)
    }

    /// Whether the option was written on the command line (as opposed to holding its default).
    public func wasGiven(_ name: String) -> Bool {
        _ = option(name)
        return explicitlyGiven.contains(name)
    }

    /// The value of an `.int` option, or `nil` when it was not given and has no default.
    public func int(_ name: String) -> Int? {
        single(name).map { value in
            guard case let .int(number) = value else { wrongType(name, "int") }
            return number
        }
    }

    /// The value of a `.uint64` option, or `nil` when it was not given and has no default.
    public func uint64(_ name: String) -> UInt64? {
        single(name).map { value in
            guard case let .uint64(number) = value else { wrongType(name, "uint64") }
            return number
        }
    }

    /// The value of a `.double` option, or `nil` when it was not given and has no default.
    public func double(_ name: String) -> Double? {
        single(name).map { value in
            guard case let .double(number) = value else { wrongType(name, "double") }
            return number
        }
    }

    /// The value of a `.string`, `.choice` or `.path` option, or `nil` when it was not given and
    /// has no default.
    public func string(_ name: String) -> String? {
        single(name).map { value in
            guard case let .string(text) = value else { wrongType(name, "string") }
            return text
        }
    }

    /// The value of a `.choice(of: E.self)` option as the enum, or `nil` when it was not given
    /// and has no default.
    public func choice<E: RawRepresentable<String>>(_ name: String, as type: E.Type) -> E? {
        string(name).map { text in
            guard let value = E(rawValue: text) else {
                preconditionFailure("'\(name)' of '\(commandName)' holds '\(text)', which is not a \(E.self); declare it with .choice(of: \(E.self).self)")
            }
            return value
        }
    }

    /// Every value of an option as the text it was parsed from (numbers re-rendered), in the
    /// order given. For a repeatable option this is each occurrence; for a single-value option,
    /// zero or one value.
    public func strings(_ name: String) -> [String] {
        _ = option(name)
        return (values[name] ?? []).map(Self.text)
    }

    /// Every `KEY=VALUE` of a `.keyValue` option, in the order given.
    public func keyValues(_ name: String) -> [(key: String, value: String)] {
        _ = option(name)
        return (values[name] ?? []).map { value in
            guard case let .keyValue(key, text) = value else { wrongType(name, "keyValue") }
            return (key, text)
        }
    }

    /// The value of a required or optional positional argument (`nil` when an optional one was
    /// left out). Values come back as the text the user gave, already checked against the
    /// argument's ``ValueType``.
    public func positional(_ name: String) -> String? {
        positionals(name).first
    }

    /// Every value of a positional argument, in order (several for a variadic one).
    public func positionals(_ name: String) -> [String] {
        precondition(
            positionalSpecs.contains { $0.name == name },
            "'\(commandName)' declares no positional argument '\(name)'")
        return positionalValues[name] ?? []
    }

    // MARK: Helpers

    private func option(_ name: String) -> OptionSpec {
        guard let spec = options[name] else {
            preconditionFailure("'\(commandName)' declares no option '\(name)'")
        }
        return spec
    }

    private func single(_ name: String) -> ParsedValue? {
        let spec = option(name)
        precondition(!spec.isFlag, "'\(name)' of '\(commandName)' is a flag; read it with flag(_:)")
        return values[name]?.last
    }

    private func wrongType(_ name: String, _ asked: String) -> Never {
        preconditionFailure("'\(name)' of '\(commandName)' was read as \(asked), which is not its declared type")
    }

    private static func text(_ value: ParsedValue) -> String {
        switch value {
        case let .int(number): "\(number)"
        case let .uint64(number): "\(number)"
        case let .double(number): "\(number)"
        case let .string(text): text
        case let .keyValue(key, text): "\(key)=\(text)"
        }
    }
}
