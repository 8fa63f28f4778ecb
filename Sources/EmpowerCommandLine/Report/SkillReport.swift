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
///     confusion.svg, confusion.png       skill x predicted skill on fresh rollouts (ConfusionPicture)
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
        var report = EvaluationReport(
            algorithm: trainer.policyName, environment: trainer.configuration.environment,
            skills: trainer.skillCount, episodesPerSkill: options.episodesPerSkill, seed: options.seed, checkpointStep: trainer.step,
            deterministic: evaluations[0].metrics, stochastic: evaluations[1].metrics)
        let records = (try? MetricsLog.read(csv: run.metricsCSVPath)) ?? []
        report.diagnoses = RunDiagnosis.diagnose(
            records: records, report: report, episodes: evaluations[0].episodes,
            randomSafetyRate: try? randomSafetyRate(of: trainer, report: report, catalog: catalog, options: options))
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
        if !records.isEmpty {
            files += try LearningCurves.write([.init(label: run.path, records: records)], name: "curves", into: directory)
        }
        files += try ConfusionPicture.write(report, into: directory)
        let configuration = trainer.configurationText
        let indexPath = directory + "/index.html"
        try AtomicFile.write(Array(indexPage(report, run: run, directory: directory, configuration: configuration, files: files).utf8), to: indexPath)
        files.append(indexPath)
        return (report, files)
    }

    /// The random policy's safety events per episode on the same evaluation (deterministic
    /// seeds and episode count), measured only when the skills had safety events at all.
    static func randomSafetyRate(of trainer: any SkillRollouts, report: EvaluationReport, catalog: EnvironmentCatalog, options: Options) throws -> Double? {
        guard report.deterministic.safetyViolationsPerEpisode > 0, !(trainer is RandomPolicy) else { return nil }
        var configuration = trainer.configuration
        configuration.skills = max(trainer.skillCount, 1)
        let random = try RandomPolicy(configuration: configuration, catalog: catalog)
        let evaluation = try SkillEvaluation.evaluate(random, catalog: catalog, episodesPerSkill: options.episodesPerSkill, seed: options.seed, stochastic: true)
        return evaluation.metrics.safetyViolationsPerEpisode
    }

    /// The diagnoses as a highlighted box, or a one-line all-clear.
    static func diagnosesSection(_ diagnoses: [Diagnosis]) -> String {
        guard !diagnoses.isEmpty else {
            return "<div class=\"healthy\">No problem found: none of the diagnoses of a failed run applies (see <code>RunDiagnosis</code> for each and its threshold).</div>\n"
        }
        var html = "<div class=\"diagnoses\"><h2>\(diagnoses.count) problem\(diagnoses.count == 1 ? "" : "s") found</h2>\n<ul>\n"
        for diagnosis in diagnoses {
            html += "<li><b>\(HTMLReport.escaped(diagnosis.title)).</b> \(HTMLReport.escaped(diagnosis.explanation)).<br><i>Try:</i> \(HTMLReport.escaped(diagnosis.suggestion)).</li>\n"
        }
        return html + "</ul></div>\n"
    }

    /// The per-skill rows, least accurate first: skill, accuracy, the skill it is most often
    /// taken for (highlighted when that is a collapsed pair), coverage cells.
    static func perSkillRows(_ report: EvaluationReport, accuracy: [Double]) -> [[String]] {
        let confusion = report.deterministic.confusion
        let order = accuracy.indices.sorted { (accuracy[$0], $0) < (accuracy[$1], $1) }
        return order.map { skill in
            var takenFor = "-"
            if let row = confusion?[skill], let other = row.indices.filter({ $0 != skill }).max(by: { row[$0] < row[$1] }), row[other] > 0 {
                let text = "skill \(other) (\(HTMLReport.format(row[other], percent: true)))"
                takenFor = row[other] >= RunDiagnosis.Thresholds.confusedFraction ? "<span class=\"bad\">\(text)</span>" : text
            }
            return ["\(skill)", HTMLReport.format(accuracy[skill], percent: true), takenFor, report.deterministic.perSkillCoverageCells.map { "\($0[skill])" } ?? "-"]
        }
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
        var body = diagnosesSection(report.diagnoses ?? [])
        body += "<p>Run <code>\(HTMLReport.escaped(run.path))</code>, checkpoint at step \(report.checkpointStep); "
        body += "\(report.episodesPerSkill) episodes per skill in each mode (seed \(report.seed)); coverage cells of side \(report.cellSize)"
        body += report.trackedPosition.map { " over <code>\(HTMLReport.escaped($0))</code>" } ?? ""
        body += ". Chance accuracy is \(HTMLReport.format(1 / Double(max(report.skills, 1)), percent: true)); the MI estimates are at most log K = \(HTMLReport.format(log(Double(max(report.skills, 1))))) nats.</p>\n"
        body += "<h2>Metrics</h2>\n"
        body += HTMLReport.table(
            ["metric", "deterministic", "stochastic"],
            HTMLReport.metricRows([report.deterministic, report.stochastic]).map { [HTMLReport.escaped($0.0)] + $0.1 })
        if let perSkill = report.deterministic.perSkillAccuracy {
            body += "<h3>Per skill (deterministic), least distinct first</h3>\n"
            body += "<p class=\"note\">Sorted by accuracy; \"taken for\" is the skill the discriminator most often mistakes it for, highlighted from \(HTMLReport.format(RunDiagnosis.Thresholds.confusedFraction, percent: true)) of its states on (a collapsed pair).</p>\n"
            body += HTMLReport.table(["skill", "accuracy", "taken for", "coverage cells"], perSkillRows(report, accuracy: perSkill))
        }
        body += "<h2>Trajectories</h2>\n" + HTMLReport.image(directory + "/trajectories.png", alt: "trajectories of every skill") + "\n"
        if files.contains(directory + "/confusion.png") {
            body += "<h2>Confusion matrix (deterministic)</h2>\n<p class=\"note\">Row: the skill rolled out; column: the skill the discriminator takes its states for. A distinct skill is a dark diagonal cell; a dark cell off the diagonal is a pair of skills that look alike.</p>\n"
            body += HTMLReport.image(directory + "/confusion.png", alt: "confusion matrix", width: 560) + "\n"
        }
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
