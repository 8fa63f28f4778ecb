import EmpowerBase
import EmpowerRender
import EmpowerSkills

/// `trajectories.svg` and `trajectories.png`: every skill's evaluation paths over the arena, one
/// colour per skill, with a legend (skill, its accuracy, its coverage cells).
///
/// What is drawn, per episode, from ``SkillEpisode/positions``:
/// - the tracked position (the agent, the end effector) as a thick line ending in a dot;
/// - with several agents (`agent0`, `agent1`, ...), every agent of the skill in the skill's
///   colour, each agent with its own end marker (circle, square, triangle, diamond);
/// - every other track (objects, a box) as a thin, lighter line ending in a hollow square, so an
///   object's path reads as "pushed by this skill".
/// A light grid shows the coverage cells. The report of `empower train` and `evaluate` writes
/// both files; TensorBoard's `evaluation/trajectories` image is the PNG of every periodic
/// evaluation.
public enum TrajectoryPicture {
    /// Writes both files into `directory`; returns their paths (none without positions).
    public static func write(_ evaluation: SkillEvaluation, title: String, into directory: String) throws -> [String] {
        guard let canvas = try canvas(evaluation, title: title) else { return [] }
        let png = directory + "/trajectories.png", svg = directory + "/trajectories.svg"
        try PNGWriter.write(canvas.frame(), to: png)
        try canvas.writeSVG(to: svg)
        return [svg, png]
    }

    /// The picture, drawn (nil when the evaluation tracked no positions).
    public static func canvas(_ evaluation: SkillEvaluation, title: String) throws -> Canvas? {
        let metrics = evaluation.metrics
        guard let tracked = metrics.trackedPosition else { return nil }
        let names = Set(evaluation.episodes.flatMap(\.positions.keys))
        let primary = Self.primaryTracks(tracked: tracked, names: names)
        let secondary = names.subtracting(primary).sorted()
        let points = evaluation.episodes.flatMap { episode in (primary + secondary).flatMap { episode.positions[$0] ?? [] } }
        guard var low = points.first else { return nil }
        var high = low
        for point in points {
            low = pointwiseMin(low, point)
            high = pointwiseMax(high, point)
        }
        // A square view around everything visited, with a margin; at least 0.2 wide.
        let center = (low + high) * 0.5
        let half = max(max(high.x - low.x, high.y - low.y) * 0.55, 0.1)
        let legendWidth: Float = half * 0.62
        let canvas = try Canvas(width: 760, height: 600, background: .white, backend: .vector)
        try canvas.setView(minimum: center - SIMD2(half, half), maximum: center + SIMD2(half + legendWidth, half))
        drawCells(on: canvas, size: Float(metrics.cellSize), low: center - SIMD2(half, half), high: center + SIMD2(half, half))
        canvas.strokeRectangle(center: center, halfSize: SIMD2(half, half), color: .gray, lineWidth: 1)
        let markerSize = half * 0.018
        for episode in evaluation.episodes {
            let color = Color.categorical(episode.skill)
            for name in secondary {
                guard let path = episode.positions[name], path.count > 1 else { continue }
                canvas.strokePolyline(path, color: color.withAlpha(0.55), lineWidth: 1)
                canvas.strokeRectangle(center: path[path.count - 1], halfSize: SIMD2(markerSize, markerSize), color: color, lineWidth: 1.5)
            }
            for (index, name) in primary.enumerated() {
                guard let path = episode.positions[name], !path.isEmpty else { continue }
                if path.count > 1 { canvas.strokePolyline(path, color: color, lineWidth: 2) }
                drawMarker(index, at: path[path.count - 1], size: markerSize, color: color, on: canvas)
            }
        }
        // Legend.
        let legendX = center.x + half * 1.06
        for skill in 0..<metrics.skillCount {
            let row = SIMD2(legendX, center.y + half * (0.86 - min(0.09, 1.7 / Float(max(metrics.skillCount, 1))) * Float(skill)))
            canvas.fillCircle(center: row, radius: half * 0.022, color: Color.categorical(skill))
            var label = "skill \(skill)"
            if skill < metrics.perSkillAccuracy.count { label += "  \(Int((metrics.perSkillAccuracy[skill] * 100).rounded()))%" }
            if skill < metrics.perSkillCoverageCells.count { label += "  \(metrics.perSkillCoverageCells[skill]) cells" }
            canvas.drawText(label, at: row + SIMD2(half * 0.05, -half * 0.015), size: 12)
        }
        var caption = "\(primary.joined(separator: ", ")): thick"
        if !secondary.isEmpty { caption += "; \(secondary.joined(separator: ", ")): thin, hollow square" }
        canvas.drawText(title, at: center + SIMD2(-half * 0.98, half * 0.93), size: 14)
        canvas.drawText(caption + "; cells of \(metrics.cellSize)", at: center + SIMD2(-half * 0.98, -half * 0.97), size: 11, color: .darkGray)
        return canvas
    }

    /// The tracks drawn thick: every `agentN` when there are several agents, else the tracked one.
    static func primaryTracks(tracked: String, names: Set<String>) -> [String] {
        let agents = names.filter { $0.hasPrefix("agent") && Int($0.dropFirst(5)) != nil }
        return agents.count > 1 ? agents.sorted { Int($0.dropFirst(5)) ?? 0 < Int($1.dropFirst(5)) ?? 0 } : [tracked]
    }

    /// Circle, square, triangle, diamond, then again.
    static func drawMarker(_ index: Int, at point: SIMD2<Float>, size: Float, color: Color, on canvas: Canvas) {
        switch index % 4 {
        case 0: canvas.fillCircle(center: point, radius: size, color: color)
        case 1: canvas.fillRectangle(center: point, halfSize: SIMD2(size, size), color: color)
        case 2: canvas.fillPolygon([point + SIMD2(0, size * 1.3), point + SIMD2(-size * 1.2, -size), point + SIMD2(size * 1.2, -size)], color: color)
        default: canvas.fillPolygon([point + SIMD2(0, size * 1.4), point + SIMD2(size * 1.2, 0), point + SIMD2(0, -size * 1.4), point + SIMD2(-size * 1.2, 0)], color: color)
        }
    }

    /// Grid lines at multiples of the cell size (skipped when they would be denser than 80 a side).
    static func drawCells(on canvas: Canvas, size: Float, low: SIMD2<Float>, high: SIMD2<Float>) {
        guard size > 0, (high.x - low.x) / size <= 80, (high.y - low.y) / size <= 80 else { return }
        let color = Color(hex: 0xEEEEEE)
        var x = (low.x / size).rounded(.up) * size
        while x < high.x {
            canvas.strokeLine(from: SIMD2(x, low.y), to: SIMD2(x, high.y), color: color, lineWidth: 1)
            x += size
        }
        var y = (low.y / size).rounded(.up) * size
        while y < high.y {
            canvas.strokeLine(from: SIMD2(low.x, y), to: SIMD2(high.x, y), color: color, lineWidth: 1)
            y += size
        }
    }
}
