import EmpowerBase
import EmpowerCore
import EmpowerEnvironments
import EmpowerTraining

/// `empower evaluate RUN_DIR`: loads the run's latest checkpoint (without training), rolls out
/// every skill in deterministic and stochastic modes, and writes `RUN_DIR/report/` (see
/// ``SkillReport``): report.json, trajectories.svg/.png, skill-NN.gif, skills.gif,
/// curves.svg/.png and a self-contained index.html.
public enum EvaluateCommand: Command {
    public static let name = "evaluate"
    public static let summary = "Measure and show a run's skills: report.json, pictures, GIFs and index.html in RUN_DIR/report/."
    public static let discussion = """
        The latest valid checkpoint is loaded (a damaged newer one is skipped with a warning);
        nothing is trained. Every skill is rolled out for N episodes with the policy's mean
        action and N more with sampled actions, from environment seeds derived from S, so the
        same S gives the same report. report.json keys: algorithm, environment, skills,
        episodes_per_skill, discriminator_accuracy, mutual_information_lower_bound,
        mutual_information_plugin, state_coverage_cells, cell_size, and where they apply
        object_coverage_cells, skills_moving_objects, object_displacement_cells,
        object_move_directions, safety_violations_per_episode,
        joint_accuracy, per_agent_accuracy, relative_position_cells_per_pair,
        assignment_patterns (absent where they do not apply); the same metrics
        for sampled actions under "stochastic".

        With --policy random, nothing is loaded: a policy acting uniformly at random is
        evaluated as K skills (--skills) on --env, from the same starts, and its report is
        written to DIR/report/ (DIR must be new or empty): the baseline every method must beat,
        for instance in object_displacement_cells.
        """
    public static let arguments: [ArgumentSpec] = [
        .optional("RUN_DIR", help: "A run directory written by 'empower train'; with --policy random, the new directory for the baseline's report."),
    ]
    public static let options: [OptionSpec] = [
        .option("policy", .choice(["trained", "random"]), valueName: "P", default: "trained", help: "Evaluate the run's trained policy, or a uniformly random one on --env."),
        .option("env", .string, valueName: "ID", help: "The environment of --policy random."),
        .option("skills", .int(in: 1...1000), valueName: "K", default: 8, help: "How many skills to evaluate --policy random as."),
        .option("episodes", .int(in: 1...100), valueName: "N", default: 3, help: "Episodes per skill in each mode."),
        .option("seed", .uint64, valueName: "S", default: 1000003, help: "The seed of the evaluation rollouts."),
    ]
    public static let examples: [CommandExample] = [
        CommandExample("empower evaluate runs/diayn-PointMass-v0-20261124-101500", "Write the report; open report/index.html."),
        CommandExample("empower evaluate runs/push --episodes 5 --seed 7", "More episodes, another seed."),
        CommandExample("empower evaluate --policy random --env TabletopPush-v0 runs/random-push", "The random baseline's report."),
    ]

    public static func run(_ arguments: ParsedArguments, io: CommandIO) throws -> ExitCode {
        let catalog = io.catalog
        var options = SkillReport.Options()
        options.episodesPerSkill = arguments.int("episodes") ?? 3
        options.seed = arguments.uint64("seed") ?? SkillEvaluation.defaultSeed
        let policy: any SkillRollouts
        let run: RunDirectory
        if arguments.string("policy") == "random" {
            let command = arguments.commandName
            guard let environment = arguments.string("env") else {
                throw CommandLineError(.missingArgument, "'\(command) --policy random' needs --env ID, the environment to act in", context: ["command": command, "option": "--env"])
            }
            guard let path = arguments.positional("RUN_DIR") else {
                throw CommandLineError(.missingArgument, "'\(command) --policy random' needs DIR, a new directory for the report", context: ["command": command, "argument": "RUN_DIR"])
            }
            var configuration = TrainingConfiguration()
            configuration.environment = environment
            configuration.skills = arguments.int("skills") ?? 8
            policy = try RandomPolicy(configuration: configuration, catalog: catalog)
            run = try RunDirectory(path: path, create: true)
            io.print("evaluating a uniformly random policy on \(environment) as \(configuration.skills) skills into \(run.path)")
        } else {
            if arguments.string("env") != nil {
                throw CommandLineError(
                    .unexpectedArgument, "--env goes with --policy random; a trained run evaluates on its own environment",
                    context: ["command": arguments.commandName, "option": "--env"])
            }
            run = try RunDirectory(path: arguments.positional("RUN_DIR") ?? "", create: false)
            let trainer = try Trainers.open(runDirectory: run, catalog: catalog) { io.printError("warning: \($0)") }
            io.print("evaluating \(run.path): \(trainer.configuration.algorithm.rawValue) on \(trainer.configuration.environment), checkpoint at step \(trainer.step)")
            policy = trainer
        }
        let (report, files) = try SkillReport.write(policy, catalog: catalog, run: run, options: options, io: io)
        try? run.appendEvent("evaluated \(policy.policyName) at step \(policy.step): \(options.episodesPerSkill) episodes per skill, seed \(options.seed)")
        TrainingSession.printSummary(report, io: io)
        io.print("report: \(run.reportPath)/index.html (\(files.count) files)")
        return .success
    }
}
