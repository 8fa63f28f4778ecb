import EmpowerBase

/// Writes metrics as JSON lines (`metrics.jsonl`): one object per record, `step` first, then
/// the values in record order.
///
///     {"step":1000,"rollout/episode_return":-12.5,"train/critic_loss":0.42}
///
/// Each record is appended with one `write` system call as soon as it is given, so a crash of
/// the process loses nothing already written, and a kill in the middle of a write loses at most
/// that line (``MetricsLog/read(jsonLines:)`` ignores an unterminated last line). NaN and
/// infinite values, which JSON cannot express, are written as `null` and read back as NaN.
///
/// ```swift
/// var writer = try JSONLinesMetricsWriter(path: run.metricsJSONLinesPath)
/// try writer.write(record)
/// // resuming from the checkpoint of step 12000: keep lines up to 12000, append after them
/// var resumed = try JSONLinesMetricsWriter(path: run.metricsJSONLinesPath, resumingAfter: 12_000)
/// ```
public struct JSONLinesMetricsWriter: MetricsWriter {
    /// The file written.
    public let path: String
    private var isClosed = false

    /// Starts a new file at `path`, replacing any file there.
    /// - Throws: ``MetricsError`` `.io`.
    public init(path: String) throws(MetricsError) {
        self.path = path
        try MetricsFile.replace(path, with: "")
    }

    /// Continues the file at `path` after a resume from the checkpoint of `step`: lines with a
    /// larger step (logged after that checkpoint, by the run that was interrupted) are dropped,
    /// as is a partial last line; new records are appended. A missing file starts empty.
    /// - Throws: ``MetricsError`` `.io`, or `.malformed` when a complete line cannot be parsed.
    public init(path: String, resumingAfter step: Int) throws(MetricsError) {
        self.path = path
        let text = try MetricsFile.read(path)
        let kept = try MetricsLog.parseJSONLines(text, source: path).filter { $0.step <= step }
        try MetricsFile.replace(path, with: kept.map(JSONLinesMetricsWriter.line).joined())
    }

    public mutating func write(_ record: MetricsRecord) throws(MetricsError) {
        try MetricsError.checkWrite(record, path: path, isClosed: isClosed)
        try MetricsFile.append(JSONLinesMetricsWriter.line(record), to: path)
    }

    public mutating func close() throws(MetricsError) {
        isClosed = true
    }

    /// One record as a JSON line, newline included.
    static func line(_ record: MetricsRecord) -> String {
        let members = [(key: "step", value: JSONTree.number(String(record.step)))]
            + record.values.map { (key: $0.key, value: JSONTree.number($0.value)) }
        return JSONTree.object(members).rendered() + "\n"
    }
}
