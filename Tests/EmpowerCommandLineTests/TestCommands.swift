import EmpowerCommandLine

/// A small command tree shaped like the real one (a root, a `bench` group, leaves with every
/// kind of option and argument), used to exercise the framework without the real commands.
enum ToolRoot: CommandGroup {
    static let name = "tool"
    static let summary = "A test tool."
    static let subcommands: [any CommandDefinition.Type] = [
        BenchGroup.self, CompareCommand.self, RenderCommand.self, FailCommand.self,
    ]
}

enum BenchGroup: CommandGroup {
    static let name = "bench"
    static let summary = "Measure things."
    static let subcommands: [any CommandDefinition.Type] = [BenchNNCommand.self, BenchEnvsCommand.self]
}

enum Algorithm: String, CaseIterable {
    case sac, ppo
}

enum BenchNNCommand: Command {
    static let name = "nn"
    static let summary = "Measure the numeric core."
    static let discussion = "Figures depend on the build: use a release build."
    static let options: [OptionSpec] = [
        .flag("json", help: "Print JSON."),
        .option("threads", short: "t", .int(in: 1...64), default: 1, help: "BLAS threads."),
        .option("seed", .uint64, help: "Master seed."),
        .option("rate", .double(in: 0...1), default: 0.5, help: "A fraction."),
        .option("offset", .double, default: 0, help: "Any number."),
        .option("algorithm", .choice(of: Algorithm.self), default: "sac", help: "The learner."),
        .option("label", help: "Free text."),
        .option("output", short: "o", .path(), valueName: "DIR", help: "Where to write."),
        .repeatable("set", .keyValue, help: "Override a field."),
        .repeatable("tag", help: "A tag."),
    ]
    static let examples: [CommandExample] = [
        CommandExample("tool bench nn --threads 2", "Two threads."),
    ]

    /// Prints what it parsed, one `name=value` per line, so runner tests can see it.
    static func run(_ arguments: ParsedArguments, io: CommandIO) throws -> ExitCode {
        io.print("threads=\(arguments.int("threads") ?? -1) json=\(arguments.flag("json"))")
        return .success
    }
}

enum BenchEnvsCommand: Command {
    static let name = "envs"
    static let summary = "Measure environment steps."
    static func run(_ arguments: ParsedArguments, io: CommandIO) throws -> ExitCode {
        io.print("envs")
        return ExitCode(rawValue: 3)
    }
}

enum CompareCommand: Command {
    static let name = "compare"
    static let summary = "Put runs side by side."
    static let arguments: [ArgumentSpec] = [
        .variadic("RUN_DIR", .path(), minimum: 1, help: "Run directories."),
    ]
    static let options: [OptionSpec] = [.flag("json", help: "Print JSON.")]
    static func run(_ arguments: ParsedArguments, io: CommandIO) throws -> ExitCode {
        io.print(arguments.positionals("RUN_DIR").joined(separator: ","))
        return .success
    }
}

enum RenderCommand: Command {
    static let name = "render"
    static let summary = "Render a run."
    static let arguments: [ArgumentSpec] = [
        .required("RUN", help: "The run."),
        .optional("SKILL", .int(in: 0...99), help: "One skill."),
    ]
    static func run(_ arguments: ParsedArguments, io: CommandIO) throws -> ExitCode {
        guard arguments.positional("RUN") != "bad" else {
            throw CommandLineError(.invalidValue, "RUN 'bad' is not a run", context: ["command": arguments.commandName])
        }
        return .success
    }
}

struct DiskFull: Error, CustomStringConvertible {
    var description: String { "the disk is full" }
}

enum FailCommand: Command {
    static let name = "fail"
    static let summary = "Fail at runtime."
    static func run(_ arguments: ParsedArguments, io: CommandIO) throws -> ExitCode {
        io.print("partial")
        throw DiskFull()
    }
}
