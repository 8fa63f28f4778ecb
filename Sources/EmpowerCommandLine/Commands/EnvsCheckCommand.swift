import EmpowerCore

/// `empower envs check ID`: runs the environment checker (``checkEnvironment(_:seed:steps:)``,
/// or ``checkMultiAgentEnvironment(_:seed:steps:)`` for a multi-agent id) and prints every
/// problem it finds. Exit status 0 only when there is none.
///
/// ```text
/// $ empower envs check PointMaze-v0 --steps 2000
/// PointMaze-v0: no problems in 2000 steps
/// ```
public enum EnvsCheckCommand: Command {
    public static let name = "check"
    public static let summary = "Check an environment against the environment contract and print every problem."
    public static let discussion = """
        The checker verifies spaces, the reset contract, observation bounds and finiteness,
        episode limits, rejection of bad actions, determinism under a seed (two identical runs
        must agree bit for bit), rendering and snapshot/restore. Exit status 0 when it finds
        nothing, 1 when it finds a problem, 2 for an unknown id.
        """
    public static let options: [OptionSpec] = [
        .option("seed", .uint64, default: 0, help: "Seed of the environment and of the sampled actions."),
        .option("steps", .int(in: 1...10_000_000), default: 1000, help: "Steps of the main run (the checker replays it once more)."),
        .repeatable("set", .keyValue, help: "An environment argument, e.g. --set agents=4 (see 'envs list --json')."),
    ]
    public static let arguments: [ArgumentSpec] = [
        .required("ID", help: "An environment id from 'empower envs list', e.g. PointMaze-v0."),
    ]
    public static let examples: [CommandExample] = [
        CommandExample("empower envs check PointMaze-v0", "Check the maze with seed 0 over 1000 steps."),
        CommandExample("empower envs check ParticleSpread-v0 --set agents=5 --seed 3", "Check five agents with seed 3."),
    ]

    public static func run(_ arguments: ParsedArguments, io: CommandIO) throws -> ExitCode {
        let id = arguments.positional("ID") ?? ""
        let seed = arguments.uint64("seed") ?? 0
        let steps = arguments.int("steps") ?? 1000
        let report: CheckReport
        switch try EnvironmentSelection.make(id, settings: arguments.keyValues("set"), catalog: io.catalog, command: arguments.commandName) {
        case .single(let env): report = checkEnvironment(env, seed: seed, steps: steps)
        case .multiAgent(let env): report = checkMultiAgentEnvironment(env, seed: seed, steps: steps)
        }
        io.print(report.description)
        return report.isClean ? .success : .failure
    }
}
