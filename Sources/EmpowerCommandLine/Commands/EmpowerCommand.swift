/// The root of the `empower` executable.
///
/// To add a command, write its type (see ``Command`` and ``CommandGroup``) and add it to
/// ``subcommands``, in the order help should list it.
public enum EmpowerCommand: CommandGroup, Command {
    public static let name = "empower"
    public static let summary =
        "Empower: unsupervised reinforcement-learning skill discovery (DIAYN, MASD, SLIM)."

    /// Every top-level command, in help order. One line per command.
    public static let subcommands: [any CommandDefinition.Type] = [
        EnvsCommand.self,
        RenderCommand.self,
        TrainCommand.self,
        ResumeCommand.self,
        EvaluateCommand.self,
        CompareCommand.self,
        PlanCommand.self,
        SweepCommand.self,
        ExperimentCommand.self,
        BenchCommand.self,
        VersionCommand.self,
    ]

    public static let options: [OptionSpec] = [
        .flag("version", help: "Print the version and exit."),
    ]

    public static let discussion = """
        Exit status: 0 on success, 1 when a command fails at its work, 2 when the command
        line is wrong (the message says what to change). Invoked without a command, empower
        prints this help to standard error and exits with status 2.
        """

    public static let examples: [CommandExample] = [
        CommandExample("empower envs list", "The built-in environments."),
        CommandExample("empower render PointMaze-v0 --out maze.gif", "An animated random rollout."),
        CommandExample("empower help version", "Show the help of the 'version' command."),
        CommandExample("empower version --json", "Print the version and build as JSON."),
    ]

    /// `empower --version`; with no option at all, the help (status 2).
    public static func run(_ arguments: ParsedArguments, io: CommandIO) throws -> ExitCode {
        guard arguments.flag("version") else { throw CommandLineError.missingSubcommand(arguments) }
        io.print("empower \(EmpowerVersion.current)")
        return .success
    }
}
