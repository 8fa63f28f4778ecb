import EmpowerBase
import EmpowerRender
import EmpowerTraining
#if canImport(Glibc)
import Glibc
#endif

/// Learning curves as small multiples: one panel per metric (returns, discriminator accuracy,
/// losses, the periodic evaluation), x the environment step, one line per run. Written as SVG and
/// PNG from the runs' `metrics.csv` (`curves.*` in a report, `compare-curves.*` by `compare`).
enum LearningCurves {
    /// The panels, in order, when the runs logged them.
    static let preferredKeys = [
        "rollout/episode_return", "skills/accuracy", "eval/accuracy", "skills/discriminator_loss",
        "train/critic_loss", "train/actor_loss", "train/alpha", "eval/state_coverage_cells",
        "eval/mutual_information_plugin", "eval/mutual_information_lower_bound", "eval/object_coverage_cells",
        "eval/skills_moving_objects", "eval/object_displacement_cells", "eval/object_move_directions",
    ]

    /// One run's records under a label.
    struct Series {
        var label: String
        var records: [MetricsRecord]
    }

    /// Writes `<name>.svg` and `<name>.png` into `directory`; returns their paths (none when no
    /// run logged any of ``preferredKeys``).
    static func write(_ series: [Series], name: String, into directory: String) throws -> [String] {
        let keys = preferredKeys.filter { key in series.contains { run in run.records.contains { $0[key]?.isFinite == true } } }
        guard !keys.isEmpty else { return [] }
        let columns = 3, panelWidth: Float = 330, panelHeight: Float = 210
        let legendHeight: Float = series.count > 1 ? 26 : 0
        let rows = (keys.count + columns - 1) / columns
        let width = Float(columns) * panelWidth, height = Float(rows) * panelHeight + legendHeight
        let canvas = try Canvas(width: Int(width), height: Int(height), background: .white, backend: .vector)
        // World units are pixels with y up.
        try canvas.setView(minimum: [0, 0], maximum: [width, height])
        for (index, key) in keys.enumerated() {
            let left = Float(index % columns) * panelWidth
            let top = height - legendHeight - Float(index / columns) * panelHeight
            drawPanel(key, series: series, on: canvas, plot: (SIMD2(left + 58, top - panelHeight + 30), SIMD2(left + panelWidth - 14, top - 26)))
            canvas.drawText(key, at: SIMD2(left + 58, top - 18), size: 12)
        }
        if series.count > 1 {
            var x: Float = 12
            for (index, run) in series.enumerated() {
                canvas.fillRectangle(center: SIMD2(x + 8, height - 13), halfSize: [8, 3], color: Color.categorical(index))
                canvas.drawText(run.label, at: SIMD2(x + 22, height - 17), size: 12)
                x += 30 + Float(run.label.count) * 7
            }
        }
        let png = "\(directory)/\(name).png", svg = "\(directory)/\(name).svg"
        try PNGWriter.write(canvas.frame(), to: png)
        try canvas.writeSVG(to: svg)
        return [svg, png]
    }

    /// One panel: a frame, the y range and the last step as labels, one polyline per run.
    static func drawPanel(_ key: String, series: [Series], on canvas: Canvas, plot: (low: SIMD2<Float>, high: SIMD2<Float>)) {
        let lines = series.map { run in run.records.compactMap { r in r[key].flatMap { $0.isFinite ? SIMD2(Double(r.step), $0) : nil } } }
        let all = lines.flatMap { $0 }
        guard let first = all.first else { return }
        var low = first, high = first
        for point in all {
            low = pointwiseMin(low, point)
            high = pointwiseMax(high, point)
        }
        low.x = min(low.x, 0)
        if high.y - low.y < 1e-9 { low.y -= 0.5; high.y += 0.5 }
        if high.x - low.x < 1e-9 { high.x += 1 }
        let size = plot.high - plot.low
        func place(_ point: SIMD2<Double>) -> SIMD2<Float> {
            plot.low + SIMD2(Float((point.x - low.x) / (high.x - low.x)), Float((point.y - low.y) / (high.y - low.y))) * size
        }
        canvas.strokeRectangle(center: (plot.low + plot.high) / 2, halfSize: size / 2, color: .lightGray, lineWidth: 1)
        canvas.drawText(short(high.y), at: SIMD2(plot.low.x - 54, plot.high.y - 8), size: 10, color: .darkGray)
        canvas.drawText(short(low.y), at: SIMD2(plot.low.x - 54, plot.low.y), size: 10, color: .darkGray)
        canvas.drawText("0", at: SIMD2(plot.low.x, plot.low.y - 14), size: 10, color: .darkGray)
        canvas.drawText("\(Int(high.x)) steps", at: SIMD2(plot.high.x - 70, plot.low.y - 14), size: 10, color: .darkGray)
        for (index, line) in lines.enumerated() where !line.isEmpty {
            let color = series.count > 1 ? Color.categorical(index) : Color.categorical(0)
            let points = line.map(place)
            if points.count > 1 { canvas.strokePolyline(points, color: color, lineWidth: 1.8) }
            if points.count < 12 { for point in points { canvas.fillCircle(center: point, radius: 2.5, color: color) } }
        }
    }

    /// A number in at most about 7 characters.
    static func short(_ value: Double) -> String {
        let magnitude = abs(value)
        if magnitude >= 10_000 || (magnitude < 0.01 && magnitude > 0) {
            let exponent = Int(log10(magnitude).rounded(.down))
            let mantissa = value / pow(10, Double(exponent))
            return "\((mantissa * 100).rounded() / 100)e\(exponent)"
        }
        return "\((value * 1000).rounded() / 1000)"
    }
}
