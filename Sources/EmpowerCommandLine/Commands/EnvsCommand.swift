/// `empower envs`: the built-in environment catalog: list it, check an environment.
public enum EnvsCommand: CommandGroup {
    public static let name = "envs"
    public static let summary = "List the built-in environments or check one against the environment contract."
    public static let subcommands: [any CommandDefinition.Type] = [
        EnvsListCommand.self,
        EnvsCheckCommand.self,
    ]
    public static let examples: [CommandExample] = [
        CommandExample("empower envs list", "Every environment with its spaces and episode limit."),
        CommandExample("empower envs check PointMaze-v0", "Run the environment checker on PointMaze-v0."),
    ]
}
