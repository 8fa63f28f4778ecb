/// `empower experiment ...`: the experiments of the READMEs, each rerunnable with one command.
public enum ExperimentCommand: CommandGroup {
    public static let name = "experiment"
    public static let summary = "Rerun a documented experiment on existing runs."
    public static let subcommands: [any CommandDefinition.Type] = [
        DownstreamExperimentCommand.self,
    ]
}
