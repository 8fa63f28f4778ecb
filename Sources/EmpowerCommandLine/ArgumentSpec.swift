/// One positional argument a command declares: required (`envs check ID`), optional
/// (`render RUN [SKILL]`) or variadic (`compare RUN_DIR...`).
///
/// ```swift
/// static let arguments: [ArgumentSpec] = [
///     .variadic("RUN_DIR", .path(mustExist: true), minimum: 1, help: "Run directories to compare."),
/// ]
/// ```
///
/// Order rules (checked by ``CommandRunner/definitionProblems()``): required arguments come
/// before optional ones, and a variadic argument, if any, is the last.
public struct ArgumentSpec: Sendable, Hashable {
    enum Arity: Sendable, Hashable {
        case required
        case optional
        case variadic(minimum: Int)
    }

    /// The placeholder shown in usage and help, conventionally upper case (`RUN_DIR`).
    public let name: String
    /// What the argument is, one sentence for help.
    public let help: String
    let type: ValueType
    let arity: Arity

    /// An argument that must be given.
    public static func required(_ name: String, _ type: ValueType = .string, help: String) -> ArgumentSpec {
        ArgumentSpec(name: name, help: help, type: type, arity: .required)
    }

    /// An argument that may be left out.
    public static func optional(_ name: String, _ type: ValueType = .string, help: String) -> ArgumentSpec {
        ArgumentSpec(name: name, help: help, type: type, arity: .optional)
    }

    /// Any number (at least `minimum`) of values; takes every remaining positional word.
    public static func variadic(
        _ name: String, _ type: ValueType = .string, minimum: Int = 0, help: String
    ) -> ArgumentSpec {
        ArgumentSpec(name: name, help: help, type: type, arity: .variadic(minimum: max(0, minimum)))
    }

    /// How usage shows it: `ID`, `[SKILL]`, `RUN_DIR...`, `[RUN_DIR...]`.
    var usage: String {
        switch arity {
        case .required: name
        case .optional: "[\(name)]"
        case let .variadic(minimum): minimum > 0 ? "\(name)..." : "[\(name)...]"
        }
    }
}
