/// `empower experiment ...`: the experiments of the READMEs, each rerunnable with one command.
public enum ExperimentCommand: CommandGroup {
    public static let name = "experiment"
    public static let summary = "Rerun a documented experiment (training runs, evaluation, table and picture)."
    public static let subcommands: [any CommandDefinition.Type] = [
        SLIMExperimentCommand.self,
        DownstreamExperimentCommand.self,
    ]
}
