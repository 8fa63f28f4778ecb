import EmpowerBase
import EmpowerTraining
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// `empower compare RUN_DIR...`: the metrics of several evaluated runs side by side (console
/// table, `compare.json`, `compare.html`) and their learning curves overlaid
/// (`compare-curves.svg` / `.png`).
public enum CompareCommand: Command {
    public static let name = "compare"
    public static let summary = "Put evaluated runs side by side: a table of their report metrics and overlaid learning curves."
    public static let discussion = """
        Each RUN_DIR needs report/report.json (run 'empower evaluate RUN_DIR' first) and
        metrics.csv. Writes compare.json, compare.html, compare-curves.svg and
        compare-curves.png into --out (default: the current directory). The metrics are those
        of the deterministic rollouts.
        """
    public static let arguments: [ArgumentSpec] = [.variadic("RUN_DIR", minimum: 1, help: "Evaluated run directories.")]
    public static let options: [OptionSpec] = [
        .option("out", .string, valueName: "DIR", default: ".", help: "Where compare.json, compare.html and the curves go."),
    ]
    public static let examples: [CommandExample] = [
        CommandExample("empower compare runs/seed0 runs/seed1 --out /tmp/cmp", "Two seeds of the same setup."),
    ]

    public static func run(_ arguments: ParsedArguments, io: CommandIO) throws -> ExitCode {
        let out = arguments.string("out") ?? "."
        var reports: [(run: RunDirectory, report: EvaluationReport, configuration: TrainingConfiguration)] = []
        for path in arguments.positionals("RUN_DIR") {
            let run = try RunDirectory.existingRun(at: path)
            let configuration = try ConfigurationLoader.load(TrainingConfiguration.self, from: run.configPath)
            reports.append((run, try EvaluationReport.read(from: run.reportPath + "/report.json"), configuration))
        }
        let labels = reports.map { "\(label(of: $0.run.path)) (seed \($0.configuration.seed))" }
        let rows = HTMLReport.metricRows(reports.map(\.report.deterministic))
        let header: [(String, (EvaluationReport) -> String)] = [
            ("algorithm", \.algorithm), ("environment", \.environment), ("skills", { "\($0.skills)" }),
            ("checkpoint_step", { "\($0.checkpointStep)" }), ("episodes_per_skill", { "\($0.episodesPerSkill)" }),
            ("cell_size", { "\($0.cellSize)" }),
        ]
        var table = TextTable(["metric"] + labels, alignments: [.left] + labels.map { _ in .right })
        var htmlRows: [[String]] = []
        for (name, value) in header {
            table.append([name] + reports.map { value($0.report) })
            htmlRows.append([name] + reports.map { HTMLReport.escaped(value($0.report)) })
        }
        for (name, cells) in rows {
            table.append([name] + cells)
            htmlRows.append([HTMLReport.escaped(name)] + cells)
        }
        io.printTable(table)

        if mkdir(out, 0o755) != 0, errno != EEXIST {
            throw FileError(.cannotWrite, "cannot create the --out directory '\(out)': \(String(cString: strerror(errno))); choose another --out", path: out)
        }
        let comparison = Comparison(runs: zip(reports, labels).map { entry, label in
            Comparison.Run(run: entry.run.path, label: label, trainingSeed: entry.configuration.seed, report: entry.report)
        })
        let jsonPath = out + "/compare.json"
        try AtomicFile.write(Array(try EvaluationReport.makeEncoder().encode(comparison)) + [10], to: jsonPath)
        let series = reports.enumerated().map { index, entry in
            LearningCurves.Series(label: labels[index], records: (try? MetricsLog.read(csv: entry.run.metricsCSVPath)) ?? [])
        }
        let curves = try LearningCurves.write(series, name: "compare-curves", into: out)
        var body = HTMLReport.table(["metric"] + labels, htmlRows)
        body += "<p class=\"note\">Runs: " + reports.map { "<code>\(HTMLReport.escaped($0.run.path))</code>" }.joined(separator: ", ") + ". Metrics of the deterministic rollouts.</p>\n"
        if let png = curves.first(where: { $0.hasSuffix(".png") }) {
            body += "<h2>Learning curves</h2>\n" + HTMLReport.image(png, alt: "learning curves, one colour per run") + "\n"
        }
        let htmlPath = out + "/compare.html"
        try AtomicFile.write(Array(HTMLReport.page(title: "Empower: \(reports.count) runs compared", body: body).utf8), to: htmlPath)
        io.print("wrote \(([jsonPath, htmlPath] + curves).joined(separator: ", "))")
        return .success
    }

    /// `compare.json`: `{"runs": [{"run", "label", "training_seed", "report"}]}`, each report
    /// as in report.json.
    struct Comparison: Encodable {
        struct Run: Encodable {
            var run: String
            var label: String
            var trainingSeed: UInt64
            var report: EvaluationReport

            enum CodingKeys: String, CodingKey {
                case run, label, report
                case trainingSeed = "training_seed"
            }
        }
        var runs: [Run]
    }

    /// The last path component, for column titles.
    static func label(of path: String) -> String {
        let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
        return trimmed.split(separator: "/").last.map(String.init) ?? trimmed
    }
}
