import EmpowerBase
import EmpowerTraining
import FoundationEssentials

/// Self-contained HTML pages (`index.html` of a report, `compare.html`): pictures are inlined as
/// base64 `data:` URIs, so a page opens from disk in any browser, without a server, and can be
/// mailed as one file.
enum HTMLReport {
    /// A `data:` URI holding the file at `path` (PNG, GIF or SVG by its extension); `nil` when
    /// the file cannot be read.
    static func dataURI(of path: String) -> String? {
        guard let bytes = try? AtomicFile.read(path) else { return nil }
        let type = path.hasSuffix(".gif") ? "image/gif" : path.hasSuffix(".svg") ? "image/svg+xml" : "image/png"
        return "data:\(type);base64,\(Data(bytes).base64EncodedString())"
    }

    /// Text safe inside HTML elements and attribute values.
    static func escaped(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            default: result.append(character)
            }
        }
        return result
    }

    /// An `<img>` of the file, or a note that it is missing.
    static func image(_ path: String, alt: String, width: Int? = nil) -> String {
        guard let uri = dataURI(of: path) else { return "<p class=\"note\">(\(escaped(alt)): not written)</p>" }
        let size = width.map { " width=\"\($0)\"" } ?? ""
        return "<img src=\"\(uri)\" alt=\"\(escaped(alt))\"\(size)>"
    }

    /// A table: a header row, then rows of cells (already escaped where needed).
    static func table(_ headers: [String], _ rows: [[String]]) -> String {
        var html = "<table><tr>" + headers.map { "<th>\(escaped($0))</th>" }.joined() + "</tr>\n"
        for row in rows { html += "<tr>" + row.map { "<td>\($0)</td>" }.joined() + "</tr>\n" }
        return html + "</table>\n"
    }

    /// A whole page around `body`.
    static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>\(escaped(title))</title>
        <style>
        body { font-family: sans-serif; margin: 24px; max-width: 1200px; color: #222; }
        table { border-collapse: collapse; margin: 8px 0 16px; }
        th, td { border: 1px solid #ccc; padding: 4px 10px; text-align: right; }
        th:first-child, td:first-child { text-align: left; }
        th { background: #f2f2f2; }
        .gifs { display: flex; flex-wrap: wrap; gap: 10px; }
        .gifs figure { margin: 0; text-align: center; font-size: 13px; }
        pre { background: #f7f7f7; padding: 10px; overflow: auto; font-size: 12px; }
        .note { color: #666; font-size: 13px; }
        img { max-width: 100%; }
        .diagnoses { background: #fff4e5; border-left: 5px solid #e8710a; padding: 4px 16px; margin: 12px 0 20px; }
        .diagnoses h2 { margin: 8px 0; color: #b35300; }
        .diagnoses li { margin: 6px 0; line-height: 1.4; }
        .healthy { background: #eef7ee; border-left: 5px solid #2ca02c; padding: 8px 16px; margin: 12px 0 20px; }
        .bad { color: #c62828; font-weight: bold; }
        </style></head><body>
        <h1>\(escaped(title))</h1>
        \(body)
        </body></html>

        """
    }

    /// A metric as text: "-" when absent, percentages for accuracies and fractions.
    static func format(_ value: Double?, percent: Bool = false) -> String {
        guard let value else { return "-" }
        if percent { return Metrics.percent(value) }
        return "\((value * 1000).rounded() / 1000)"
    }

    /// The rows of the metrics table (name, then one formatted cell per report or mode).
    static func metricRows(_ modes: [EvaluationReport.ModeMetrics]) -> [(String, [String])] {
        func row(_ name: String, _ value: (EvaluationReport.ModeMetrics) -> String) -> (String, [String]) { (name, modes.map(value)) }
        var rows = [
            row("discriminator_accuracy") { format($0.discriminatorAccuracy, percent: true) },
            row("mutual_information_lower_bound (nats)") { format($0.mutualInformationLowerBound) },
            row("mutual_information_plugin (nats)") { format($0.mutualInformationPlugin) },
            row("state_coverage_cells") { $0.stateCoverageCells.map(String.init) ?? "-" },
        ]
        if modes.contains(where: { $0.objectCoverageCells != nil }) {
            rows.append(row("object_coverage_cells") { $0.objectCoverageCells.map(String.init) ?? "-" })
            rows.append(row("skills_moving_objects") { format($0.skillsMovingObjects, percent: true) })
            rows.append(row("object_displacement_cells") { $0.objectDisplacementCells.map(String.init) ?? "-" })
            rows.append(row("object_move_directions") { $0.objectMoveDirections.map { "\($0) of 8" } ?? "-" })
        }
        if modes.contains(where: { $0.skillsLiftingObjects != nil }) {
            rows.append(row("skills_lifting_objects") { format($0.skillsLiftingObjects, percent: true) })
        }
        if modes.contains(where: { $0.jointAccuracy != nil }) {
            rows.append(row("joint_accuracy") { format($0.jointAccuracy, percent: true) })
            let agents = modes.map { $0.perAgentAccuracy?.count ?? 0 }.max() ?? 0
            for agent in 0..<agents {
                rows.append(row("accuracy of agent\(agent)") { format($0.perAgentAccuracy.flatMap { agent < $0.count ? $0[agent] : nil }, percent: true) })
            }
            rows.append(row("relative_position_cells_per_pair") { format($0.relativePositionCellsPerPair) })
            if modes.contains(where: { $0.assignmentPatterns != nil }) {
                rows.append(row("assignment_patterns") { $0.assignmentPatterns.map(String.init) ?? "-" })
            }
        }
        rows.append(row("safety_violations_per_episode") { format($0.safetyViolationsPerEpisode) })
        rows.append(row("mean_return") { format($0.meanReturn) })
        return rows
    }
}
