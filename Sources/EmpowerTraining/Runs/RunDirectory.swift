#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import EmpowerBase

/// The directory of one training run and the names of the files in it.
///
///     runs/diayn-PointMass-v0-20250101-120000/
///       config.json      the resolved configuration, every default written out
///       metrics.csv      one row per logged step (see CSVMetricsWriter)
///       metrics.jsonl    the same records as JSON lines (see JSONLinesMetricsWriter)
///       checkpoints/     step-000012000.ckpt, ... (see CheckpointStore)
///       report/          evaluation output: report.json, plots, GIFs
///       events.log       one timestamped line per event: start, resume, checkpoint, stop
///
/// ```swift
/// let path = try RunDirectory.defaultPath(algorithm: "diayn", environment: "PointMass-v0")
/// let run = try RunDirectory(path: path, create: true)          // a new run
/// let resumed = try RunDirectory(path: path, create: false)     // `empower resume`
/// try run.appendEvent("started: seed 7, 100000 steps")
/// ```
public struct RunDirectory: Sendable {
    /// The run's directory.
    public let path: String

    /// Opens a run directory.
    ///
    /// - `create: true` starts a new run: the directory (and `checkpoints/`, `report/`) is
    ///   created; an existing *empty* directory is accepted, a non-empty one is an error, so a
    ///   run is never overwritten by accident.
    /// - `create: false` opens an existing run (resume, evaluate, compare, plan): a directory
    ///   holding `config.json`. Nothing is created or written here, so a directory that is not
    ///   a run is left as it was.
    /// - Throws: ``RunDirectoryError`` `.invalidPath` (an empty or blank path), `.alreadyExists`
    ///   (saying to use `empower resume` or another `--run-dir`), `.notFound`, `.notADirectory`,
    ///   `.notARun`, `.io`.
    public init(path: String, create: Bool) throws(RunDirectoryError) {
        guard !path.allSatisfy(\.isWhitespace) else {
            throw RunDirectoryError(.invalidPath, "the run directory path is empty ('\(path)'); give a directory such as runs/my-run, or leave --run-dir out for the default",
                                    context: ["path": path])
        }
        self.path = path
        if FileSystem.exists(path), !FileSystem.isDirectory(path) {
            throw RunDirectoryError(.notADirectory, "'\(path)' exists and is not a directory; choose another --run-dir", context: ["path": path])
        }
        guard create else {
            guard FileSystem.isDirectory(path) else {
                throw RunDirectoryError(.notFound, "there is no run at '\(path)'; check the path (runs are under runs/ by default) or start one with `empower train`",
                                        context: ["path": path])
            }
            guard FileSystem.exists(configPath) else {
                throw RunDirectoryError(
                    .notARun,
                    "'\(path)' is not a run directory (it has no config.json); give a directory written by `empower train`, such as runs/diayn-PointMass-v0-<date>",
                    context: ["path": path])
            }
            return
        }
        if FileSystem.isDirectory(path) {
            let contents: [String]
            do {
                contents = try FileSystem.contents(of: path)
            } catch {
                throw RunDirectoryError(.io, error.message, context: ["path": path])
            }
            guard contents.isEmpty else {
                throw RunDirectoryError(
                    .alreadyExists,
                    "'\(path)' already holds a run (\(contents.prefix(4).joined(separator: ", "))\(contents.count > 4 ? ", ..." : "")); continue it with `empower resume \(path)` or start a new one with another --run-dir",
                    context: ["path": path])
            }
        }
        do {
            try FileSystem.makeDirectory(path)
            try FileSystem.makeDirectory(checkpointsPath)
            try FileSystem.makeDirectory(reportPath)
        } catch {
            throw RunDirectoryError(.io, "cannot set up the run directory: \(error.message)", context: ["path": path])
        }
    }

    /// `config.json`: the resolved configuration.
    public var configPath: String { file("config.json") }
    /// `metrics.csv`.
    public var metricsCSVPath: String { file("metrics.csv") }
    /// `metrics.jsonl`.
    public var metricsJSONLinesPath: String { file("metrics.jsonl") }
    /// `checkpoints/`: give it to ``CheckpointStore``.
    public var checkpointsPath: String { file("checkpoints") }
    /// `report/`: evaluation output.
    public var reportPath: String { file("report") }
    /// `events.log`.
    public var eventsPath: String { file("events.log") }
    /// TensorBoard's event files: `tensorboard --logdir RUN_DIR/tensorboard`.
    public var tensorBoardPath: String { file("tensorboard") }

    /// Appends one line to `events.log`: a UTC ISO-8601 timestamp, a space, the text (newlines
    /// in `text` become spaces, so one event is one line).
    ///
    ///     2025-01-01T12:00:00Z started diayn on PointMass-v0, seed 7
    ///
    /// - Throws: ``RunDirectoryError`` `.io`.
    public func appendEvent(_ text: String, at time: Int = Int(Glibc.time(nil))) throws(RunDirectoryError) {
        let flat = String(text.map { $0.isNewline ? " " : $0 })
        do {
            try FileSystem.append("\(RunDirectory.timestamp(time, utc: true, style: .iso8601)) \(flat)\n", to: eventsPath)
        } catch {
            throw RunDirectoryError(.io, error.message, context: ["path": eventsPath])
        }
    }

    /// A new run directory path `root/<algorithm>-<environment>-<yyyyMMdd-HHmmss>` (local time),
    /// with `-2`, `-3`, ... appended when that path exists already.
    ///
    /// ```swift
    /// try RunDirectory.defaultPath(algorithm: "diayn", environment: "PointMass-v0")
    /// // "runs/diayn-PointMass-v0-20250101-120000"
    /// ```
    public static func defaultPath(root: String = "runs", algorithm: String, environment: String, time: Int = Int(Glibc.time(nil))) -> String {
        datedPath(root: root, name: "\(sanitized(algorithm))-\(sanitized(environment))", time: time)
    }

    /// A new path `root/<name>-<yyyyMMdd-HHmmss>` (local time), with `-2`, `-3`, ... appended
    /// when that path exists already: where commands write when not told where
    /// (`comparisons/compare-20250101-120000`).
    public static func datedPath(root: String, name: String, time: Int = Int(Glibc.time(nil))) -> String {
        let base = FileSystem.join(root, "\(sanitized(name))-\(timestamp(time, utc: false, style: .compact))")
        var candidate = base
        var suffix = 2
        while FileSystem.exists(candidate) {
            candidate = "\(base)-\(suffix)"
            suffix += 1
        }
        return candidate
    }

    // MARK: Internals

    func file(_ name: String) -> String { FileSystem.join(path, name) }

    /// Keeps names safe in a path: letters, digits, '-', '_' and '.'; anything else becomes '_'.
    static func sanitized(_ name: String) -> String {
        String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) ? $0 : "_" })
    }

    enum TimestampStyle { case iso8601, compact }

    static func timestamp(_ time: Int, utc: Bool, style: TimestampStyle) -> String {
        var seconds = time_t(time)
        var parts = tm()
        if utc { gmtime_r(&seconds, &parts) } else { localtime_r(&seconds, &parts) }
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let date = pad(parts.tm_year + 1900, 4) + (style == .iso8601 ? "-" : "") + pad(parts.tm_mon + 1, 2) + (style == .iso8601 ? "-" : "") + pad(parts.tm_mday, 2)
        switch style {
        case .iso8601:
            return date + "T" + pad(parts.tm_hour, 2) + ":" + pad(parts.tm_min, 2) + ":" + pad(parts.tm_sec, 2) + (utc ? "Z" : "")
        case .compact:
            return date + "-" + pad(parts.tm_hour, 2) + pad(parts.tm_min, 2) + pad(parts.tm_sec, 2)
        }
    }
}
