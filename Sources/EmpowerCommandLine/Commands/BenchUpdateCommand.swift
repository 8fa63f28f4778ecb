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
        the sgemm peak measured in the same run.
        """
    public static let options: [OptionSpec] = [
        .flag("json", help: "Print one JSON object instead of a table."),
        .option("threads", short: "t", .int(in: 1...64), default: 1, help: "OpenBLAS threads."),
        .option("effort", .double(in: 0.05...20), default: 1.0, help: "Scale the number of repetitions."),
    ]

    public static func run(_ arguments: ParsedArguments, io: CommandIO) throws -> ExitCode {
        let json = arguments.flag("json")
        if !json { io.printError("measuring the SAC + DIAYN update (a few seconds)...") }
        let result = UpdateBenchmark(threads: arguments.int("threads") ?? 1, effort: arguments.double("effort") ?? 1).run()
        let machine = MachineDescription.current
        if json {
            io.printJSON([
                "ms_per_update": .number(result.millisecondsPerUpdate.rounded(toPlaces: 3)),
                "gflops": .number(result.gflops.rounded(toPlaces: 2)),
                "mflop_per_update": .number(result.megaFLOPPerUpdate.rounded(toPlaces: 1)),
                "sgemm_peak_gflops": .number(result.sgemmPeakGFLOPS.rounded(toPlaces: 2)),
                "fraction_of_peak": .number(result.fractionOfPeak.rounded(toPlaces: 3)),
                "threads": .int(result.threads),
                "processor": .string(machine.processor),
            ])
            return .success
        }
        io.print("machine: \(machine.processor), \(machine.logicalCores) logical cores; \(result.threads) OpenBLAS thread\(result.threads == 1 ? "" : "s")")
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
    public static let summary = "Measure end-to-end DIAYN training steps/s (one update per step) on PointMass-v0 and TabletopPush-v0."
    public static let options: [OptionSpec] = [
        .flag("json", help: "Print one JSON object instead of a table."),
        .option("effort", .double(in: 0.05...20), default: 1.0, help: "Scale the number of measured steps."),
    ]

    public static func run(_ arguments: ParsedArguments, io: CommandIO) throws -> ExitCode {
        let json = arguments.flag("json")
        let results = try TrainBenchmark(effort: arguments.double("effort") ?? 1).run(catalog: io.catalog) { message in
            if !json { io.printError(message) }
        }
        let pointMass = results.first { $0.environment == "PointMass-v0" }?.stepsPerSecond ?? .nan
        let tabletop = results.first { $0.environment == "TabletopPush-v0" }?.stepsPerSecond ?? .nan
        if json {
            io.printJSON([
                "pointmass_steps_per_second": .number(pointMass.rounded(toPlaces: 1)),
                "tabletop_steps_per_second": .number(tabletop.rounded(toPlaces: 1)),
                "networks": "2x256",
                "updates_per_step": 1,
                "processor": .string(MachineDescription.current.processor),
            ])
            return .success
        }
        var table = TextTable(["environment", "training steps/s", "measured steps"], alignments: [.left, .right, .right])
        for result in results {
            table.append([result.environment, BenchNNCommand.format(result.stepsPerSecond, 1), "\(result.measuredSteps)"])
        }
        io.printTable(table)
        return .success
    }
}
