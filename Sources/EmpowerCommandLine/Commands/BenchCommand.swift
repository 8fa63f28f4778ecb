/// `empower bench`: measurements of Empower on this machine. Figures are printed with the
/// machine and settings they were measured with; nothing here runs in the test suite.
public enum BenchCommand: CommandGroup {
    public static let name = "bench"
    public static let summary = "Measure Empower on this machine (numeric core, environments, training)."
    public static let subcommands: [any CommandDefinition.Type] = [
        BenchNNCommand.self,
        BenchUpdateCommand.self,
        BenchTrainCommand.self,
        BenchEnvsCommand.self,
        BenchSkillsCommand.self,
        BenchPythonCommand.self,
        BenchParallelCommand.self,
    ]
    public static let examples: [CommandExample] = [
        CommandExample("empower bench nn --json", "The numeric-core figures as one JSON object."),
        CommandExample("empower bench envs", "Environment steps/s and the physics share of a step."),
        CommandExample("empower bench skills", "Seconds from the start of training to distinct skills."),
    ]
}
