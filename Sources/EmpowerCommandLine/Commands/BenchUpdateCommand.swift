import EmpowerBase
import EmpowerBenchmarks
import EmpowerEnvironments

/// `empower bench update`: one SAC + DIAYN update at the reference shape of the README's
/// benchmark table (batch 256, 2x256 MLPs, observation 24, action 4, 50 skills).
public enum BenchUpdateCommand: Command {
    public static let name = "update"
    public static let summary = "Time one SAC + DIAYN update (batch 256, 2x256 MLPs, obs 24, act 4, 50 skills)."
    public static let discussion = """
        One update = the discriminator's pass and step (intrinsic rewards), critic targets and
        step, actor step, temperature step and the Polyak update of the target critics.
        GFLOP/s counts the matrix products the update runs; fraction_of_peak compares it with
        the sgemm peak measured in the same run on as many OpenBLAS threads as --threads.
        With --threads 2, --split critics runs each critic's share of the update (targets,
        losses, backward passes, optimizer and Polyak steps) on its own thread with one
        OpenBLAS thread per product, as training with threads >= 2 does; --split openblas
        leaves the update on one thread and gives OpenBLAS both.
        """
    public static let options: [OptionSpec] = [
        .flag("json", help: "Print one JSON object instead of a table."),
        .option("threads", short: "t", .int(in: 1...64), default: 1, help: "Threads of the update."),
        .option("split", .choice(UpdateBenchmark.ThreadStrategy.allCases.map(\.rawValue)), default: "critics",
                help: "How two threads share an update: 'critics' (one critic per thread, as training does) or 'openblas' (OpenBLAS's threads inside each product)."),
        .option("effort", .double(in: 0.05...20), default: 1.0, help: "Scale the number of repetitions."),
    ]

    public static func run(_ arguments: ParsedArguments, io: CommandIO) throws -> ExitCode {
        let json = arguments.flag("json")
        if !json { io.printError("measuring the SAC + DIAYN update (a few seconds)...") }
        let strategy = UpdateBenchmark.ThreadStrategy(rawValue: arguments.string("split") ?? "critics") ?? .critics
        let result = UpdateBenchmark(threads: arguments.int("threads") ?? 1, effort: arguments.double("effort") ?? 1, strategy: strategy).run()
        let machine = MachineDescription.current
        if json {
            io.printJSON([
                "ms_per_update": .number(result.millisecondsPerUpdate.rounded(toPlaces: 3)),
                "gflops": .number(result.gflops.rounded(toPlaces: 2)),
                "mflop_per_update": .number(result.megaFLOPPerUpdate.rounded(toPlaces: 1)),
                "sgemm_peak_gflops": .number(result.sgemmPeakGFLOPS.rounded(toPlaces: 2)),
                "fraction_of_peak": .number(result.fractionOfPeak.rounded(toPlaces: 3)),
                "threads": .int(result.threads),
                "split": .string(strategy.rawValue),
                "processor": .string(machine.processor),
            ])
            return .success
        }
        io.print("machine: \(machine.processor), \(machine.logicalCores) logical cores; \(result.threads) thread\(result.threads == 1 ? "" : "s")\(result.threads > 1 ? " (\(strategy.rawValue))" : "")")
        var table = TextTable(["measurement", "value"], alignments: [.left, .right])
        table.append(["time per update", "\(BenchNNCommand.format(result.millisecondsPerUpdate, 2)) ms"])
        table.append(["matrix work per update", "\(BenchNNCommand.format(result.megaFLOPPerUpdate, 1)) MFLOP"])
        table.append(["achieved", "\(BenchNNCommand.format(result.gflops, 1)) GFLOP/s"])
        table.append(["sgemm peak (same run)", "\(BenchNNCommand.format(result.sgemmPeakGFLOPS, 1)) GFLOP/s"])
        table.append(["fraction of peak", "\(BenchNNCommand.format(result.fractionOfPeak * 100, 0))%"])
        io.printTable(table)
        return .success
    }
}

/// `empower bench train`: end-to-end DIAYN training steps per second.
public enum BenchTrainCommand: Command {
    public static let name = "train"
    public static let summary = "Measure end-to-end DIAYN training steps/s on PointMass-v0 and TabletopPush-v0 (8 environments, replay ratios 1 to 0.25)."
    public static let discussion = """
        DIAYN with the default 2x256 networks and batch 256 (not the environment family's
        preset), timed after the warm-up: acting, stepping, storing and updating. The first
        two rows are the reference (one environment, one update per step, one thread); the
        others train TabletopPush-v0 with 8 environments on 2 threads at replay ratios 1, 0.5
        and 0.25 (gradient updates per environment step). Keys:
        pointmass_steps_per_second, tabletop_steps_per_second and
        tabletop_8envs_2threads_rrR_steps_per_second.
        """
    public static let options: [OptionSpec] = [
        .flag("json", help: "Print one JSON object instead of a table."),
        .option("effort", .double(in: 0.05...20), default: 1.0, help: "Scale the number of measured steps."),
    ]

    public static func run(_ arguments: ParsedArguments, io: CommandIO) throws -> ExitCode {
        let json = arguments.flag("json")
        let results = try TrainBenchmark(effort: arguments.double("effort") ?? 1).run(catalog: io.catalog) { message in
            if !json { io.printError(message) }
        }
        if json {
            var members = results.map { JSONMember($0.setting.key, .number($0.stepsPerSecond.rounded(toPlaces: 1))) }
            members.append(JSONMember("networks", "2x256"))
            members.append(JSONMember("batch_size", 256))
            members.append(JSONMember("processor", .string(MachineDescription.current.processor)))
            io.printJSON(.object(members))
            return .success
        }
        var table = TextTable(["environment", "environments", "replay ratio", "threads", "training steps/s", "measured steps", "updates"],
                              alignments: [.left, .right, .right, .right, .right, .right, .right])
        for result in results {
            let setting = result.setting
            table.append([setting.environment, "\(setting.environments)", "\(setting.replayRatio)", "\(setting.threads)",
                          BenchNNCommand.format(result.stepsPerSecond, 1), "\(result.measuredSteps)", "\(result.updates)"])
        }
        io.printTable(table)
        return .success
    }
}
