import EmpowerBase
import EmpowerCore
import EmpowerRender
import EmpowerSkills
import EmpowerTraining
import Foundation

/// The SLIM experiment's parts: the three methods' configurations, training as child
/// processes, the evaluation metrics, the table, the picture.
enum SLIMExperiment {
    struct Settings {
        var steps: Int
        var seeds: Int
        var skills: Int
        var parallel: Int
        var episodes: Int
        var methods: [String] = SLIMExperiment.methods
        /// `key=value` overrides applied to every run's configuration.
        var overrides: [String] = []
    }

    /// The compared methods, in table order.
    static let methods = ["slim", "sum", "diayn"]

    /// One run's configuration. All methods: TabletopPush-v0, K skills, 8 environments, the
    /// discriminator on all observation features with 2x128 hidden layers. SLIM and `sum`: the
    /// channels discovery (weight 1), reach (2) and safety (1), rollouts of 128 x 8 steps.
    static func configuration(method: String, seed: UInt64, settings: Settings) throws -> TrainingConfiguration {
        var c = TrainingConfiguration()
        c.environment = "TabletopPush-v0"
        c.skills = settings.skills
        c.steps = settings.steps
        c.seed = seed
        c.environments = 8
        c.logInterval = max(settings.steps / 30, 1)
        c.checkpointInterval = max(settings.steps / 4, 1)
        c.keepCheckpoints = 1
        switch method {
        case "diayn":
            c.algorithm = .diayn
            c.sac.hiddenSizes = [64, 64]
            c.sac.batchSize = 128
            c.diayn.hiddenSizes = [128, 128]
        default:
            c.algorithm = .slim
            c.ppo.rolloutSteps = 128
            c.slim.channels = ["discovery": 1, "reach": 2, "safety": 1]
            c.slim.combine = method == "sum" ? "sum" : "critics"
        }
        guard !settings.overrides.isEmpty else { return c }
        let overrides = settings.overrides.filter { method == "diayn" ? !$0.hasPrefix("slim.") && !$0.hasPrefix("ppo.") : !$0.hasPrefix("sac.") && !$0.hasPrefix("diayn.") }
        return try ConfigurationLoader.decode(TrainingConfiguration.self, json: try ConfigurationLoader.resolvedJSON(c), overrides: overrides)
    }

    /// Trains every (method, seed) as `empower train --config FILE --run-dir DIR`, `parallel` at
    /// a time; returns (method, seed, run directory) for each.
    static func train(_ settings: Settings, into out: String, reuse: Bool, io: CommandIO) throws -> [(method: String, seed: Int, path: String)] {
        var jobs: [(method: String, seed: Int, path: String)] = []
        for seed in 0..<settings.seeds { for method in settings.methods { jobs.append((method, seed, "\(out)/\(method)-seed\(seed)")) } }
        var children: [ExperimentRuns.Job] = []
        for job in jobs {
            if reuse, let events = try? String(contentsOfFile: job.path + "/events.log", encoding: .utf8), events.contains("finished at step") {
                io.print("reusing \(job.path)")
                continue
            }
            try? FileManager.default.removeItem(atPath: job.path)
            let configPath = job.path + ".json"
            try ConfigurationLoader.write(try configuration(method: job.method, seed: UInt64(job.seed), settings: settings), to: configPath)
            children.append(ExperimentRuns.Job(
                name: "\(job.method) seed \(job.seed)", arguments: ["train", "--config", configPath, "--run-dir", job.path], logPath: job.path + ".log"))
        }
        try ExperimentRuns.run(children, parallel: settings.parallel, io: io)
        return jobs
    }

    /// What one run's evaluation measured.
    struct RunResult {
        var method: String
        var seed: Int
        var coverage: Double
        var movingFraction: Double
        var safetyPerEpisode: Double
        var accuracy: Double
        /// Object tracks per skill (for the picture).
        var tracks: [[[SIMD2<Float>]]]
    }

    static let cellSize: Float = 0.05
    static let movedThreshold: Float = 0.02

    static func evaluate(_ runs: [(method: String, seed: Int, path: String)], settings: Settings, catalog: EnvironmentCatalog) throws -> [RunResult] {
        var results: [RunResult] = []
        for run in runs {
            let trainer = try Trainers.open(runDirectory: try RunDirectory(path: run.path, create: false), catalog: catalog)
            var generator = Xoshiro256(seed: Seed.derive(7, stream: "experiment-policy"))
            var episodes: [SkillEpisode] = []
            for skill in 0..<trainer.skillCount {
                for episode in 0..<settings.episodes {
                    episodes.append(try trainer.rolloutSkill(
                        skill, seed: Seed.derive(7, stream: "experiment", index: UInt64(episode)), stochastic: false,
                        recordFrames: false, using: &generator))
                }
            }
            var result = measure(episodes, skillCount: trainer.skillCount)
            result.method = run.method
            result.seed = run.seed
            results.append(result)
        }
        return results
    }

    /// The four metrics of one run's evaluation episodes, from ``SkillMetrics``: object
    /// coverage in 5 cm cells, the fraction of skills with an episode that takes the object more
    /// than 2 cm from its reset position, safety violations per episode, and accuracy.
    static func measure(_ episodes: [SkillEpisode], skillCount: Int) -> RunResult {
        let metrics = SkillMetrics(episodes: episodes, skillCount: skillCount, cellSize: Double(cellSize), objectMoveThreshold: Double(movedThreshold))
        var tracks = [[[SIMD2<Float>]]](repeating: [], count: skillCount)
        for episode in episodes where (0..<skillCount).contains(episode.skill) {
            tracks[episode.skill].append(episode.positions["object0"] ?? [])
        }
        return RunResult(
            method: "", seed: 0, coverage: Double(metrics.objectCoverageCells ?? 0), movingFraction: metrics.skillsMovingObjects ?? 0,
            safetyPerEpisode: metrics.safetyViolationsPerEpisode, accuracy: metrics.accuracy ?? 0, tracks: tracks)
    }

    static func table(_ results: [RunResult], settings: Settings) -> String {
        func cell(_ values: [Double], digits: Int) -> String {
            let (mean, spread) = ExperimentRuns.meanAndSpread(values)
            return "\(format(mean, digits)) ± \(format(spread, digits))"
        }
        var lines = [
            "TabletopPush-v0, \(settings.skills) skills, \(settings.steps) environment steps per run, \(settings.seeds) seeds (mean ± sample std over seeds); \(settings.episodes) deterministic episodes per skill from shared reset seeds",
            "",
            "| method | object coverage (5 cm cells) | skills moving the object | safety violations / episode | discriminator accuracy |",
            "|---|---|---|---|---|",
        ]
        let names = ["slim": "SLIM (one critic per channel)", "sum": "combine: sum (one critic)", "diayn": "DIAYN (SAC, off-policy)"]
        for method in methods {
            let rows = results.filter { $0.method == method }
            guard !rows.isEmpty else { continue }
            lines.append("| \(names[method] ?? method) | \(cell(rows.map(\.coverage), digits: 1)) | \(cell(rows.map(\.movingFraction), digits: 2)) | \(cell(rows.map(\.safetyPerEpisode), digits: 2)) | \(cell(rows.map(\.accuracy), digits: 3)) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func json(_ results: [RunResult]) -> String {
        let rows = results.map {
            "  {\"method\": \"\($0.method)\", \"seed\": \($0.seed), \"object_coverage\": \($0.coverage), \"moving_fraction\": \($0.movingFraction), \"safety_per_episode\": \($0.safetyPerEpisode), \"accuracy\": \($0.accuracy)}"
        }
        return "[\n" + rows.joined(separator: ",\n") + "\n]\n"
    }

    static func format(_ value: Double, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        return "\(rounded)"
    }

    /// Seed 0's object tracks of each method side by side on the table, one colour per skill.
    static func drawTracks(_ results: [RunResult], to path: String) throws {
        let shown = methods.compactMap { method in results.first { $0.method == method && $0.seed == 0 } }
        guard !shown.isEmpty else { return }
        let panel: Float = 1.1
        let canvas = try Canvas(width: 420 * shown.count, height: 380, background: .white)
        try canvas.setView(minimum: SIMD2(-0.55, -0.5), maximum: SIMD2(-0.55 + panel * Float(shown.count), 0.5))
        let titles = ["slim": "SLIM", "sum": "combine: sum", "diayn": "DIAYN"]
        for (index, result) in shown.enumerated() {
            let offset = SIMD2<Float>(panel * Float(index), 0)
            canvas.strokeRectangle(center: offset, halfSize: SIMD2(0.5, 0.4), color: .gray, lineWidth: 1)
            for (skill, tracks) in result.tracks.enumerated() {
                for track in tracks where track.count > 1 {
                    canvas.strokePolyline(track.map { $0 + offset }, color: Color.categorical(skill), lineWidth: 2)
                    canvas.fillCircle(center: track[track.count - 1] + offset, radius: 0.008, color: Color.categorical(skill))
                }
            }
            canvas.drawText(
                "\(titles[result.method] ?? result.method): coverage \(Int(result.coverage)), moving \(Int((result.movingFraction * 100).rounded()))%",
                at: offset + SIMD2(-0.48, 0.44), size: 13)
        }
        try PNGWriter.write(canvas.frame(), to: path)
    }
}
