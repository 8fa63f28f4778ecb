import EmpowerBase
import EmpowerBenchmarks
import EmpowerTraining

/// `empower bench skills`: seconds from the start of training until the skills are distinct.
public enum BenchSkillsCommand: Command {
    public static let name = "skills"
    public static let summary = "Time DIAYN from the start of training to distinct skills (PointMass-v0 to 0.9, TabletopReach-v0 to 0.8)."
    public static let discussion = """
        Each task trains DIAYN (10 skills) with the defaults and the environment family's
        preset, as 'empower train' would, on --threads threads. Every 1000 environment steps
        each skill is rolled out on fresh episodes the learner never saw; the run stops at the
        first evaluation whose discriminator accuracy reaches the target: 0.9 on PointMass-v0
        (the quick start), 0.8 on TabletopReach-v0 with end-effector features. The seconds
        exclude those evaluations, which are reported separately, as are the environment
        steps and updates at that moment. Nothing is written to disk.
        """
    public static let options: [OptionSpec] = [
        .flag("json", help: "Print one JSON object instead of a table."),
        .option("threads", short: "t", .int(in: 1...64), default: 2, help: "Threads of each run (the configuration field 'threads')."),
        .option("seed", .uint64, valueName: "S", help: "The master seed of both runs (default 0)."),
        .option("only", .choice(SkillsBenchmark.tasks.map(\.key)), help: "Run one task only."),
    ]
    public static let examples: [CommandExample] = [
        CommandExample("empower bench skills --json", "Both tasks, as one JSON object."),
        CommandExample("empower bench skills --only pointmass --threads 1", "The quick start's time to skills on one thread."),
    ]

    public static func run(_ arguments: ParsedArguments, io: CommandIO) throws -> ExitCode {
        let json = arguments.flag("json")
        let only = arguments.string("only")
        let benchmark = SkillsBenchmark(
            threads: arguments.int("threads") ?? 2, seed: arguments.uint64("seed") ?? 0,
            tasks: SkillsBenchmark.tasks.filter { only == nil || $0.key == only })
        let results = try benchmark.run(catalog: io.catalog) { message in
            if !json { io.printError(message) }
        }
        if json {
            var object: [JSONMember] = []
            for result in results {
                let key = result.task.key
                object.append(JSONMember("\(key)_seconds_to_skills", result.secondsToSkills.map { .number($0.rounded(toPlaces: 2)) } ?? .null))
                object.append(JSONMember("\(key)_steps_to_skills", .int(result.steps)))
                object.append(JSONMember("\(key)_updates_to_skills", .int(result.updates)))
                object.append(JSONMember("\(key)_accuracy", result.accuracy.map { .number($0.rounded(toPlaces: 3)) } ?? .null))
                object.append(JSONMember("\(key)_target_accuracy", .number(result.task.accuracy)))
                object.append(JSONMember("\(key)_evaluation_seconds", .number(result.evaluationSeconds.rounded(toPlaces: 2))))
                object.append(JSONMember("\(key)_settings", .string(settingsDescription(result.configuration))))
            }
            object.append(JSONMember("threads", .int(benchmark.threads)))
            object.append(JSONMember("processor", .string(MachineDescription.current.processor)))
            io.printJSON(.object(object))
            return .success
        }
        var table = TextTable(["task", "seconds to skills", "steps", "updates", "accuracy", "evaluation s", "settings"],
                              alignments: [.left, .right, .right, .right, .right, .right, .left])
        for result in results {
            let seconds = result.secondsToSkills.map { BenchNNCommand.format($0, 1) } ?? "not reached"
            table.append([
                "\(result.task.key): \(result.task.environment) to \(result.task.accuracy)", seconds, "\(result.steps)", "\(result.updates)",
                result.accuracy.map { BenchNNCommand.format($0, 3) } ?? "-", BenchNNCommand.format(result.evaluationSeconds, 1),
                settingsDescription(result.configuration),
            ])
        }
        io.printTable(table)
        return .success
    }

    /// The settings that decide the speed: networks, batch, replay ratio, environments.
    static func settingsDescription(_ configuration: TrainingConfiguration) -> String {
        let sac = configuration.sac
        let width = sac.hiddenSizes.map(String.init).joined(separator: "x")
        return "networks \(width), batch \(sac.batchSize), replay ratio \(sac.replayRatio), \(configuration.environments) environment\(configuration.environments == 1 ? "" : "s"), \(configuration.threads) thread\(configuration.threads == 1 ? "" : "s")"
    }
}
