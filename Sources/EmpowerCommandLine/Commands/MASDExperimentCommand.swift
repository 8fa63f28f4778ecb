import EmpowerBase
import EmpowerEnvironments
import EmpowerSkills
import EmpowerTraining
import Foundation

/// `empower experiment masd`: MASD (beta > 0) against its ablation, multi-agent DIAYN
/// (beta = 0), on ParticleSpread-v0 (3 agents) and CooperativePush-v0 (2 agents), with the
/// same budget and seeds, then a table of joint accuracy, mean per-agent accuracy and the
/// coordination measure (mean ± standard deviation over seeds).
///
/// Every run is an ordinary `empower train` child process (`--jobs` at a time) writing
/// `OUT/<env>-beta<b>-seed<s>/`; a run that already reached its steps is kept, one that
/// stopped early is resumed, so rerunning the command after an interruption finishes the
/// work. Each finished run is then evaluated on fresh rollouts (3 episodes per skill,
/// deterministic actions; see ``MASDTrainer/evaluateSkills(episodesPerSkill:seed:stochastic:)``)
/// and gets the report `empower evaluate` writes (without GIFs: `report/report.json`,
/// `index.html`, `trajectories.png`, `masd-skills.png` with one panel per skill and all its
/// agents). Results go to `OUT/results.json` and `OUT/table.md`, and `empower compare` puts
/// each environment's runs side by side in `OUT/compare-<env>/compare.html`.
public enum MASDExperimentCommand: Command {
    public static let name = "masd"
    public static let summary = "MASD (beta > 0) against multi-agent DIAYN (beta = 0) on ParticleSpread-v0 and CooperativePush-v0."
    public static let discussion = """
        Trains 2 environments x 2 betas x --seeds seeds runs of --steps steps each, --jobs at a
        time, evaluates them and prints the table. Every run uses the same configuration except
        masd.beta and the seed: K = --skills, 64x64 networks, batch 128, alpha 0.1 fixed.
        Finished runs in --out are reused, so the command can be rerun after an interruption.
        """
    public static let options: [OptionSpec] = [
        .option("out", .string, valueName: "DIR", default: "runs/masd-experiment", help: "Where the runs, results.json and table.md go."),
        .option("steps", .int(in: 1...100_000_000), default: 40_000, help: "Environment steps of every run."),
        .option("seeds", .int(in: 1...20), default: 3, help: "Seeds per setting (1, 2, ...)."),
        .option("skills", .int(in: 2...100), default: 6, help: "K, skills of every run."),
        .option("beta", .double(in: 0...100), default: 1, help: "The MASD bottleneck weight compared with beta = 0."),
        .option("jobs", .int(in: 1...16), default: 2, help: "Training processes at a time."),
        .option("only", .choice(["ParticleSpread-v0", "CooperativePush-v0"]), help: "Run one of the two environments only."),
        .repeatable("set", .keyValue, help: "Any configuration field for every run, e.g. --set sac.batch_size=256."),
    ]
    public static let examples: [CommandExample] = [
        CommandExample("empower experiment masd", "The full experiment, 12 runs of 40000 steps, 2 at a time."),
        CommandExample("empower experiment masd --steps 2000 --seeds 1 --out /tmp/masd-smoke", "A quick smoke run."),
    ]

    /// One run of the experiment.
    struct Setting {
        var environment: String
        var agents: Int
        var beta: Double
        var seed: Int
        var name: String { "\(environment)-beta\(beta == beta.rounded() ? String(Int(beta)) : String(beta))-seed\(seed)" }
    }

    public static func run(_ arguments: ParsedArguments, io: CommandIO) throws -> ExitCode {
        let out = arguments.string("out") ?? "runs/masd-experiment"
        let steps = arguments.int("steps") ?? 40_000
        let seeds = arguments.int("seeds") ?? 3
        let skills = arguments.int("skills") ?? 6
        let beta = arguments.double("beta") ?? 1
        let jobs = arguments.int("jobs") ?? 2
        try FileManager.default.createDirectory(atPath: out + "/configs", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: out + "/logs", withIntermediateDirectories: true)

        var settings: [Setting] = []
        let only = arguments.string("only")
        for (environment, agents) in [("ParticleSpread-v0", 3), ("CooperativePush-v0", 2)] where only == nil || only == environment {
            for b in [beta, 0] {
                for seed in 1...seeds { settings.append(Setting(environment: environment, agents: agents, beta: b, seed: seed)) }
            }
        }
        var commands: [(Setting, [String])] = []
        for setting in settings {
            var overrides = [
                "algorithm=masd", "environment=\(setting.environment)", "environment_arguments.agents=\(setting.agents)",
                "skills=\(skills)", "steps=\(steps)", "seed=\(setting.seed)", "masd.beta=\(setting.beta)",
                "sac.hidden_sizes=[64,64]", "masd.hidden_sizes=[64,64]", "sac.batch_size=128",
                "log_interval=\(max(steps / 20, 1))", "checkpoint_interval=\(max(steps / 4, 1))", "threads=1",
            ]
            overrides += arguments.keyValues("set").map { "\($0.key)=\($0.value)" }
            let configuration = try ConfigurationLoader.decode(TrainingConfiguration.self, json: "{}", overrides: overrides, source: "the experiment's settings")
            let configPath = "\(out)/configs/\(setting.name).json"
            try ConfigurationLoader.write(configuration, to: configPath)
            let runPath = "\(out)/\(setting.name)"
            switch try progress(of: runPath, steps: steps) {
            case .done: io.print("\(setting.name): already trained, kept")
            case .partial: commands.append((setting, ["resume", runPath]))
            case .none: commands.append((setting, ["train", "--config", configPath, "--run-dir", runPath]))
            }
        }
        try runChildren(commands, jobs: jobs, logs: out + "/logs", io: io)

        var results: [(Setting, MASDEvaluation)] = []
        for setting in settings {
            let run = try RunDirectory(path: "\(out)/\(setting.name)", create: false)
            let trainer = try Trainers.open(runDirectory: run, catalog: BuiltInEnvironments.catalog)
            guard let masd = trainer as? MASDTrainer else { continue }
            // The run's report (report.json, pictures, index.html; what `empower evaluate` writes
            // but the GIFs), then the table's figures from the same deterministic rollouts.
            var options = SkillReport.Options()
            options.animations = false
            _ = try SkillReport.write(masd, catalog: BuiltInEnvironments.catalog, run: run, options: options, io: io)
            let evaluation = try masd.evaluateSkills(episodesPerSkill: options.episodesPerSkill, seed: options.seed).evaluation
            results.append((setting, evaluation))
            io.print("\(setting.name): joint \(fixed(evaluation.jointAccuracy)), per agent \(evaluation.perAgentAccuracy.map(fixed).joined(separator: " ")), relative cells/pair \(fixed(evaluation.coordination.cellsPerPair, 1))")
        }
        // One `empower compare` page per environment, its runs side by side.
        var comparisons: [(Setting, [String])] = []
        for environment in Set(settings.map(\.environment)).sorted() {
            let runs = settings.filter { $0.environment == environment }.map { "\(out)/\($0.name)" }
            var setting = settings[0]
            setting.environment = "compare-" + environment
            comparisons.append((setting, ["compare"] + runs + ["--out", "\(out)/compare-\(environment)"]))
        }
        try runChildren(comparisons, jobs: jobs, logs: out + "/logs", io: io)
        let table = makeTable(results, skills: skills, steps: steps, seeds: seeds)
        io.print("")
        io.print(table)
        try Data(table.utf8).write(to: URL(fileURLWithPath: out + "/table.md"))
        try Data(resultsJSON(results).utf8).write(to: URL(fileURLWithPath: out + "/results.json"))
        io.print("wrote \(out)/table.md, \(out)/results.json and \(out)/compare-*/compare.html; each run's report in its report/ (index.html, masd-skills.png)")
        return .success
    }

    enum Progress { case none, partial, done }

    /// Whether `path` holds a run that reached `steps` (its newest checkpoint's step), a run that
    /// stopped before, or nothing.
    static func progress(of path: String, steps: Int) throws -> Progress {
        guard FileManager.default.fileExists(atPath: path + "/config.json") else { return .none }
        let run = try RunDirectory(path: path, create: false)
        let store = try CheckpointStore(directory: run.checkpointsPath, keep: 3)
        guard let latest = try store.latest() else { return .none }
        return latest.step >= steps ? .done : .partial
    }

    /// Runs `empower <arguments>` for every command, `jobs` at a time, each writing its output
    /// to `logs/<name>.log`.
    static func runChildren(_ commands: [(Setting, [String])], jobs: Int, logs: String, io: CommandIO) throws {
        try ExperimentRuns.run(
            commands.map { ExperimentRuns.Job(name: $0.0.name, arguments: $0.1, logPath: "\(logs)/\($0.0.name).log") },
            parallel: jobs, io: io)
    }

    static func fixed(_ value: Double) -> String { fixed(value, 3) }

    static func fixed(_ value: Double, _ digits: Int) -> String {
        let scale = pow(10.0, Double(digits))
        let rounded = (value * scale).rounded() / scale
        var text = "\(rounded)"
        if let dot = text.firstIndex(of: ".") {
            let decimals = text.distance(from: dot, to: text.endIndex) - 1
            if decimals < digits { text += String(repeating: "0", count: digits - decimals) }
        }
        return text
    }

    /// The Markdown table: one row per (environment, beta), mean ± sample standard deviation over seeds.
    static func makeTable(_ results: [(Setting, MASDEvaluation)], skills: Int, steps: Int, seeds: Int) -> String {
        var lines = [
            "| environment | beta | joint accuracy | mean per-agent accuracy | relative cells per pair |",
            "|---|---|---|---|---|",
        ]
        var keys: [(String, Double)] = []
        for (setting, _) in results where !keys.contains(where: { $0.0 == setting.environment && $0.1 == setting.beta }) {
            keys.append((setting.environment, setting.beta))
        }
        for (environment, beta) in keys {
            let group = results.filter { $0.0.environment == environment && $0.0.beta == beta }.map(\.1)
            let joint = ExperimentRuns.meanAndSpread(group.map(\.jointAccuracy))
            let agent = ExperimentRuns.meanAndSpread(group.map(\.meanAgentAccuracy))
            let cells = ExperimentRuns.meanAndSpread(group.map(\.coordination.cellsPerPair))
            lines.append("| \(environment) | \(beta) | \(fixed(joint.mean)) ± \(fixed(joint.spread)) | \(fixed(agent.mean)) ± \(fixed(agent.spread)) | \(fixed(cells.mean, 1)) ± \(fixed(cells.spread, 1)) |")
        }
        lines.append("")
        lines.append("K = \(skills) skills (chance accuracy \(fixed(1 / Double(skills)))), \(steps) steps per run, \(seeds) seeds per row (mean ± sample standard deviation); accuracies on fresh deterministic rollouts, 3 episodes per skill.")
        return lines.joined(separator: "\n") + "\n"
    }

    static func resultsJSON(_ results: [(Setting, MASDEvaluation)]) -> String {
        let runs = results.map { setting, evaluation in
            JSONValue.object([
                JSONMember("run", .string(setting.name)), JSONMember("environment", .string(setting.environment)),
                JSONMember("agents", .int(setting.agents)), JSONMember("beta", .number(setting.beta)), JSONMember("seed", .int(setting.seed)),
                JSONMember("joint_accuracy", .number(evaluation.jointAccuracy)),
                JSONMember("per_agent_accuracy", .array(evaluation.perAgentAccuracy.map { .number($0) })),
                JSONMember("mean_agent_accuracy", .number(evaluation.meanAgentAccuracy)),
                JSONMember("relative_cells_per_pair", .number(evaluation.coordination.cellsPerPair)),
                JSONMember("relative_cell_size", .number(Double(evaluation.coordination.cellSize))),
                JSONMember("states", .int(evaluation.states)),
            ])
        }
        return JSONValue.array(runs).rendered(pretty: true) + "\n"
    }
}
