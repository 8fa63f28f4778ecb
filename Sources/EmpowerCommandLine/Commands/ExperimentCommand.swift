/// `empower experiment ...`: the experiments of the READMEs, each rerunnable with one command:
/// several training runs, evaluated and tabulated.
public enum ExperimentCommand: CommandGroup {
    public static let name = "experiment"
    public static let summary = "Rerun a documented experiment (training runs, evaluation, table and picture)."
    public static let subcommands: [any CommandDefinition.Type] = [
        MASDExperimentCommand.self,
        SLIMExperimentCommand.self,
        DownstreamExperimentCommand.self,
    ]
    public static let examples: [CommandExample] = [
        CommandExample("empower experiment masd --out runs/masd-experiment", "MASD against multi-agent DIAYN, 12 runs."),
        CommandExample("empower experiment slim", "SLIM against combine: sum and DIAYN on TabletopPush-v0, 9 runs."),
        CommandExample("empower experiment downstream --skills slim=runs/slim --skills diayn=runs/diayn", "Planning success on 20 goals."),
    ]
}
