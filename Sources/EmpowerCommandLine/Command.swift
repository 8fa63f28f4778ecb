/// What every command of the `empower` executable declares about itself: its name, what it does,
/// which options and positional arguments it takes, and examples. Help text, parsing and error
/// messages are all derived from these declarations.
///
/// A command is one small type. A leaf command conforms to ``Command`` (it runs); a group such as
/// `bench` conforms to ``CommandGroup`` (it selects a subcommand). Nothing is instantiated: every
/// member is static.
///
/// ```swift
/// enum BenchNN: Command {
///     static let name = "nn"
///     static let summary = "Measure the numeric core: sgemm peak, MLP training step, policy forward."
///     static let options: [OptionSpec] = [
///         .flag("json", help: "Print the results as JSON."),
///         .option("threads", short: "t", .int(in: 1...64), default: 1, help: "BLAS threads."),
///     ]
///     static func run(_ arguments: ParsedArguments, io: CommandIO) throws -> ExitCode {
///         let threads = arguments.int("threads") ?? 1
///         ...
///         return .success
///     }
/// }
/// ```
public protocol CommandDefinition: Sendable {
    /// The word that selects the command on the command line (`"nn"` in `empower bench nn`).
    static var name: String { get }
    /// One line, shown in the parent's list of subcommands and at the top of the help.
    static var summary: String { get }
    /// Optional longer text for the help, after the usage line. Default: empty.
    static var discussion: String { get }
    /// The options (`--json`, `--threads N`, ...) in the order help lists them. Default: none.
    /// `--help` / `-h` are added by the framework and must not be declared.
    static var options: [OptionSpec] { get }
    /// The positional arguments, in order. Default: none. Groups take none.
    static var arguments: [ArgumentSpec] { get }
    /// Command lines a user can paste, each with what it does. Default: none.
    static var examples: [CommandExample] { get }
}

extension CommandDefinition {
    public static var discussion: String { "" }
    public static var options: [OptionSpec] { [] }
    public static var arguments: [ArgumentSpec] { [] }
    public static var examples: [CommandExample] { [] }
}

/// A command that does work: the parsed, validated arguments come in, an exit status goes out.
///
/// Write ordinary output through `io` (never `print`), so tests can capture it and `--json`
/// modes stay clean. Throw ``CommandLineError`` for a usage problem only the command can detect
/// (exit status 2, with a hint to run `--help`); throw any other error for a runtime failure
/// (exit status 1, the error printed to standard error).
public protocol Command: CommandDefinition {
    static func run(_ arguments: ParsedArguments, io: CommandIO) throws -> ExitCode
}

/// A command that only groups subcommands, like `bench` (`empower bench nn`).
///
/// Adding a subcommand is one line: append its type to ``subcommands``.
///
/// Invoked without a subcommand, a group prints its help to standard error and exits with
/// status 2 (a usage error: something was missing). A type that conforms to both
/// ``CommandGroup`` and ``Command`` runs its own ``Command/run(_:io:)`` instead; it may accept
/// options (never positional arguments), and it can throw
/// ``CommandLineError/missingSubcommand(_:)`` to get the default behaviour.
public protocol CommandGroup: CommandDefinition {
    /// The subcommands, in the order help lists them.
    static var subcommands: [any CommandDefinition.Type] { get }
}
