import EmpowerBase

/// Writes metrics as CSV (`metrics.csv`): a header of `step` then every key seen so far, one
/// row per record, an empty cell where a record has no value for a column.
///
///     step,rollout/episode_return,train/critic_loss
///     1000,-12.5,
///     2000,-10.25,0.42
///
/// **Columns that appear later.** The first record fixes the header; a record with the same or
/// fewer keys appends one row (one `write` call). A record that brings a new key rewrites the
/// whole file atomically (read it back, widen the header, write a temporary file, rename), so
/// the file is a valid rectangular CSV after every write. Rewrites are rare in practice: key
/// sets settle within the first few records (evaluation keys appear at the first evaluation).
/// Cost of a rewrite: O(file size); of an ordinary write: O(columns).
///
/// Values use the shortest text that reads back to the same `Double`; NaN is `nan`, infinities
/// `inf` and `-inf`. Keys containing a comma or a quote are quoted (RFC 4180).
public struct CSVMetricsWriter: MetricsWriter {
    /// The file written.
    public let path: String
    /// The columns after `step`, in header order.
    public private(set) var columns: [String] = []
    private var isClosed = false

    /// Starts a new file at `path`, replacing any file there.
    public init(path: String) throws(MetricsError) {
        self.path = path
        try MetricsFile.replace(path, with: "")
    }

    /// Continues the file at `path` after a resume from the checkpoint of `step`: rows with a
    /// larger step are dropped and the columns already there are kept. A missing file starts empty.
    /// - Throws: ``MetricsError`` `.io` or `.malformed`.
    public init(path: String, resumingAfter step: Int) throws(MetricsError) {
        self.path = path
        let text = try MetricsFile.read(path)
        let (header, records) = try MetricsLog.parseCSV(text, source: path)
        columns = header
        try rewrite(records.filter { $0.step <= step })
    }

    public mutating func write(_ record: MetricsRecord) throws(MetricsError) {
        try MetricsError.checkWrite(record, path: path, isClosed: isClosed)
        let known = Set(columns)
        let newKeys = record.keys.filter { !known.contains($0) }
        if newKeys.isEmpty, !columns.isEmpty {
            try MetricsFile.append(row(record), to: path)
            return
        }
        let text = try MetricsFile.read(path)
        let existing = try MetricsLog.parseCSV(text, source: path).records
        columns += newKeys
        try rewrite(existing + [record])
    }

    public mutating func close() throws(MetricsError) {
        isClosed = true
    }

    private func rewrite(_ records: [MetricsRecord]) throws(MetricsError) {
        var text = columns.isEmpty && records.isEmpty ? "" : header()
        for record in records { text += row(record) }
        try MetricsFile.replace(path, with: text)
    }

    private func header() -> String {
        (["step"] + columns).map(CSVMetricsWriter.quoted).joined(separator: ",") + "\n"
    }

    private func row(_ record: MetricsRecord) -> String {
        var cells = [String(record.step)]
        for column in columns {
            cells.append(record[column].map(CSVMetricsWriter.format) ?? "")
        }
        return cells.joined(separator: ",") + "\n"
    }

    static func format(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return field }
        return "\"" + field.replacingQuotes() + "\""
    }
}

extension String {
    fileprivate func replacingQuotes() -> String {
        var result = ""
        for character in self { result += character == "\"" ? "\"\"" : String(character) }
        return result
    }
}
