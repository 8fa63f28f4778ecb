import EmpowerBase
import EmpowerCore
#if canImport(Glibc)
import Glibc
#endif
import EmpowerEnvironments
import EmpowerMPI
import EmpowerSkills
import EmpowerTraining

/// `empower train`: trains SAC, DIAYN, PPO, SLIM or MASD and writes a run directory (config.json, metrics.csv,
/// metrics.jsonl, checkpoints/, report/, events.log).
///
/// Precedence: defaults < `--config FILE` < `--set key=value` < the named flags. The whole
/// configuration is validated before any work; a bad field is named with its value and what is
/// allowed. Ctrl-C (or SIGTERM) writes a checkpoint and exits; `empower resume RUN_DIR` continues.
public enum TrainCommand: Command {
    public static let name = "train"
    public static let summary = "Train SAC, DIAYN, PPO, SLIM, MASD, LSD, METRA or CSD on an environment, with checkpoints you can resume."
    public static let discussion = """
        Defaults train DIAYN with 10 skills on PointMass-v0 for 10000 steps, with the
        navigation preset (2x64 networks, batch 128, learning rates 1e-3); built-in
        environment families have presets of defaults that any setting of yours overrides,
        printed at the start. --stop-at-accuracy 0.9 ends training at the first periodic
        evaluation whose fresh-rollout accuracy reaches 0.9. The resolved
        configuration (every default written out) is saved as RUN_DIR/config.json. Keys of
        --set are the configuration's own (see config.json), e.g. sac.learning_rate=1e-3,
        diayn.features=xy, environment_arguments.objects=2. MASD trains on a multi-agent
        environment (ParticleSpread-v0, CooperativePush-v0); --agents N sets
        environment_arguments.agents and masd.beta weighs the per-agent bottleneck (0 is
        multi-agent DIAYN). LSD, METRA and CSD learn skills that move what distance.features
        selects (e.g. "objects"), on the PPO backbone: give them environments=8 and millions
        of steps (about 12000 steps/s on TabletopPush-v0). Under mpirun -np N every rank
        collects with environments of its own and the ranks average every gradient
        (data-parallel training): steps count every rank's, rank 0 writes the run directory
        (on a file system every rank sees), and the run resumes on N ranks.
        """
    public static let options: [OptionSpec] = [
        .option("config", .path(mustExist: true), valueName: "FILE", help: "A JSON configuration (fields it omits keep their defaults)."),
        .option("algo", .choice(TrainingAlgorithm.allCases.map(\.rawValue)), help: "The algorithm (configuration field 'algorithm')."),
        .option("env", .string, valueName: "ID", help: "The environment id (see 'empower envs list'), or a Python one: gymnasium:<id>, python:<module>:<factory>."),
        .option("skills", .int, valueName: "K", help: "The number of skills (DIAYN, SLIM, MASD, LSD, METRA, CSD; at least 2)."),
        .option("agents", .int, valueName: "N", help: "Agents of a multi-agent environment (configuration field 'environment_arguments.agents')."),
        .option("steps", .int, valueName: "N", help: "Environment steps in total."),
        .option("seed", .uint64, valueName: "S", help: "The master seed."),
        .option("threads", .int, valueName: "T", help: "OpenBLAS threads (and environment threads with several environments)."),
        .option("stop-at-accuracy", .double(in: 0.001...1), valueName: "X", help: "Stop once a periodic evaluation's fresh-rollout accuracy reaches X (configuration field 'stop_at_accuracy')."),
        .option("run-dir", .path(), valueName: "DIR", help: "Where the run goes (default: runs/ALGO-ENV-DATE)."),
        .repeatable("set", .keyValue, help: "Set any configuration field, e.g. --set sac.batch_size=128."),
    ]
    public static let examples: [CommandExample] = [
        CommandExample("empower train", "DIAYN, 10 skills, PointMass-v0, the defaults."),
        CommandExample("empower train --algo sac --env Pendulum-v0 --steps 20000 --set sac.tune_alpha=true", "SAC on the pendulum."),
        CommandExample("empower train --env TabletopPush-v0 --skills 20 --set diayn.features=objects", "Skills judged by where the objects end up."),
        CommandExample("empower train --algo ppo --env Pendulum-v0 --steps 100000 --set ppo.gamma=0.9", "PPO on the pendulum."),
        CommandExample("empower train --algo slim --env TabletopPush-v0 --skills 8 --steps 200000", "SLIM: discovery, reach and safety critics."),
        CommandExample("empower train --env gymnasium:LunarLanderContinuous-v3 --set environment_arguments.gravity=-8", "DIAYN on a Gymnasium environment, run in a Python worker process."),
        CommandExample("empower train --algo masd --env ParticleSpread-v0 --agents 3 --skills 8 --set masd.beta=1", "Skills readable from all three agents together, not from one."),
        CommandExample("mpirun -np 4 empower train --algo metra --env TabletopPush-v0 --run-dir runs/metra-4", "One run trained by 4 processes, gradients averaged across them."),
    ]

    /// The options that describe a configuration (`--config`, `--algo`, `--env`, `--skills`,
    /// `--agents`, `--steps`, `--threads`, `--set`), which `empower sweep` declares too, for its
    /// base configuration.
    static let configurationOptions: [OptionSpec] = options.filter {
        ["config", "algo", "env", "skills", "agents", "steps", "threads", "stop-at-accuracy", "set"].contains($0.name)
    }

    /// The `key=value` overrides that ``configurationOptions`` ask for, in precedence order
    /// (`--set` first, the named flags after, so a flag wins over `--set` of the same key).
    static func configurationOverrides(_ arguments: ParsedArguments) -> [String] {
        var overrides = arguments.keyValues("set").map { "\($0.key)=\($0.value)" }
        if let algorithm = arguments.string("algo") { overrides.append("algorithm=\(algorithm)") }
        if let environment = arguments.string("env") { overrides.append("environment=\(environment)") }
        if let skills = arguments.int("skills") { overrides.append("skills=\(skills)") }
        if let agents = arguments.int("agents") { overrides.append("environment_arguments.agents=\(agents)") }
        if let steps = arguments.int("steps") { overrides.append("steps=\(steps)") }
        if let threads = arguments.int("threads") { overrides.append("threads=\(threads)") }
        if let accuracy = arguments.double("stop-at-accuracy") { overrides.append("stop_at_accuracy=\(accuracy)") }
        return overrides
    }

    public static func run(_ arguments: ParsedArguments, io: CommandIO) throws -> ExitCode {
        try TrainingSession.onEveryRank(io: io) { io, world in try train(arguments, io: io, world: world) }
    }

    /// Trains; under `mpirun -np N` (`world`), this rank's share of the run, rank 0 making the
    /// run directory and writing into it.
    static func train(_ arguments: ParsedArguments, io: CommandIO, world: MPIWorld?) throws -> ExitCode {
        var overrides = configurationOverrides(arguments)
        if let seed = arguments.uint64("seed") { overrides.append("seed=\(seed)") }
        let configuration = try ConfigurationLoader.load(TrainingConfiguration.self, from: arguments.string("config"), overrides: overrides, allowingSpecialFiles: true)
        let catalog = io.catalog
        try checkEnvironment(of: configuration, in: catalog)

        let rank = world?.rank ?? 0
        var path = arguments.string("run-dir")
            ?? RunDirectory.defaultPath(algorithm: configuration.algorithm.rawValue, environment: configuration.environment)
        var run: RunDirectory?
        if rank == 0 {
            let made = try RunDirectory(path: path, create: true)
            try ConfigurationLoader.write(configuration, to: made.configPath)
            run = made
        }
        if let world {
            // Rank 0's name (a default one holds the time), seen by every rank.
            path = String(decoding: world.broadcast(Array((run?.path ?? path).utf8), from: 0), as: UTF8.self)
            try SweepCommand.checkShared(path, world: world, marker: ".ranks", removing: true, option: "--run-dir")
            io.print("data-parallel training on \(world.size) ranks: each collects with \(configuration.environments) environment\(configuration.environments == 1 ? "" : "s"), every gradient averaged over the ranks")
        }
        io.print("run directory: \(path)")
        if let preset = TrainingPreset.matching(algorithm: configuration.algorithm, environment: configuration.environment) {
            io.print("preset \(preset.name) for \(configuration.environment): \(preset.settings.joined(separator: ", ")) (your own settings win; config.json has every value used)")
        }
        let trainer = try Trainers.make(configuration: configuration, catalog: catalog, runDirectory: run, group: world)
        return try TrainingSession.run(trainer, catalog: catalog, io: io, ranks: world?.size ?? 1)
    }

    /// Checks the environment and its arguments against the algorithm, before anything is
    /// written: MASD needs a multi-agent environment, the other algorithms a single-agent one.
    static func checkEnvironment(of configuration: TrainingConfiguration, in catalog: EnvironmentCatalog) throws {
        if configuration.algorithm == .masd {
            try MASDTrainer.checkEnvironment(configuration.environment, in: catalog)
            _ = try catalog.makeMultiAgent(configuration.environment, arguments: configuration.catalogArguments)
        } else if try catalog.isMultiAgent(configuration.environment, arguments: configuration.catalogArguments) {
            throw TrainingError(
                .unsupportedEnvironment,
                "\(configuration.environment) is a multi-agent environment; train it with --algo masd (and --agents N)",
                context: ["environment": configuration.environment])
        } else {
            _ = try catalog.make(configuration.environment, arguments: configuration.catalogArguments)
        }
    }
}

/// `empower resume RUN_DIR`: continues a run from its latest valid checkpoint, exactly as if it
/// had never stopped.
public enum ResumeCommand: Command {
    public static let name = "resume"
    public static let summary = "Continue a stopped or killed run from its latest checkpoint."
    public static let arguments: [ArgumentSpec] = [.required("RUN_DIR", help: "A run directory written by 'empower train'.")]
    public static let examples: [CommandExample] = [
        CommandExample("empower resume runs/diayn-PointMass-v0-20261124-101500", "Pick up where the run stopped."),
    ]

    public static func run(_ arguments: ParsedArguments, io: CommandIO) throws -> ExitCode {
        try TrainingSession.onEveryRank(io: io) { io, world in
            let path = arguments.positional("RUN_DIR") ?? ""
            let run = try RunDirectory(path: path, create: false)
            if let world { try SweepCommand.checkShared(run.path, world: world, marker: ".ranks", removing: true, option: "RUN_DIR") }
            return try resume(run, io: io, world: world)
        }
    }

    static func resume(_ run: RunDirectory, io: CommandIO, world: MPIWorld?) throws -> ExitCode {
        let catalog = io.catalog
        let trainer = try Trainers.resume(runDirectory: run, catalog: catalog, group: world) { io.printError($0) }
        io.print("resuming \(run.path) at step \(trainer.step) of \(trainer.configuration.steps)")
        return try TrainingSession.run(trainer, catalog: catalog, io: io, ranks: world?.size ?? 1)
    }
}

/// What `train` and `resume` share: the stop signal, the progress line, the closing report,
/// and the ranks of data-parallel training.
enum TrainingSession {
    /// Runs `body` with no world in a plain process. Under `mpirun -np N` with N > 1, runs it
    /// on every rank with the world, rank 0 writing to `io` and the others silent; an error on
    /// any rank ends every rank (the others would wait for it forever).
    static func onEveryRank(io: CommandIO, _ body: (CommandIO, MPIWorld?) throws -> ExitCode) throws -> ExitCode {
        guard let world = MPIWorld.current, world.size > 1 else { return try body(io, nil) }
        do {
            return try body(world.rank == 0 ? io : io.silenced, world)
        } catch {
            world.fail("\(error)")
        }
    }

    static func run(_ trainer: any SkillTrainer, catalog: EnvironmentCatalog, io: CommandIO, ranks: Int = 1) throws -> ExitCode {
        let stop = StopSignal()
        defer { stop.uninstall() }
        let summary = try trainer.train(until: nil, stop: stop) { io.printError($0, terminator: "") }
        guard let run = trainer.runDirectory else { return .success }
        if summary.interrupted {
            let launcher = ranks > 1 ? "mpirun -np \(ranks) " : ""
            io.print("stopped at step \(summary.step); checkpoint written. Continue with: \(launcher)empower resume \(run.path)")
            return .success
        }
        io.print("trained \(summary.step) steps, \(summary.episodes) episodes, \(summary.updates) updates in \(ProgressReporter.formatDuration(summary.elapsedSeconds))")
        if let reached = summary.reachedAccuracy, let goal = trainer.configuration.stopAtAccuracy {
            io.print("stopped early: fresh-rollout accuracy \(Metrics.percent(reached)) reached stop_at_accuracy (\(Metrics.percent(goal))) at step \(summary.step)")
        }
        if trainer.skillCount > 0 {
            var options = SkillReport.Options()
            options.animations = false
            let (report, files) = try SkillReport.write(trainer, catalog: catalog, run: run, options: options, io: io)
            printSummary(report, io: io)
            if let picture = files.first(where: { $0.hasSuffix("trajectories.png") }) { io.print("picture: \(picture)") }
            io.print("report: \(run.reportPath)/index.html; with per-skill animations: empower evaluate \(run.path)")
        }
        io.print("run: \(run.path) (metrics.csv, checkpoints/, report/, tensorboard/: tensorboard --logdir \(run.tensorBoardPath))")
        return .success
    }

    /// The report's headline figures, one per line.
    static func printSummary(_ report: EvaluationReport, io: CommandIO) {
        let metrics = report.deterministic
        let logK = log(Double(report.skills))
        if let accuracy = metrics.discriminatorAccuracy {
            io.print("discriminator accuracy on fresh rollouts of every skill: \(percent(accuracy)) (chance \(percent(1 / Double(report.skills))); stochastic actions: \(report.stochastic.discriminatorAccuracy.map(percent) ?? "-"))")
        }
        if let bound = metrics.mutualInformationLowerBound {
            io.print("I(S;Z) lower bound: \(rounded(bound)) nats; plug-in I(Z; cell): \(metrics.mutualInformationPlugin.map(rounded) ?? "-") nats (both at most log K = \(rounded(logK)))")
        }
        if let cells = metrics.stateCoverageCells {
            io.print("state coverage: \(cells) cells of side \(report.cellSize) visited by \(report.trackedPosition ?? "-")")
        }
        if let cells = metrics.objectCoverageCells {
            io.print("object coverage: \(cells) cells; skills moving an object more than \(metrics.objectMoveThreshold.map(rounded) ?? "-"): \(metrics.skillsMovingObjects.map(percent) ?? "-")")
        }
        if let cells = metrics.objectDisplacementCells {
            io.print("object displacement: \(cells) cells of side \(report.cellSize / 2); directions of the skills that move it: \(metrics.objectMoveDirections ?? 0) of 8")
        }
        if let lifting = metrics.skillsLiftingObjects {
            io.print("skills lifting an object one block height for \(SkillMetrics.liftSteps) steps: \(percent(lifting))")
        }
        if let joint = metrics.jointAccuracy {
            let agents = (metrics.perAgentAccuracy ?? []).enumerated().map { "agent\($0.offset) \(percent($0.element))" }
            io.print("joint accuracy: \(percent(joint)); per agent: \(agents.joined(separator: ", "))")
        }
        if let cells = metrics.relativePositionCellsPerPair {
            io.print("coordination: \(rounded(cells)) cells of the agents' relative positions per agent pair (cells of 0.2 m)\(metrics.assignmentPatterns.map { "; \($0) agent-to-landmark assignment patterns" } ?? "")")
        }
        io.print("safety violations per episode: \(rounded(metrics.safetyViolationsPerEpisode)); mean return: \(rounded(metrics.meanReturn))")
        printDiagnoses(report.diagnoses ?? [], io: io)
    }

    /// "diagnoses: none", or each diagnosis with what to try.
    static func printDiagnoses(_ diagnoses: [Diagnosis], io: CommandIO) {
        guard !diagnoses.isEmpty else {
            io.print("diagnoses: none (no sign of a failed run)")
            return
        }
        io.print("diagnoses: \(diagnoses.count) problem\(diagnoses.count == 1 ? "" : "s") found")
        for diagnosis in diagnoses {
            io.print("- \(diagnosis.title): \(diagnosis.explanation)")
            io.print("  try: \(diagnosis.suggestion)")
        }
    }

    static func percent(_ value: Double) -> String { Metrics.percent(value) }
    static func rounded(_ value: Double) -> String { "\((value * 1000).rounded() / 1000)" }
}
