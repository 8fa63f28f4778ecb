import EmpowerBenchmarks

/// `empower bench nn`: the numeric core against this machine's own sgemm peak.
///
/// ```text
/// $ empower bench nn --json
/// {"sgemm_peak_gflops":105.3,"mlp256_step_ms":1.28,"mlp256_gflops":94.6, ...}
/// ```
public enum BenchNNCommand: Command {
    public static let name = "nn"
    public static let summary = "Measure the numeric core: sgemm peak, MLP training steps, batch-1 policy forward."
    public static let discussion = """
        In one run: the OpenBLAS sgemm peak (best of 256x256x256 and 256x64x256); a training
        step (forward, MSE loss, backward, Adam) of a 2x256 ReLU MLP (78 -> 256 -> 256 -> 1)
        and of a 2x64 MLP (78 -> 64 -> 64 -> 1) at batch 256; the batch-1 forward of a 2x256
        policy (74 -> 256 -> 256 -> 8). GFLOP/s counts the matrix products the step runs,
        forward and backward. Times are medians over repeated samples after a warm-up.
        """
    public static let options: [OptionSpec] = [
        .flag("json", help: "Print one JSON object instead of a table."),
        .option("threads", short: "t", .int(in: 1...64), default: 1, help: "OpenBLAS threads."),
        .option("effort", .double(in: 0.05...20), default: 1.0, help: "Scale the number of repetitions (more is steadier, slower)."),
    ]
    public static let examples: [CommandExample] = [
        CommandExample("empower bench nn", "A table of the figures with the machine they were measured on."),
        CommandExample("empower bench nn --json --threads 2", "JSON, with two OpenBLAS threads."),
    ]

    public static func run(_ arguments: ParsedArguments, io: CommandIO) throws -> ExitCode {
        let threads = arguments.int("threads") ?? 1
        let effort = arguments.double("effort") ?? 1
        let json = arguments.flag("json")
        if !json { io.printError("measuring the numeric core (\(threads) thread\(threads == 1 ? "" : "s"), a few seconds)...") }
        let result = NNBenchmark(threads: threads, effort: effort).run()
        let machine = MachineDescription.current
        if json {
            io.printJSON([
                "sgemm_peak_gflops": .number(result.sgemmPeakGFLOPS.rounded(toPlaces: 2)),
                "sgemm_256x256x256_gflops": .number(result.sgemmSquareGFLOPS.rounded(toPlaces: 2)),
                "sgemm_256x64x256_gflops": .number(result.sgemmThinGFLOPS.rounded(toPlaces: 2)),
                "mlp256_step_ms": .number(result.mlp256StepMilliseconds.rounded(toPlaces: 4)),
                "mlp256_gflops": .number(result.mlp256GFLOPS.rounded(toPlaces: 2)),
                "mlp256_fraction_of_peak": .number(result.mlp256FractionOfPeak.rounded(toPlaces: 3)),
                "mlp256_mflop_per_step": .number((Double(result.mlp256FLOPPerStep) / 1e6).rounded(toPlaces: 2)),
                "mlp64_step_ms": .number(result.mlp64StepMilliseconds.rounded(toPlaces: 4)),
                "mlp64_gflops": .number(result.mlp64GFLOPS.rounded(toPlaces: 2)),
                "policy_forward_us": .number(result.policyForwardMicroseconds.rounded(toPlaces: 2)),
                "threads": .int(result.threads),
                "blas": .string(result.blasConfiguration),
                "processor": .string(machine.processor),
                "logical_cores": .int(machine.logicalCores),
            ])
            return .success
        }
        io.print("machine: \(machine.processor), \(machine.logicalCores) logical cores, \(machine.operatingSystem)")
        io.print("blas:    \(result.blasConfiguration), \(result.threads) thread\(result.threads == 1 ? "" : "s")")
        var table = TextTable(["measurement", "time", "GFLOP/s", "of sgemm peak"], alignments: [.left, .right, .right, .right])
        table.append(["sgemm 256x256x256", "", format(result.sgemmSquareGFLOPS, 1), ""])
        table.append(["sgemm 256x64x256", "", format(result.sgemmThinGFLOPS, 1), ""])
        table.append(["MLP 2x256 train step, batch 256", "\(format(result.mlp256StepMilliseconds, 3)) ms", format(result.mlp256GFLOPS, 1), "\(format(result.mlp256FractionOfPeak * 100, 0))%"])
        table.append(["MLP 2x64 train step, batch 256", "\(format(result.mlp64StepMilliseconds, 3)) ms", format(result.mlp64GFLOPS, 1), "\(format(result.mlp64GFLOPS / result.sgemmPeakGFLOPS * 100, 0))%"])
        table.append(["policy 2x256 forward, batch 1", "\(format(result.policyForwardMicroseconds, 2)) us", "", ""])
        io.printTable(table)
        return .success
    }

    static func format(_ value: Double, _ places: Int) -> String {
        guard value.isFinite else { return "n/a" }
        let scale = pow10(places)
        let rounded = (value * scale).rounded() / scale
        var text = "\(rounded)"
        if places == 0, text.hasSuffix(".0") { text.removeLast(2) }
        if let dot = text.firstIndex(of: "."), places > 0 {
            let decimals = text.distance(from: dot, to: text.endIndex) - 1
            if decimals < places { text += String(repeating: "0", count: places - decimals) }
        }
        return text
    }

    static func pow10(_ places: Int) -> Double {
        var result = 1.0
        for _ in 0..<max(0, places) { result *= 10 }
        return result
    }
}

extension Double {
    func rounded(toPlaces places: Int) -> Double {
        let scale = BenchNNCommand.pow10(places)
        return (self * scale).rounded() / scale
    }
}
