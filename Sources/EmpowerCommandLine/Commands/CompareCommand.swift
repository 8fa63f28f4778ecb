import EmpowerBase
import EmpowerTraining
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// `empower compare RUN_DIR...`: the metrics of several evaluated runs side by side (console
/// table, `compare.json`, `compare.html`) and their learning curves overlaid
/// against environment steps (`compare-curves.svg` / `.png`) and against seconds of training
/// (`compare-curves-time.*`).
public enum CompareCommand: Command {
    public static let name = "compare"
    public static let summary = "Put evaluated runs side by side: a table of their report metrics and overlaid learning curves."
    public static let discussion = """
        Each RUN_DIR needs report/report.json (run 'empower evaluate RUN_DIR' first) and
        metrics.csv. Writes compare.json, compare.html, compare-curves.svg and
        compare-curves.png (against environment steps), compare-curves-time.svg and .png
        (against seconds of training) into --out (default: a new folder
        comparisons/compare-DATE, named on the last line). The metrics are those
        of the deterministic rollouts.
        """
    public static let arguments: [ArgumentSpec] = [.variadic("RUN_DIR", minimum: 1, help: "Evaluated run directories.")]
    public static let options: [OptionSpec] = [
        .option("out", .path(), valueName: "DIR", help: "Where compare.json, compare.html and the curves go (default: comparisons/compare-DATE)."),
    ]
    public static let examples: [CommandExample] = [
        CommandExample("empower compare runs/seed0 runs/seed1 --out /tmp/cmp", "Two seeds of the same setup."),
    ]

    public static func run(_ arguments: ParsedArguments, io: CommandIO) throws -> ExitCode {
        let runs = try load(arguments.positionals("RUN_DIR"))
        let out = arguments.string("out") ?? RunDirectory.datedPath(root: "comparisons", name: "compare")
        let labels = runs.map { "\(label(of: $0.run.path)) (seed \($0.configuration.seed))" }
        io.printTable(metricTable(runs, labels: labels))
        let written = try write(runs, labels: labels, into: out)
        io.print("wrote \(written.joined(separator: ", "))")
        io.print("comparison: \(out)/compare.html")
        return .success
    }

    /// One evaluated run: its directory, configuration and report (decoded, and as written,
    /// so any of its keys can be read).
    struct EvaluatedRun {
        var run: RunDirectory
        var configuration: TrainingConfiguration
        var report: EvaluationReport
        var reportJSON: JSONValue
    }

    /// The runs at `paths`, each with its config.json and report/report.json.
    /// - Throws: ``RunDirectoryError`` for a path that is not a run, ``ConfigurationError``,
    ///   and the decoding error of a missing or damaged report.json.
    static func load(_ paths: [String]) throws -> [EvaluatedRun] {
        try paths.map { path in
            let run = try RunDirectory(path: path, create: false)
            let configuration = try ConfigurationLoader.load(TrainingConfiguration.self, from: run.configPath)
            let reportPath = run.reportPath + "/report.json"
            let report = try EvaluationReport.read(from: reportPath)
            let bytes = try AtomicFile.read(reportPath)
            return EvaluatedRun(run: run, configuration: configuration, report: report, reportJSON: try JSONDecoder().decode(JSONValue.self, from: Data(bytes)))
        }
    }

    /// The console table: one row per metric, one column per run.
    static func metricTable(_ runs: [EvaluatedRun], labels: [String]) -> TextTable {
        var table = TextTable(["metric"] + labels, alignments: [.left] + labels.map { _ in .right })
        for (name, value) in header {
            table.append([name] + runs.map { value($0.report) })
        }
        for (name, cells) in HTMLReport.metricRows(runs.map(\.report.deterministic)) {
            table.append([name] + cells)
        }
        return table
    }

    /// The report's identification rows, before the metrics.
    static var header: [(String, (EvaluationReport) -> String)] {
        [
            ("algorithm", \.algorithm), ("environment", \.environment), ("skills", { "\($0.skills)" }),
            ("checkpoint_step", { "\($0.checkpointStep)" }), ("episodes_per_skill", { "\($0.episodesPerSkill)" }),
            ("cell_size", { "\($0.cellSize)" }),
            ("diagnoses", { $0.diagnoses.map { $0.isEmpty ? "none" : $0.map(\.code).joined(separator: ", ") } ?? "-" }),
        ]
    }

    /// Writes compare.json, compare.html and the overlaid learning curves into `out`; returns
    /// the paths written.
    static func write(_ runs: [EvaluatedRun], labels: [String], into out: String) throws -> [String] {
        do {
            try FileSystem.makeDirectory(out)
        } catch {
            throw FileError(.cannotWrite, "cannot create the --out directory: \(error.message); choose another --out", path: out)
        }
        let comparison = Comparison(runs: zip(runs, labels).map { entry, label in
            Comparison.Run(run: entry.run.path, label: label, trainingSeed: entry.configuration.seed, report: entry.report)
        })
        let jsonPath = out + "/compare.json"
        try AtomicFile.write(Array(try EvaluationReport.makeEncoder().encode(comparison)) + [10], to: jsonPath)
        let groups = try seedGroups(runs, labels: labels)
        let series = runs.enumerated().map { index, entry in
            LearningCurves.Series(label: labels[index], records: (try? MetricsLog.read(csv: entry.run.metricsCSVPath)) ?? [], group: groups[index])
        }
        let curves = try LearningCurves.write(series, name: "compare-curves", into: out)
        let timeCurves = try LearningCurves.write(series, name: "compare-curves-time", into: out, x: .seconds)
        var htmlRows: [[String]] = header.map { name, value in [name] + runs.map { HTMLReport.escaped(value($0.report)) } }
        htmlRows += HTMLReport.metricRows(runs.map(\.report.deterministic)).map { name, cells in [HTMLReport.escaped(name)] + cells }
        var body = HTMLReport.table(["metric"] + labels, htmlRows)
        body += "<p class=\"note\">Runs: " + runs.map { "<code>\(HTMLReport.escaped($0.run.path))</code>" }.joined(separator: ", ") + ". Metrics of the deterministic rollouts.</p>\n"
        if let png = curves.first(where: { $0.hasSuffix(".png") }) {
            body += "<h2>Learning curves</h2>\n" + HTMLReport.image(png, alt: "learning curves, one colour per run") + "\n"
        }
        if let png = timeCurves.first(where: { $0.hasSuffix(".png") }) {
            body += "<h2>The same against training time</h2>\n" + HTMLReport.image(png, alt: "learning curves against seconds of training, one colour per run") + "\n"
        }
        let htmlPath = out + "/compare.html"
        try AtomicFile.write(Array(HTMLReport.page(title: "Empower: \(runs.count) runs compared", body: body).utf8), to: htmlPath)
        return [jsonPath, htmlPath] + curves + timeCurves
    }

    /// For each run, the name of its group when other runs differ from it only in the seed (its
    /// curves are then drawn as the group's mean with a shaded spread), else nil. The name is
    /// the runs' common label without the seed (`settings-navigation` for a sweep's
    /// `settings-navigation_seed-0` and `_seed-1`), else the algorithm and the environment.
    static func seedGroups(_ runs: [EvaluatedRun], labels: [String]) throws -> [String?] {
        let identities = try runs.map { entry in
            var configuration = entry.configuration
            configuration.seed = 0
            return try ConfigurationLoader.identity(of: configuration)
        }
        var names: [String: String] = [:]
        for (entry, identity) in zip(runs, identities) where names[identity] == nil && identities.filter({ $0 == identity }).count > 1 {
            let shared = Set(zip(labels, identities).filter { $0.1 == identity }.map { withoutSeed($0.0) })
            if shared.count == 1, let name = shared.first, !name.isEmpty, !names.values.contains(name) {
                names[identity] = name
                continue
            }
            let base = "\(entry.configuration.algorithm.rawValue) on \(entry.configuration.environment)"
            let taken = names.values.filter { $0 == base || $0.hasPrefix(base + " (setup ") }.count
            names[identity] = taken == 0 ? base : base + " (setup \(taken + 1))"
        }
        return identities.map { names[$0] }
    }

    /// `label` without the seed it ends with: ` (seed 3)`, then `_seed-3`, `-seed3`, `seed3`
    /// (`compare` labels a run `DIRECTORY (seed N)`).
    static func withoutSeed(_ label: String) -> String {
        var text = Substring(label)
        if text.hasSuffix(")"), let open = text.lastIndex(of: "("), text[open...].hasPrefix("(seed ") {
            text = text[..<open]
            while text.last == " " { text.removeLast() }
        }
        if let seed = text.ranges(of: "seed").last {
            let rest = text[seed.upperBound...].drop { $0 == "-" || $0 == "_" }
            if !rest.isEmpty, rest.allSatisfy(\.isNumber) { text = text[..<seed.lowerBound] }
        }
        while let last = text.last, "_- ".contains(last) { text.removeLast() }
        return String(text)
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
