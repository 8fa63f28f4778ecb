import EmpowerBase
import EmpowerBenchmarks
import EmpowerMPI

/// `empower bench parallel`, under `mpirun -np N`: the cost of data-parallel training per
/// update and a check that its updates equal one process's on the same global batch.
public enum BenchParallelCommand: Command {
    public static let name = "parallel"
    public static let summary = "Under mpirun -np N: the communication cost of data-parallel training per update, and its updates checked against one process's."
    public static let discussion = """
        Run it as mpirun -np 2 empower bench parallel (every rank runs it). Times a SAC +
        DIAYN update (batch 256 per rank, 2x256 networks, observation 24, action 4, 50
        skills) and a PPO minibatch step (SLIM's three value heads, minibatch 64 per rank)
        with every gradient averaged over the ranks and without, and reports the time inside
        the sums, their number and the bytes per update. Then each rank takes --updates
        updates on its slice of one global batch, rank 0 repeats them in one process on the
        whole batch, and the relative difference of the parameters is reported
        (sac_relative_difference, ppo_relative_difference: rounding only, below 1e-6).
        """
    public static let options: [OptionSpec] = [
        .flag("json", help: "Print one JSON object instead of a table."),
        .option("updates", .int(in: 1...10000), default: 20, help: "Updates of the equivalence check."),
        .option("effort", .double(in: 0.05...20), default: 1.0, help: "Scale the number of timed updates."),
    ]
    public static let examples: [CommandExample] = [
        CommandExample("mpirun -np 2 empower bench parallel", "The per-update cost on 2 ranks of this machine."),
    ]

    public static func run(_ arguments: ParsedArguments, io: CommandIO) throws -> ExitCode {
        guard let world = MPIWorld.current, world.size > 1 else {
            throw CommandLineError(
                .needsRanks, "'\(arguments.commandName)' measures training across MPI ranks: run it as mpirun -np 2 \(arguments.commandName) (or more ranks)",
                context: ["command": arguments.commandName])
        }
        let json = arguments.flag("json")
        let out = world.rank == 0 ? io : io.silenced
        if !json { out.printError("measuring data-parallel updates on \(world.size) ranks (a few seconds)...") }
        let result = ParallelBenchmark(group: world, updates: arguments.int("updates") ?? 20, effort: arguments.double("effort") ?? 1).run()
        let machine = MachineDescription.current
        func costs(_ name: String, _ cost: ParallelBenchmark.Cost) -> [(String, JSONValue)] {
            [
                ("\(name)_ms_per_update", .number(cost.millisecondsPerUpdate.rounded(toPlaces: 3))),
                ("\(name)_local_ms_per_update", .number(cost.localMillisecondsPerUpdate.rounded(toPlaces: 3))),
                ("\(name)_communication_ms_per_update", .number(cost.communicationMillisecondsPerUpdate.rounded(toPlaces: 4))),
                ("\(name)_sums_per_update", .int(cost.sumsPerUpdate)),
                ("\(name)_bytes_per_update", .int(cost.bytesPerUpdate)),
            ]
        }
        if json {
            let members: [(String, JSONValue)] = [
                ("ranks", .int(result.ranks)),
                ("updates", .int(result.updates)),
                ("sac_relative_difference", .number(result.sacRelativeDifference)),
                ("ppo_relative_difference", .number(result.ppoRelativeDifference)),
                ("processor", .string(machine.processor)),
            ] + costs("sac", result.sac) + costs("ppo", result.ppo)
            out.printJSON(.object(members.map { JSONMember($0.0, $0.1) }))
            return .success
        }
        out.print("machine: \(machine.processor), \(machine.logicalCores) logical cores; \(result.ranks) ranks, one thread each")
        var table = TextTable(["update", "averaged", "one process", "in the sums", "sums", "bytes per rank"], alignments: [.left, .right, .right, .right, .right, .right])
        for (name, cost) in [("SAC + DIAYN (batch 256 per rank)", result.sac), ("PPO minibatch (64 per rank)", result.ppo)] {
            table.append([
                name, "\(BenchNNCommand.format(cost.millisecondsPerUpdate, 3)) ms", "\(BenchNNCommand.format(cost.localMillisecondsPerUpdate, 3)) ms",
                "\(BenchNNCommand.format(cost.communicationMillisecondsPerUpdate, 3)) ms", "\(cost.sumsPerUpdate)", "\(cost.bytesPerUpdate)",
            ])
        }
        out.printTable(table)
        out.print("after \(result.updates) updates, ||theta_\(result.ranks) ranks - theta_1 process|| / ||theta_1 process||: SAC + DIAYN \(result.sacRelativeDifference), PPO \(result.ppoRelativeDifference)")
        return .success
    }
}
