/// One option a command declares: a flag (`--json`), an option with a value (`--threads N`,
/// also written `--threads=N`), or a repeatable option (`--set KEY=VALUE`, given any number of
/// times).
///
/// ```swift
/// static let options: [OptionSpec] = [
///     .flag("json", help: "Print the results as JSON."),
///     .option("threads", short: "t", .int(in: 1...64), default: 1, help: "BLAS threads."),
///     .option("algorithm", .choice(of: Algorithm.self), default: "sac", help: "The learner."),
///     .repeatable("set", .keyValue, help: "Override one configuration field."),
/// ]
/// ```
///
/// Names are given without dashes. A value that starts with `-` (other than a number such as
/// `-1`) must be attached with `=`: `--name=-x`.
public struct OptionSpec: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case flag
        case single(ValueType, default: String?)
        case repeatable(ValueType)
    }

    /// The long name, without dashes (`"threads"` for `--threads`).
    public let name: String
    /// The one-letter alias, if any (`"t"` for `-t`).
    public let short: Character?
    /// What the option does, one sentence for help.
    public let help: String
    let kind: Kind
    /// The placeholder help shows (`N` in `--threads N`).
    let valueName: String

    /// A switch that is off unless given: `--json`.
    public static func flag(_ name: String, short: Character? = nil, help: String) -> OptionSpec {
        OptionSpec(name: name, short: short, help: help, kind: .flag, valueName: "")
    }

    /// An option that takes one value, given at most once. Without a default, reading it back
    /// gives `nil` when it was not given. The default is written as the user would type it and is
    /// checked against `type` (help shows it as `default: 1`).
    public static func option(
        _ name: String, short: Character? = nil, _ type: ValueType = .string,
        valueName: String? = nil, default defaultValue: OptionDefault? = nil, help: String
    ) -> OptionSpec {
        OptionSpec(
            name: name, short: short, help: help, kind: .single(type, default: defaultValue?.text),
            valueName: valueName ?? type.defaultValueName)
    }

    /// An option that may be given any number of times; every value is kept, in order.
    public static func repeatable(
        _ name: String, short: Character? = nil, _ type: ValueType = .string,
        valueName: String? = nil, help: String
    ) -> OptionSpec {
        OptionSpec(
            name: name, short: short, help: help, kind: .repeatable(type),
            valueName: valueName ?? type.defaultValueName)
    }

    var isFlag: Bool {
        if case .flag = kind { return true }
        return false
    }

    var valueType: ValueType? {
        switch kind {
        case .flag: nil
        case let .single(type, _), let .repeatable(type): type
        }
    }

    /// `--threads`, as the user types it.
    var displayName: String { "--\(name)" }
}
