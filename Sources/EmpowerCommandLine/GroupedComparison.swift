import EmpowerBase

/// Evaluated runs grouped by the setting they share (a sweep's grid point), each chosen
/// report.json key summarized over a group's runs as mean ± sample standard deviation
/// (``ExperimentRuns/meanAndSpread(_:)``).
///
/// ```swift
/// let table = GroupedComparison(
///     axes: ["beta"], groups: [(["1"], runsWithBeta1), (["0"], runsWithBeta0)],
///     columns: ["joint_accuracy", "per_agent_accuracy"])
/// table.markdown()
/// // | beta | runs | joint_accuracy | per_agent_accuracy |
/// // |---|---|---|---|
/// // | 1 | 3 | 0.783 ± 0.011 | 0.262 ± 0.042 |
/// ```
struct GroupedComparison {
    /// One column's summary in one group.
    struct Cell {
        var mean: Double
        var spread: Double
        /// How many runs of the group have the key.
        var count: Int
    }

    /// One group: its labels (one per axis) and a cell per column (nil when no run has the key).
    struct Row {
        var labels: [String]
        var runs: Int
        var cells: [Cell?]
    }

    var axes: [String]
    var columns: [String]
    var rows: [Row]

    /// - Parameter columns: report.json keys; nil for ``CompareCommand/defaultColumns`` that
    ///   at least one run has.
    init(axes: [String], groups: [(labels: [String], runs: [CompareCommand.EvaluatedRun])], columns: [String]?) {
        self.axes = axes
        let all = groups.flatMap(\.runs)
        let chosen = columns ?? CompareCommand.defaultColumns.filter { key in
            all.contains { CompareCommand.value(of: key, in: $0.reportJSON) != nil }
        }
        self.columns = chosen
        rows = groups.map { labels, runs in
            Row(labels: labels, runs: runs.count, cells: chosen.map { key in
                let values = runs.compactMap { CompareCommand.value(of: key, in: $0.reportJSON) }
                guard !values.isEmpty else { return nil }
                let (mean, spread) = ExperimentRuns.meanAndSpread(values)
                return Cell(mean: mean, spread: spread, count: values.count)
            })
        }
    }

    var headers: [String] { axes + ["runs"] + columns }

    /// The rows as text cells: `0.783 ± 0.011` (3 decimals; 1 for counts of cells), the
    /// mean alone for a single run, `-` where no run has the key.
    var textRows: [[String]] {
        rows.map { row in
            row.labels + ["\(row.runs)"] + zip(columns, row.cells).map { key, cell in
                guard let cell else { return "-" }
                let digits = Self.isCount(key) ? 1 : 3
                let mean = Self.format(cell.mean, digits)
                return cell.count > 1 ? "\(mean) ± \(Self.format(cell.spread, digits))" : mean
            }
        }
    }

    /// The table for the console.
    func textTable() -> TextTable {
        var table = TextTable(headers, alignments: headers.indices.map { $0 < axes.count ? .left : .right })
        for row in textRows { table.append(row) }
        return table
    }

    /// The table in Markdown, with a closing line on what the cells are.
    func markdown() -> String {
        var lines = ["| " + headers.joined(separator: " | ") + " |", "|" + String(repeating: "---|", count: headers.count)]
        lines += textRows.map { "| " + $0.joined(separator: " | ") + " |" }
        lines.append("")
        lines.append("Cells: mean ± sample standard deviation over a row's runs (one per seed), from each run's report/report.json; an array key (per_agent_accuracy) is the mean of its elements.")
        return lines.joined(separator: "\n") + "\n"
    }

    /// `{"axes", "columns", "rows": [{"labels", "runs", "cells": {key: {"mean", "spread", "runs"}}}]}`.
    func json() -> JSONValue {
        .object([
            JSONMember("axes", .array(axes.map { .string($0) })),
            JSONMember("columns", .array(columns.map { .string($0) })),
            JSONMember("rows", .array(rows.map { row in
                .object([
                    JSONMember("labels", .array(row.labels.map { .string($0) })),
                    JSONMember("runs", .int(row.runs)),
                    JSONMember("cells", .object(zip(columns, row.cells).map { key, cell in
                        JSONMember(key, cell.map { .object([JSONMember("mean", .number($0.mean)), JSONMember("spread", .number($0.spread)), JSONMember("runs", .int($0.count))]) } ?? .null)
                    })),
                ])
            })),
        ])
    }

    /// Whether a key counts cells, skills or steps (shown with 1 decimal, not 3).
    static func isCount(_ key: String) -> Bool {
        key.contains("cells") || ["skills", "checkpoint_step", "episodes_per_skill"].contains(key)
    }

    /// `value` rounded to `digits` decimals, written with exactly that many.
    static func format(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite else { return "\(value)" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        guard digits > 0 else { return "\(Int(rounded))" }
        var text = "\(rounded)"
        if text.contains("e") { return text }
        let decimals = text.split(separator: ".", omittingEmptySubsequences: false).last?.count ?? 0
        if decimals < digits { text += String(repeating: "0", count: digits - decimals) }
        return text
    }
}
