/// A plain-text table with aligned columns, for human-readable command output.
///
/// ```swift
/// var table = TextTable(["env", "steps/s"], alignments: [.left, .right])
/// table.append(["PointMass-v0", "1250000"])
/// table.append(["TabletopPush-v0", "41000"])
/// io.printTable(table)
/// // env              steps/s
/// // ---------------  -------
/// // PointMass-v0     1250000
/// // TabletopPush-v0    41000
/// ```
///
/// Widths count characters, so wide (East Asian) characters may misalign; keep cells ASCII.
public struct TextTable: Sendable, Hashable {
    public enum Alignment: Sendable, Hashable {
        case left
        case right
    }

    /// The column titles.
    public let headers: [String]
    /// One alignment per column.
    public let alignments: [Alignment]
    /// The rows appended so far, each as long as `headers`.
    public private(set) var rows: [[String]] = []

    /// A table with these column titles. Columns are left-aligned unless `alignments` (one per
    /// column) says otherwise; right alignment suits numbers.
    public init(_ headers: [String], alignments: [Alignment]? = nil) {
        precondition(
            alignments == nil || alignments?.count == headers.count,
            "TextTable: \(alignments?.count ?? 0) alignments for \(headers.count) columns")
        self.headers = headers
        self.alignments = alignments ?? Array(repeating: .left, count: headers.count)
    }

    /// Adds a row. - Precondition: one cell per column.
    public mutating func append(_ row: [String]) {
        precondition(row.count == headers.count, "TextTable: a row of \(row.count) cells for \(headers.count) columns")
        rows.append(row)
    }

    /// The table as lines (header, rule, rows), each ending with a newline; columns are
    /// separated by two spaces and trailing spaces are trimmed.
    public func render() -> String {
        var widths = headers.map(\.count)
        for row in rows {
            for (column, cell) in row.enumerated() { widths[column] = max(widths[column], cell.count) }
        }
        let rule = widths.map { String(repeating: "-", count: $0) }
        return ([headers, rule] + rows).map { row in
            let cells = row.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return alignments[column] == .left ? cell + padding : padding + cell
            }
            var line = cells.joined(separator: "  ")
            while line.last == " " { line.removeLast() }
            return line + "\n"
        }.joined()
    }
}
