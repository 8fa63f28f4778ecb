import EmpowerBase
import EmpowerMPI
import EmpowerTraining
import Foundation

/// `empower sweep`: trains every point of a grid of configurations with several seeds (each run
/// an ordinary `empower train` child process, `--jobs` at a time), evaluates the runs, and
/// tabulates chosen report.json keys per grid point as mean ± spread over seeds.
///
/// The grid comes from the command line (`--grid key=v1,v2`, repeatable) or a grid file
/// (``SweepGrid/init(file:)``), or both: the command line adds to the file. Everything is
/// checked (keys, values, environments, columns, directories in the way) before anything runs
/// or is written. Outputs in `--out DIR`: `runs/<name>/` (one per grid point and seed),
/// `configs/<name>.json`, `logs/<name>.log`, `compare/` (`empower compare` of every run),
/// `README-table.md` and `sweep.json`.
public enum SweepCommand: Command {
    public static let name = "sweep"
    public static let summary = "Train a grid of configurations x seeds, evaluate every run, and tabulate report.json keys per grid point."
    public static let discussion = """
        The base configuration is built as for 'empower train' (defaults < --config < --set <
        the flags); each grid point adds its axis values, each run its seed. --grid KEY=V1,V2
        is one axis: KEY is any configuration key --set accepts, each value is written as
        --set takes it (JSON where it is valid JSON, text otherwise). Commas inside [...],
        {...} or "..." do not separate values, so lists are written as they are:
        --grid sac.hidden_sizes=[64,64],[128,128]. A text value that itself contains a comma
        outside brackets cannot be written with --grid; put it in a grid file. Axes cross:
        two axes of 2 values and --seeds 2 make 8 runs.

        A grid file (JSON) holds the same as data: "set" (configuration key -> JSON value),
        "axes" (each {"key": KEY, "values": [...]}, or {"name": NAME, "values": [{"label":
        LABEL, "set": {...}}, ...]} for values that set several keys), "seeds" ([1, 2, 3]),
        "evaluate" ({"episodes": N, "seed": S}), "columns" and "description". The command
        line adds to it: --set and the flags after its "set", --grid axes after its axes,
        and --seeds, --seed-list, --episodes, --columns replace its fields.

        Every grid point x seed is the run DIR/runs/NAME, NAME made of the axis values and
        the seed: env-ParticleSpread-v0_beta-1_seed-2 (letters, digits, '.', '_', '+' and '-'
        are kept, ',' becomes 'x', the rest is dropped). Reuse rule: a run directory whose
        config.json is the one the sweep would write is the sweep's own run; if its latest
        checkpoint is at the configured steps it is reused (not trained again), if it is
        earlier the run is continued with 'empower resume', if there is no checkpoint it is
        trained again from the start. Any other non-empty directory in a run's place is an
        error naming it, before anything runs. So rerunning a sweep after an interruption
        finishes the work.

        Then every run whose report/report.json is missing, or is of an older checkpoint,
        other --episodes or another evaluation seed, is evaluated with 'empower evaluate'.
        The table has one row per grid point; its columns are report.json keys (--columns;
        default: the metrics 'empower compare' shows that the runs have), each cell the mean
        ± sample standard deviation over the point's seeds; an array key (per_agent_accuracy)
        counts as the mean of its elements, and stochastic.KEY reads the sampled-action
        metrics. A child that fails is reported, with every other failure, once all have
        ended; its log is DIR/logs/NAME.log.
        """
    public static let options: [OptionSpec] = TrainCommand.configurationOptions + [
        .option("grid-file", .path(mustExist: true), valueName: "FILE", help: "A grid file (JSON): base settings, axes, seeds, evaluation, columns."),
        .repeatable("grid", .string, valueName: "KEY=V1,V2", help: "One axis: a configuration key and its values, e.g. --grid masd.beta=0,1."),
        .option("seeds", .int(in: 1...1000), valueName: "N", help: "Train every grid point with seeds 1 to N (default: the grid file's seeds, else 1)."),
        .option("seed-list", .string, valueName: "S1,S2", help: "Train every grid point with these seeds, e.g. --seed-list 3,5."),
        .option("episodes", .int(in: 1...100), valueName: "N", help: "Evaluation episodes per skill (empower evaluate --episodes; default: the grid file's, else 3)."),
        .option("columns", .string, valueName: "KEY1,KEY2", help: "The report.json keys of the table, e.g. --columns joint_accuracy,per_agent_accuracy."),
        .option("jobs", .int(in: 1...64), valueName: "J", default: 1, help: "Child processes (training, evaluation) at a time."),
        .option("out", .path(), valueName: "DIR", help: "Where runs/, configs/, logs/, compare/, README-table.md and sweep.json go (required)."),
        .flag("dry-run", help: "Check the grid and print the runs and what would be done with each; write nothing."),
    ]
    public static let examples: [CommandExample] = [
        CommandExample(
            "empower sweep --algo masd --env ParticleSpread-v0 --agents 3 --grid masd.beta=0,1 --seeds 3 --jobs 2 --out runs/beta",
            "MASD with beta 0 and 1, seeds 1-3: 6 runs, 2 at a time, then the table."),
        CommandExample(
            "empower sweep --steps 5000 --grid skills=5,10 --grid 'sac.hidden_sizes=[64,64],[128,128]' --out runs/sizes",
            "DIAYN on PointMass-v0, 2 x 2 grid points, one seed each."),
        CommandExample("empower sweep --grid-file experiments/masd/grid.json --out runs/masd-experiment --jobs 2", "The MASD experiment of experiments/masd/."),
        CommandExample("empower sweep --grid-file experiments/slim/grid.json --out runs/slim --dry-run", "List the runs of the SLIM experiment without training."),
    ]

    public static func run(_ arguments: ParsedArguments, io: CommandIO) throws -> ExitCode {
        guard let world = MPIWorld.current, world.size > 1 else { return try sweep(arguments, io: io, world: nil) }
        do {
            return try sweep(arguments, io: io, world: world)
        } catch {
            // One rank failing ends the launch: the others would wait for it forever.
            io.printError("error: rank \(world.rank) of \(world.size): \(error)")
            world.abort(1)
        }
    }

    /// The sweep; under `mpirun -np N` (`world`), rank r trains and evaluates the runs whose
    /// index is r modulo N, and rank 0 writes the table once every rank is done.
    static func sweep(_ arguments: ParsedArguments, io: CommandIO, world: MPIWorld?) throws -> ExitCode {
        let rank = world?.rank ?? 0, ranks = world?.size ?? 1
        guard let out = arguments.string("out") else {
            throw CommandLineError(
                .missingValue, "'\(arguments.commandName)' needs --out DIR, the folder its runs and table go to (for example --out runs/my-sweep)",
                context: ["command": arguments.commandName, "option": "--out"])
        }
        let grid = try grid(from: arguments)
        let runs = try grid.runs(catalog: io.catalog)
        // One sweep at a time per folder: two would train the same runs into the same places.
        var lock: FileLock?
        if !arguments.flag("dry-run") {
            if rank == 0 {
                try FileSystem.makeDirectory(out)
                let lockPath = FileSystem.join(out, ".sweep.lock")
                lock = try FileLock.acquire(lockPath)
                guard lock != nil else {
                    let holder = FileLock.holder(of: lockPath).map { " (process \($0))" } ?? ""
                    throw SweepError(
                        .outInUse, "another empower sweep\(holder) is working in '\(out)'; wait for it to end, or give this one another --out",
                        context: ["path": out])
                }
            }
            if let world { try checkShared(out, world: world) }
        }
        defer { withExtendedLifetime(lock) {} }
        var plan: [(run: SweepRun, state: SweepRun.State)] = []
        for run in runs { plan.append((run, try run.state(at: "\(out)/runs/\(run.name)"))) }
        if rank == 0 {
            io.print("\(runs.count) runs: \(Set(runs.map(\.point)).count) grid points x \(grid.seeds.count) seeds\(ranks > 1 ? ", over \(ranks) MPI ranks" : "")")
            for (index, (run, state)) in plan.enumerated() {
                io.print("  \(run.name): \(describe(state))\(ranks > 1 ? " (rank \(index % ranks))" : "")")
            }
        }
        if arguments.flag("dry-run") { return .success }

        // Train (or resume) what is not finished: this rank's share.
        for folder in ["runs", "configs", "logs"] {
            try FileManager.default.createDirectory(atPath: "\(out)/\(folder)", withIntermediateDirectories: true)
        }
        let mine = plan.indices.filter { $0 % ranks == rank }
        var jobs: [ExperimentRuns.Job] = []
        for (run, state) in mine.map({ plan[$0] }) {
            let path = "\(out)/runs/\(run.name)"
            let configPath = "\(out)/configs/\(run.name).json"
            try ConfigurationLoader.write(run.configuration, to: configPath)
            let log = "\(out)/logs/\(run.name).log"
            switch state {
            case .finished: continue
            case .partial: jobs.append(ExperimentRuns.Job(name: run.name, arguments: ["resume", path], logPath: log))
            case .absent, .unsaved:
                if state == .unsaved { try FileManager.default.removeItem(atPath: path) }
                jobs.append(ExperimentRuns.Job(name: run.name, arguments: ["train", "--config", configPath, "--run-dir", path], logPath: log))
            }
        }
        try ExperimentRuns.run(jobs, parallel: arguments.int("jobs") ?? 1, io: io)

        // Evaluate what has no current report.
        let evaluations = try mine.map { plan[$0].run }.filter { try needsEvaluation("\(out)/runs/\($0.name)", grid: grid) }.map { run in
            ExperimentRuns.Job(
                name: run.name,
                arguments: ["evaluate", "\(out)/runs/\(run.name)", "--episodes", "\(grid.evaluationEpisodes)", "--seed", "\(grid.evaluationSeed)"],
                logPath: "\(out)/logs/\(run.name)-evaluate.log")
        }
        try ExperimentRuns.run(evaluations, parallel: arguments.int("jobs") ?? 1, io: io)
        if let world {
            try world.barrier()
            guard rank == 0 else { return .success }
        }
        // One table through the compare code path, grouped by grid point.
        let evaluated = try CompareCommand.load(runs.map { "\(out)/runs/\($0.name)" })
        var groups: [(labels: [String], runs: [CompareCommand.EvaluatedRun])] = []
        var points: [String] = []
        for (run, result) in zip(runs, evaluated) {
            if let index = points.firstIndex(of: run.point) {
                groups[index].runs.append(result)
            } else {
                points.append(run.point)
                groups.append((run.labels, [result]))
            }
        }
        let table = GroupedComparison(axes: grid.axes.map(\.name), groups: groups, columns: grid.columns)
        let written = try CompareCommand.write(evaluated, labels: runs.map(\.name), into: out + "/compare")
        io.print("")
        io.printTable(table.textTable())
        try AtomicFile.write(Array(table.markdown().utf8), to: out + "/README-table.md")
        let summary = JSONValue.object([
            JSONMember("grid", grid.json()),
            JSONMember("runs", .array(plan.map { run, state in
                .object([
                    JSONMember("name", .string(run.name)), JSONMember("path", .string("\(out)/runs/\(run.name)")),
                    JSONMember("labels", .array(run.labels.map { .string($0) })), JSONMember("seed", SweepGrid.json(run.seed)),
                    JSONMember("before", .string(describe(state))),
                ])
            })),
            JSONMember("table", table.json()),
        ])
        try AtomicFile.write(Array((summary.rendered(pretty: true) + "\n").utf8), to: out + "/sweep.json")
        io.print("wrote \(out)/README-table.md, \(out)/sweep.json, \(written.first { $0.hasSuffix(".html") } ?? out + "/compare")")
        return .success
    }

    /// Checks that every rank sees the folder rank 0 made: rank 0 writes a random token into
    /// it (the file `marker`), and each rank reads it back; with `removing`, rank 0 then
    /// deletes the file.
    /// - Throws: ``MPIError`` `.folderNotShared` naming the ranks that cannot see it.
    static func checkShared(_ out: String, world: MPIWorld, marker: String = ".sweep-ranks", removing: Bool = false, option: String = "--out") throws {
        let path = FileSystem.join(out, marker)
        var token = [UInt8](repeating: 0, count: 16)
        if world.rank == 0 {
            var generator = SystemRandomNumberGenerator()
            token = (0..<16).map { _ in UInt8.random(in: UInt8(ascii: "a")...UInt8(ascii: "z"), using: &generator) }
            try AtomicFile.write(token, to: path)
        }
        try world.broadcast(&token)
        var missing = [Double](repeating: 0, count: world.size)
        let seen = FileManager.default.contents(atPath: path).map(Array.init)
        missing[world.rank] = seen == token ? 0 : 1
        try world.sum(&missing)
        if removing, world.rank == 0 { try? FileManager.default.removeItem(atPath: path) }
        let ranks = missing.indices.filter { missing[$0] > 0 }
        guard ranks.isEmpty else {
            throw MPIError(
                .folderNotShared,
                "rank\(ranks.count == 1 ? "" : "s") \(ranks.map(String.init).joined(separator: ", ")) cannot see the folder '\(out)' that rank 0 made (no \(path) with rank 0's token): give \(option) a path on a file system every machine of the launch shares",
                context: ["path": out])
        }
    }

    /// The grid the arguments describe: the grid file's, with the command line added.
    /// - Throws: ``SweepError`` for a bad grid file, `--grid`, `--seed-list` or `--columns`;
    ///   ``CommandLineError`` for `--seeds` with `--seed-list`.
    static func grid(from arguments: ParsedArguments) throws -> SweepGrid {
        var grid = try arguments.string("grid-file").map { path throws(SweepError) in try SweepGrid(file: path) } ?? SweepGrid()
        grid.config = arguments.string("config")
        grid.overrides += TrainCommand.configurationOverrides(arguments)
        grid.axes += try arguments.strings("grid").map { text throws(SweepError) in try SweepAxis(parsing: text) }
        if arguments.wasGiven("seeds"), arguments.wasGiven("seed-list") {
            throw CommandLineError(
                .unexpectedArgument, "give --seeds N or --seed-list S1,S2, not both",
                context: ["command": arguments.commandName, "option": "--seed-list"])
        }
        if let count = arguments.int("seeds") { grid.seeds = (1...count).map(UInt64.init) }
        if let list = arguments.string("seed-list") {
            grid.seeds = try list.split(separator: ",", omittingEmptySubsequences: false).map { text throws(SweepError) in
                guard let seed = UInt64(text.trimmingCharacters(in: .whitespaces)) else {
                    throw SweepError(.invalidField, "--seed-list must be whole numbers separated by commas (e.g. 3,5), got '\(list)'", context: ["field": "--seed-list", "value": list])
                }
                return seed
            }
        }
        if let episodes = arguments.int("episodes") { grid.evaluationEpisodes = episodes }
        if let columns = arguments.string("columns") {
            grid.columns = columns.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingCharacters(in: .whitespaces) }
        }
        for key in grid.columns ?? [] where !CompareCommand.columnKeys.contains(key) {
            var message = "report.json has no key '\(key)' for a column"
            if let match = closestMatch(to: key, in: CompareCommand.columnKeys) { message += "; did you mean '\(match)'?" }
            message += " (see 'empower evaluate --help' for the keys)"
            throw SweepError(.unknownColumn, message, context: ["field": "columns", "value": key])
        }
        return grid
    }

    /// Whether the run at `path` needs `empower evaluate`: no report.json, or one of another
    /// checkpoint, episode count or evaluation seed.
    static func needsEvaluation(_ path: String, grid: SweepGrid) throws -> Bool {
        guard let report = try? EvaluationReport.read(from: path + "/report/report.json") else { return true }
        let latest = try CheckpointStore(directory: path + "/checkpoints").steps.last
        return report.checkpointStep != latest || report.episodesPerSkill != grid.evaluationEpisodes || report.seed != grid.evaluationSeed
    }

    static func describe(_ state: SweepRun.State) -> String {
        switch state {
        case .absent: "train"
        case .finished: "finished, reused"
        case let .partial(step): "stopped at step \(step), resume"
        case .unsaved: "stopped before its first checkpoint, train again"
        }
    }
}
