import EmpowerBase

/// A mistake on the command line. The `empower` executable prints ``message`` to standard error
/// with a hint to run `--help`, and exits with status 2 (``ExitCode/usage``).
///
/// Messages name the command, the offending word, what is allowed and, when something valid is
/// close, a suggestion:
///
/// ```text
/// unknown option '--thread' for 'empower bench nn'; did you mean '--threads'?
/// --threads must be an integer from 1 to 64, got 'x'
/// ```
///
/// `context["command"]` always holds the full command name (`"empower bench nn"`).
public typealias CommandLineError = CodedError<CommandLineErrorCode>

/// The codes of ``CommandLineError``.
public enum CommandLineErrorCode: String, Sendable {
    /// A word in subcommand position that names no subcommand.
    case unknownCommand = "unknown_command"
    /// `--name` or `-x` that the command does not declare.
    case unknownOption = "unknown_option"
    /// An option that takes a value was given none.
    case missingValue = "missing_value"
    /// A value (of an option or a positional argument) that its type rejects.
    case invalidValue = "invalid_value"
    /// A required positional argument was not given.
    case missingArgument = "missing_argument"
    /// A positional word the command has no place for, or an option given twice.
    case unexpectedArgument = "unexpected_argument"
    /// A group was invoked without a subcommand (the runner prints the group's help).
    case missingSubcommand = "missing_subcommand"
    /// A command that runs in one process, started by an MPI launcher with several ranks.
    case notParallel = "not_parallel"
    /// A command that needs several MPI ranks, started without them.
    case needsRanks = "needs_ranks"
}

extension CommandLineError {
    /// The full name of the command the error is about (`"empower bench nn"`), if known.
    public var commandName: String? { context["command"] }

    /// The error a group that also runs (see ``CommandGroup``) throws when it has nothing to do
    /// without a subcommand: the runner then prints the group's help to standard error.
    public static func missingSubcommand(_ arguments: ParsedArguments) -> CommandLineError {
        missingSubcommand(commandName: arguments.commandName)
    }

    // MARK: Constructors used by the parser (one per situation, so messages stay uniform)

    static func missingSubcommand(commandName: String) -> CommandLineError {
        CommandLineError(
            .missingSubcommand, "'\(commandName)' needs a subcommand",
            context: ["command": commandName])
    }

    static func unknownCommand(_ word: String, in commandName: String, candidates: [String]) -> CommandLineError {
        var message = "unknown command '\(word)' for '\(commandName)'"
        if let match = closestMatch(to: word, in: candidates) {
            message += "; did you mean '\(match)'?"
        } else if !candidates.isEmpty {
            message += "; available: \(candidates.joined(separator: ", "))"
        }
        return CommandLineError(.unknownCommand, message, context: ["command": commandName, "value": word])
    }

    static func unknownOption(_ word: String, in commandName: String, suggestion: String?) -> CommandLineError {
        var message = "unknown option '\(word)' for '\(commandName)'"
        if let suggestion { message += "; did you mean '\(suggestion)'?" }
        return CommandLineError(.unknownOption, message, context: ["command": commandName, "option": word])
    }

    static func missingValue(_ option: OptionSpec, in commandName: String) -> CommandLineError {
        let allowed = option.valueType.map { " (\($0.allowed))" } ?? ""
        return CommandLineError(
            .missingValue,
            "\(option.displayName) needs a value \(option.valueName)\(allowed); write '\(option.displayName) VALUE' or '\(option.displayName)=VALUE'",
            context: ["command": commandName, "option": option.displayName])
    }

    static func invalidValue(
        _ subject: String, _ value: String, _ problem: ValueProblem, in commandName: String
    ) -> CommandLineError {
        CommandLineError(
            .invalidValue, "\(subject) must be \(problem.text)",
            context: ["command": commandName, "option": subject, "value": value])
    }

    static func flagWithValue(_ option: OptionSpec, _ value: String, in commandName: String) -> CommandLineError {
        CommandLineError(
            .invalidValue, "\(option.displayName) is a flag and takes no value, got '\(value)'; write just '\(option.displayName)'",
            context: ["command": commandName, "option": option.displayName, "value": value])
    }

    static func repeatedOption(_ option: OptionSpec, in commandName: String) -> CommandLineError {
        CommandLineError(
            .unexpectedArgument, "\(option.displayName) was given more than once for '\(commandName)'; give it once",
            context: ["command": commandName, "option": option.displayName])
    }

    static func missingArgument(_ argument: ArgumentSpec, in commandName: String) -> CommandLineError {
        let what: String
        if case let .variadic(minimum) = argument.arity, minimum > 1 {
            what = "at least \(minimum) \(argument.name) arguments"
        } else {
            what = "a \(argument.name) argument"
        }
        return CommandLineError(
            .missingArgument, "'\(commandName)' needs \(what): \(argument.help)",
            context: ["command": commandName, "argument": argument.name])
    }

    static func unexpectedArgument(_ word: String, in commandName: String, accepted: [ArgumentSpec]) -> CommandLineError {
        let takes = accepted.isEmpty
            ? "it takes no positional arguments"
            : "it takes \(accepted.map(\.usage).joined(separator: " "))"
        return CommandLineError(
            .unexpectedArgument, "unexpected argument '\(word)' for '\(commandName)'; \(takes)",
            context: ["command": commandName, "value": word])
    }
}
