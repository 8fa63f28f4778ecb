/// `empower experiment ...`: experiments over existing runs. Training experiments are grid
/// files run by `empower sweep` (see `experiments/` at the top of the repository).
public enum ExperimentCommand: CommandGroup {
    public static let name = "experiment"
    public static let summary = "Experiments over existing runs (planning success with their skills); grids of training runs are 'empower sweep'."
    public static let subcommands: [any CommandDefinition.Type] = [
        DownstreamExperimentCommand.self,
    ]
    public static let examples: [CommandExample] = [
        CommandExample("empower experiment downstream --skills slim=runs/slim --skills diayn=runs/diayn", "Planning success on 20 goals."),
    ]
}
