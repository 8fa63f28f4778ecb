import EmpowerBase

/// Reads metrics files back into records: for learning curves, `empower compare`, and resume.
///
/// ```swift
/// let records = try MetricsLog.read(jsonLines: "runs/diayn-PointMass-v0-20250101-120000/metrics.jsonl")
/// let curve = records.compactMap { r in r["skills/accuracy"].map { (r.step, $0) } }
/// ```
public enum MetricsLog {
    /// The records of a CSV file written by ``CSVMetricsWriter``; empty cells are absent values.
    /// - Throws: ``MetricsError`` `.io`, or `.malformed` naming the line.
    public static func read(csv path: String) throws(MetricsError) -> [MetricsRecord] {
        try parseCSV(try text(of: path), source: path).records
    }

    /// The records of a JSON-lines file written by ``JSONLinesMetricsWriter``; an unterminated
    /// last line (a write cut short by a crash) is ignored; `null` values read as NaN.
    /// - Throws: ``MetricsError`` `.io`, or `.malformed` naming the line.
    public static func read(jsonLines path: String) throws(MetricsError) -> [MetricsRecord] {
        try parseJSONLines(try text(of: path), source: path)
    }

    static func text(of path: String) throws(MetricsError) -> String {
        do {
            return String(decoding: try AtomicFile.read(path), as: UTF8.self)
        } catch {
            throw MetricsError.io(error)
        }
    }

    static func parseJSONLines(_ text: String, source: String) throws(MetricsError) -> [MetricsRecord] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // The text after the last newline is a partial line (or empty): never a full record.
        lines.removeLast()
        var records: [MetricsRecord] = []
        for (number, line) in lines.enumerated() where !line.allSatisfy(\.isWhitespace) {
            func malformed(_ reason: String) -> MetricsError {
                MetricsError(.malformed, "\(source), line \(number + 1): \(reason); fix or delete that line",
                             context: ["path": source, "line": "\(number + 1)"])
            }
            let tree: JSONTree
            do {
                tree = try JSONTree.parse(line)
            } catch {
                throw malformed("not valid JSON (\(error.description))")
            }
            guard case let .object(members) = tree else { throw malformed("expected a JSON object") }
            guard case let .number(stepText)? = tree["step"], let step = Int(stepText) else {
                throw malformed("no integer \"step\" member")
            }
            var record = MetricsRecord(step: step)
            for (key, value) in members where key != "step" {
                switch value {
                case let .number(number):
                    guard let parsed = Double(number) else { throw malformed("the value of \"\(key)\" is not a number") }
                    record.set(key, parsed)
                case .null:
                    record.set(key, .nan)
                default:
                    throw malformed("the value of \"\(key)\" is \(value.kindDescription), expected a number")
                }
            }
            records.append(record)
        }
        return records
    }

    static func parseCSV(_ text: String, source: String) throws(MetricsError) -> (header: [String], records: [MetricsRecord]) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.removeLast()
        guard let first = lines.first else { return ([], []) }
        func malformed(_ line: Int, _ reason: String) -> MetricsError {
            MetricsError(.malformed, "\(source), line \(line): \(reason)", context: ["path": source, "line": "\(line)"])
        }
        let header = splitCSV(first)
        guard header.first == "step" else { throw malformed(1, "the header must start with a 'step' column") }
        let columns = Array(header.dropFirst())
        var records: [MetricsRecord] = []
        for (index, line) in lines.enumerated().dropFirst() where !line.isEmpty {
            let cells = splitCSV(line)
            guard cells.count == header.count else {
                throw malformed(index + 1, "\(cells.count) cells for \(header.count) columns")
            }
            guard let step = Int(cells[0]) else { throw malformed(index + 1, "step '\(cells[0])' is not an integer") }
            var record = MetricsRecord(step: step)
            for (column, cell) in zip(columns, cells.dropFirst()) where !cell.isEmpty {
                guard let value = parseNumber(cell) else { throw malformed(index + 1, "'\(cell)' in column '\(column)' is not a number") }
                record.set(column, value)
            }
            records.append(record)
        }
        return (columns, records)
    }

    static func parseNumber(_ cell: String) -> Double? {
        switch cell {
        case "nan": return .nan
        case "inf": return .infinity
        case "-inf": return -.infinity
        default: return Double(cell)
        }
    }

    /// Splits one CSV line into cells, honouring double-quoted cells with "" escapes.
    static func splitCSV(_ line: String) -> [String] {
        var cells: [String] = []
        var current = ""
        var inQuotes = false
        var characters = line.makeIterator()
        var pending: Character? = nil
        while let character = pending ?? characters.next() {
            pending = nil
            if inQuotes {
                if character == "\"" {
                    if let next = characters.next() {
                        if next == "\"" { current.append("\"") } else { inQuotes = false; pending = next }
                    } else {
                        inQuotes = false
                    }
                } else {
                    current.append(character)
                }
            } else if character == "\"" {
                inQuotes = true
            } else if character == "," {
                cells.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        cells.append(current)
        return cells
    }
}
