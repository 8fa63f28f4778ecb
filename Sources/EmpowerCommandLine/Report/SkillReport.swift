import EmpowerBase
import EmpowerCore
import EmpowerSkills
import EmpowerTraining
#if canImport(Glibc)
import Glibc
#endif

/// Everything in `RUN_DIR/report/`, written from fresh rollouts of every skill:
///
///     report.json                        the metrics (see EvaluationReport for every key)
///     trajectories.svg, trajectories.png every skill's paths (TrajectoryPicture)
///     masd-skills.svg, masd-skills.png   MASD runs: one panel per skill, all its agents (MultiAgentSkillPictures)
///     skill-00.gif ... and skills.gif    the rendered rollouts (SkillAnimations)
///     curves.svg, curves.png             learning curves from metrics.csv (LearningCurves)
///     index.html                         one self-contained page with all of it and config.json
///
/// `empower evaluate` writes all of it; the end of `empower train` writes all but the GIFs.
/// Everything is written into `RUN_DIR/report.tmp-PID/` first, which replaces `report/` only
/// when complete: a failure (a full disk) leaves the previous report as it was.
enum SkillReport {
    struct Options {
        var episodesPerSkill = 3
        var seed = SkillEvaluation.defaultSeed
        var animations = true
    }

    /// Evaluates `trainer` (deterministic, then stochastic rollouts), writes the files and
    /// returns the report with the paths written. Progress goes to standard error.
    static func write(_ trainer: any SkillRollouts, catalog: EnvironmentCatalog, run: RunDirectory, options: Options, io: CommandIO) throws -> (report: EvaluationReport, files: [String]) {
        let staging = "\(run.reportPath).tmp-\(getpid())"
        try removeLeftovers(of: run)
        try FileSystem.makeDirectory(staging)
        do {
            let (report, files) = try write(trainer, catalog: catalog, run: run, options: options, into: staging, io: io)
            try FileSystem.replaceDirectory(run.reportPath, with: staging)
            return (report, files.map { run.reportPath + $0.dropFirst(staging.count) })
        } catch {
            try? FileSystem.removeTree(staging)
            throw error
        }
    }

    /// Removes what an interrupted report left in the run: `report.tmp-*` and `report.previous-*`.
    static func removeLeftovers(of run: RunDirectory) throws {
        for name in try FileSystem.contents(of: run.path) where name.hasPrefix("report.tmp-") || name.hasPrefix("report.previous-") {
            try FileSystem.removeTree(FileSystem.join(run.path, name))
        }
    }

    static func write(
        _ trainer: any SkillRollouts, catalog: EnvironmentCatalog, run: RunDirectory, options: Options, into directory: String, io: CommandIO
    ) throws -> (report: EvaluationReport, files: [String]) {
        var evaluations: [SkillEvaluation] = []
        for stochastic in [false, true] {
            let mode = stochastic ? "stochastic" : "deterministic"
            evaluations.append(
                try SkillEvaluation.evaluate(
                    trainer, catalog: catalog, episodesPerSkill: options.episodesPerSkill, seed: options.seed, stochastic: stochastic
                ) { done, total in
                    progress("\(mode) rollouts: \(done)/\(total) episodes", isLast: done == total, io: io)
                })
        }
        let report = EvaluationReport(
            algorithm: trainer.policyName, environment: trainer.configuration.environment,
            skills: trainer.skillCount, episodesPerSkill: options.episodesPerSkill, seed: options.seed, checkpointStep: trainer.step,
            deterministic: evaluations[0].metrics, stochastic: evaluations[1].metrics)
        var files: [String] = []
        let reportPath = directory + "/report.json"
        try AtomicFile.write(Array(try report.jsonText().utf8), to: reportPath)
        files.append(reportPath)

        let title = "\(report.algorithm) on \(report.environment): \(report.skills) skills, step \(report.checkpointStep)"
        files += try TrajectoryPicture.write(evaluations[0], title: title, into: directory)
        for picture in trainer.extraReportPictures {
            switch picture {
            case let .agentPanels(title):
                // One panel per skill with all its agents together (MultiAgentSkillPictures).
                let episodes = evaluations[0].episodes
                files += try MultiAgentSkillPictures.write(
                    episodes: episodes, evaluation: MASDEvaluation(episodes: episodes, skillCount: trainer.skillCount),
                    skillCount: trainer.skillCount, title: title, into: directory)
            }
        }
        if options.animations {
            files += try SkillAnimations.write(trainer, seed: options.seed, into: directory) { text, isLast in
                progress(text, isLast: isLast, io: io)
            }
        }
        if let records = try? MetricsLog.read(csv: run.metricsCSVPath), !records.isEmpty {
            files += try LearningCurves.write([.init(label: run.path, records: records)], name: "curves", into: directory)
        }
        let configuration = trainer.configurationText
        let indexPath = directory + "/index.html"
        try AtomicFile.write(Array(indexPage(report, run: run, directory: directory, configuration: configuration, files: files).utf8), to: indexPath)
        files.append(indexPath)
        return (report, files)
    }

    /// On a terminal, one line rewritten in place; otherwise only the last line of each stage.
    static func progress(_ text: String, isLast: Bool, io: CommandIO) {
        if ProgressReporter.standardErrorIsTerminal {
            io.printError("\r\(text)", terminator: isLast ? "\n" : "")
        } else if isLast {
            io.printError(text)
        }
    }

    static func indexPage(_ report: EvaluationReport, run: RunDirectory, directory: String, configuration: String, files: [String]) -> String {
        var body = "<p>Run <code>\(HTMLReport.escaped(run.path))</code>, checkpoint at step \(report.checkpointStep); "
        body += "\(report.episodesPerSkill) episodes per skill in each mode (seed \(report.seed)); coverage cells of side \(report.cellSize)"
        body += report.trackedPosition.map { " over <code>\(HTMLReport.escaped($0))</code>" } ?? ""
        body += ". Chance accuracy is \(HTMLReport.format(1 / Double(max(report.skills, 1)), percent: true)); the MI estimates are at most log K = \(HTMLReport.format(log(Double(max(report.skills, 1))))) nats.</p>\n"
        body += "<h2>Metrics</h2>\n"
        body += HTMLReport.table(
            ["metric", "deterministic", "stochastic"],
            HTMLReport.metricRows([report.deterministic, report.stochastic]).map { [HTMLReport.escaped($0.0)] + $0.1 })
        if let perSkill = report.deterministic.perSkillAccuracy {
            body += "<h3>Per skill (deterministic)</h3>\n"
            body += HTMLReport.table(
                ["skill", "accuracy", "coverage cells"],
                perSkill.enumerated().map { skill, accuracy in
                    ["\(skill)", HTMLReport.format(accuracy, percent: true), report.deterministic.perSkillCoverageCells.map { "\($0[skill])" } ?? "-"]
                })
        }
        body += "<h2>Trajectories</h2>\n" + HTMLReport.image(directory + "/trajectories.png", alt: "trajectories of every skill") + "\n"
        if files.contains(directory + "/skills.gif") {
            body += "<h2>Skills</h2>\n<p class=\"note\">skills.gif: skill 0 top left, row by row.</p>\n"
            body += HTMLReport.image(directory + "/skills.gif", alt: "every skill") + "\n<div class=\"gifs\">\n"
            for skill in 0..<report.skills {
                let path = "\(directory)/skill-\(skill < 10 ? "0" : "")\(skill).gif"
                guard files.contains(path) else { continue }
                body += "<figure>\(HTMLReport.image(path, alt: "skill \(skill)", width: 200))<figcaption>skill \(skill)</figcaption></figure>\n"
            }
            body += "</div>\n"
        }
        if files.contains(directory + "/curves.png") {
            body += "<h2>Learning curves</h2>\n" + HTMLReport.image(directory + "/curves.png", alt: "learning curves") + "\n"
        }
        body += "<h2>Configuration</h2>\n<pre>\(HTMLReport.escaped(configuration))</pre>\n"
        return HTMLReport.page(title: "Empower report: \(report.algorithm) on \(report.environment)", body: body)
    }
}
