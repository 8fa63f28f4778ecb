import EmpowerBase
import EmpowerRender
import EmpowerTraining
#if canImport(Glibc)
import Glibc
#endif

/// Learning curves as small multiples: one panel per metric (returns, discriminator accuracy,
/// losses, the periodic evaluation), x the environment step. Written as SVG and PNG (one drawing,
/// so both look the same) from the runs' `metrics.csv` (`curves.*` in a report,
/// `compare-curves.*` by `compare`).
///
/// Each panel reads as a matplotlib default does: a title with the metric's unit, 4 to 6 ticks
/// at round values on both axes with light grid lines, steps in k / M, and a logarithmic y axis
/// when a positive metric spans two decades or more (losses). A curve of more than
/// ``smoothingThreshold`` points is drawn faint as logged with its exponential moving average
/// (weight ``smoothingWeight``, debiased) over it. Runs of one group (seeds of the same setup)
/// are drawn as their mean with the band from their minimum to their maximum shaded.
enum LearningCurves {
    /// The panels, in order, when the runs logged them, with their titles (unit in brackets).
    static let panels: [(key: String, title: String)] = [
        ("rollout/episode_return", "episode return (environment reward)"),
        ("skills/intrinsic_reward", "intrinsic reward (nats)"),
        ("skills/phi_objective", "phi objective (phi distance along z)"),
        ("skills/accuracy", "discriminator accuracy, minibatches (fraction)"),
        ("eval/accuracy", "accuracy on fresh rollouts (fraction)"),
        ("skills/joint_accuracy", "joint accuracy, minibatches (fraction)"),
        ("eval/joint_accuracy", "joint accuracy, fresh rollouts (fraction)"),
        ("skills/discriminator_loss", "discriminator loss (nats)"),
        ("skills/phi_distance", "phi distance per step"),
        ("skills/constraint_violation", "constraint violation"),
        ("skills/dual", "dual variable"),
        ("train/critic_loss", "critic loss (squared TD error)"),
        ("train/actor_loss", "actor loss (nats)"),
        ("train/alpha", "entropy weight alpha"),
        ("eval/state_coverage_cells", "state coverage (cells)"),
        ("eval/mutual_information_plugin", "mutual information, plug-in (nats)"),
        ("eval/mutual_information_lower_bound", "mutual information, lower bound (nats)"),
        ("eval/object_coverage_cells", "object coverage (cells)"),
        ("eval/skills_moving_objects", "skills moving an object (fraction)"),
        ("eval/object_displacement_cells", "object displacement (cells)"),
        ("eval/object_move_directions", "object move directions (of 8)"),
        ("eval/skills_lifting_objects", "skills lifting an object (fraction)"),
    ]
    /// A curve with more points than this is smoothed.
    static let smoothingThreshold = 8
    /// The weight of the previous smoothed value in the moving average (TensorBoard's default).
    static let smoothingWeight = 0.6

    /// One run's records under a label; runs with the same `group` are drawn as one mean curve
    /// with a shaded band.
    struct Series {
        var label: String
        var records: [MetricsRecord]
        var group: String? = nil
    }

    /// Writes `<name>.svg` and `<name>.png` into `directory`; returns their paths (none when no
    /// run logged any of ``panels`` with a value other than zero).
    /// What the x axis measures.
    enum XAxis {
        /// Environment steps.
        case steps
        /// Seconds of training since the run started (`time/elapsed_seconds`): how long a user
        /// waits for a curve to get somewhere.
        case seconds
    }

    static func write(_ series: [Series], name: String, into directory: String, x: XAxis = .steps) throws -> [String] {
        // A metric logged only as zeros (the environment's return in a skill run) says nothing.
        let panels = panels.filter { panel in series.contains { run in run.records.contains { $0[panel.key].map { $0.isFinite && $0 != 0 } == true } } }
        guard !panels.isEmpty else { return [] }
        let groups = groups(of: series)
        let columns = 3, panelWidth: Float = 380, panelHeight: Float = 250
        let legendHeight: Float = groups.count > 1 || groups.contains(where: { $0.members.count > 1 }) ? 28 : 0
        let rows = (panels.count + columns - 1) / columns
        let width = Float(columns) * panelWidth, height = Float(rows) * panelHeight + legendHeight
        let canvas = try Canvas(width: Int(width), height: Int(height), background: .white, backend: .vector)
        // World units are pixels with y up.
        try canvas.setView(minimum: [0, 0], maximum: [width, height])
        for (index, panel) in panels.enumerated() {
            let left = Float(index % columns) * panelWidth
            let top = height - legendHeight - Float(index / columns) * panelHeight
            let plot = (low: SIMD2(left + 62, top - panelHeight + 40), high: SIMD2(left + panelWidth - 18, top - 30))
            drawPanel(panel.key, groups: groups, on: canvas, plot: plot, x: x)
            canvas.drawText(panel.title, at: SIMD2(left + 62, top - 20), size: 13)
        }
        if legendHeight > 0 {
            var x: Float = 14
            for (index, group) in groups.enumerated() {
                let color = Color.categorical(index)
                if group.members.count > 1 { canvas.fillRectangle(center: SIMD2(x + 10, height - 14), halfSize: [10, 6], color: color.withAlpha(0.2)) }
                canvas.strokeLine(from: SIMD2(x, height - 14), to: SIMD2(x + 20, height - 14), color: color, lineWidth: 2)
                let text = group.members.count > 1 ? "\(group.label): mean of \(group.members.count) runs, min to max shaded" : group.label
                canvas.drawText(text, at: SIMD2(x + 26, height - 18), size: 12)
                x += 50 + Float(text.count) * 6.6
            }
        }
        let png = "\(directory)/\(name).png", svg = "\(directory)/\(name).svg"
        try PNGWriter.write(canvas.frame(), to: png)
        try canvas.writeSVG(to: svg)
        return [svg, png]
    }

    /// Runs of the same `group` together, in order of first appearance; a run without a group
    /// is a group of its own.
    static func groups(of series: [Series]) -> [(label: String, members: [Series])] {
        var groups: [(label: String, members: [Series])] = []
        for run in series {
            if let group = run.group, let index = groups.firstIndex(where: { $0.label == group }) {
                groups[index].members.append(run)
            } else {
                groups.append((run.group ?? run.label, [run]))
            }
        }
        return groups
    }

    /// A group's curve of `key`: the points of its one run, or per logged step of the first run
    /// the mean, minimum and maximum over the runs that logged that step. The x of a point is
    /// the step, or the mean over the runs of their training seconds at that step.
    static func curve(_ key: String, of members: [Series], x: XAxis = .steps) -> [(step: Double, mean: Double, low: Double, high: Double)] {
        let tables = members.map { run in
            Dictionary(run.records.compactMap { r -> (Int, (x: Double, value: Double))? in
                guard let value = r[key], value.isFinite else { return nil }
                switch x {
                case .steps: return (r.step, (Double(r.step), value))
                case .seconds: return r["time/elapsed_seconds"].map { (r.step, ($0, value)) }
                }
            }, uniquingKeysWith: { _, last in last })
        }
        let steps = Set(tables.flatMap(\.keys)).sorted()
        return steps.compactMap { step in
            let points = tables.compactMap { $0[step] }
            guard points.count == tables.count else { return nil }
            let values = points.map(\.value)
            let position = points.map(\.x).reduce(0, +) / Double(points.count)
            return (position, values.reduce(0, +) / Double(values.count), values.min() ?? 0, values.max() ?? 0)
        }
    }

    /// One panel: grid, ticks and labels, then each group's band, raw line and smoothed line.
    static func drawPanel(_ key: String, groups: [(label: String, members: [Series])], on canvas: Canvas, plot: (low: SIMD2<Float>, high: SIMD2<Float>), x: XAxis = .steps) {
        let curves = groups.map { curve(key, of: $0.members, x: x) }
        let points = curves.flatMap { $0 }
        guard !points.isEmpty else { return }
        let values = points.flatMap { [$0.low, $0.high] }
        let xAxis = Axis.linear(low: 0, high: points.map(\.step).max() ?? 1)
        let yAxis = Axis.fitting(values)
        let size = plot.high - plot.low
        func place(_ step: Double, _ value: Double) -> SIMD2<Float> {
            plot.low + SIMD2(Float(xAxis.fraction(step)), Float(yAxis.fraction(value))) * size
        }
        let grid = Color(hex: 0xE6E6E6), labels = Color(hex: 0x555555)
        for tick in yAxis.ticks {
            let y = plot.low.y + Float(yAxis.fraction(tick)) * size.y
            canvas.strokeLine(from: SIMD2(plot.low.x, y), to: SIMD2(plot.high.x, y), color: grid, lineWidth: 1)
            let text = yAxis.label(tick)
            canvas.drawText(text, at: SIMD2(plot.low.x - 6 - Float(text.count) * 5.9, y - 3.5), size: 10.5, color: labels)
        }
        for tick in xAxis.ticks {
            let position = plot.low.x + Float(xAxis.fraction(tick)) * size.x
            canvas.strokeLine(from: SIMD2(position, plot.low.y), to: SIMD2(position, plot.high.y), color: grid, lineWidth: 1)
            let text = x == .steps ? Axis.stepLabel(tick) : xAxis.label(tick)
            canvas.drawText(text, at: SIMD2(position - Float(text.count) * 2.9, plot.low.y - 14), size: 10.5, color: labels)
        }
        let unit = x == .steps ? "steps" : "seconds"
        canvas.drawText(unit, at: SIMD2(plot.high.x - Float(unit.count) * 5.2 - 2, plot.low.y - 27), size: 10, color: labels)
        canvas.strokeRectangle(center: (plot.low + plot.high) / 2, halfSize: size / 2, color: Color(hex: 0xB0B0B0), lineWidth: 1)
        for (index, curve) in curves.enumerated() where !curve.isEmpty {
            let color = Color.categorical(index)
            if groups[index].members.count > 1 {
                let band = curve.map { place($0.step, $0.high) } + curve.reversed().map { place($0.step, $0.low) }
                canvas.fillPolygon(band, color: color.withAlpha(0.18))
            }
            let raw = curve.map { place($0.step, $0.mean) }
            if curve.count > smoothingThreshold {
                canvas.strokePolyline(raw, color: color.withAlpha(0.3), lineWidth: 1)
                let smoothed = smooth(curve.map(\.mean))
                canvas.strokePolyline(zip(curve, smoothed).map { place($0.step, $1) }, color: color, lineWidth: 2)
            } else {
                if raw.count > 1 { canvas.strokePolyline(raw, color: color, lineWidth: 1.8) }
                for point in raw { canvas.fillCircle(center: point, radius: 2.5, color: color) }
            }
        }
        if yAxis.isLogarithmic { canvas.drawText("log scale", at: SIMD2(plot.high.x - 50, plot.high.y + 6), size: 10, color: labels) }
    }

    /// The debiased exponential moving average of `values` (weight ``smoothingWeight``).
    static func smooth(_ values: [Double]) -> [Double] {
        var average = 0.0, weight = 0.0
        return values.map { value in
            average = average * smoothingWeight + value * (1 - smoothingWeight)
            weight = weight * smoothingWeight + (1 - smoothingWeight)
            return average / weight
        }
    }

    /// A plot axis: its range, tick values, and how its values are placed and labelled.
    struct Axis {
        var low: Double
        var high: Double
        var ticks: [Double]
        var isLogarithmic = false
        /// The tick interval (linear axes), which sets how many decimals labels need.
        var step: Double = 1

        /// Where `value` falls, from 0 (low) to 1 (high).
        func fraction(_ value: Double) -> Double {
            if isLogarithmic { return (log10(max(value, low)) - log10(low)) / (log10(high) - log10(low)) }
            return (value - low) / (high - low)
        }

        /// A logarithmic axis for positive values spanning two decades or more, else a linear one.
        static func fitting(_ values: [Double]) -> Axis {
            let low = values.min() ?? 0, high = values.max() ?? 1
            if low > 0, high / low >= 100 { return logarithmic(low: low, high: high) }
            return linear(low: low, high: high)
        }

        /// Round ticks (1, 2, 2.5 or 5 times a power of ten) covering [low, high], 4 to 6 of
        /// them where the values allow; the range is widened to the outer ticks.
        static func linear(low: Double, high: Double) -> Axis {
            var low = low, high = high
            if high - low < 1e-12 * max(abs(high), 1) {
                let pad = max(abs(high) * 0.1, 0.5)
                low -= pad
                high += pad
            }
            let span = high - low
            var best: (step: Double, first: Double, count: Int)?
            let decade = pow(10, (log10(span / 5)).rounded(.down))
            for multiple in [1.0, 2, 2.5, 5, 10, 20, 25, 50] {
                let step = multiple * decade
                let first = (low / step).rounded(.down), last = (high / step).rounded(.up)
                let intervals = Int(last - first)
                if intervals <= 5 {
                    best = (step, first * step, intervals + 1)
                    break
                }
            }
            let chosen = best ?? (span / 5, low, 6)
            let ticks = (0..<chosen.count).map { Double($0) * chosen.step + chosen.first }
            return Axis(low: ticks.first ?? low, high: ticks.last ?? high, ticks: ticks, step: chosen.step)
        }

        /// Powers of ten from below `low` to above `high` (every other one past six decades).
        static func logarithmic(low: Double, high: Double) -> Axis {
            let first = log10(low).rounded(.down)
            var last = log10(high).rounded(.up)
            let stride = last - first > 6 ? 2.0 : 1.0
            last = first + ((last - first) / stride).rounded(.up) * stride
            let ticks = Swift.stride(from: first, through: last, by: stride).map { pow(10, $0) }
            return Axis(low: pow(10, first), high: pow(10, last), ticks: ticks, isLogarithmic: true)
        }

        /// A tick value: as few decimals as the interval needs; `1e-3` style on a log axis
        /// outside 0.01 to 10000; k and M for thousands and millions.
        func label(_ value: Double) -> String {
            if isLogarithmic {
                let exponent = Int(log10(value).rounded())
                return (-2...4).contains(exponent) ? Axis.plain(value, decimals: max(0, -exponent)) : "1e\(exponent)"
            }
            if abs(value) >= 10_000 { return Axis.stepLabel(value) }
            let decimals = max(0, Int((-log10(step)).rounded(.up)) + (step / pow(10, log10(step).rounded(.down)) == 2.5 ? 1 : 0))
            return Axis.plain(value, decimals: min(decimals, 6))
        }

        /// An environment step count: 0, 500, 2.5k, 10k, 1.2M.
        static func stepLabel(_ value: Double) -> String {
            let magnitude = abs(value)
            if magnitude >= 1_000_000 { return trimmed(value / 1_000_000) + "M" }
            if magnitude >= 1000 { return trimmed(value / 1000) + "k" }
            return trimmed(value)
        }

        /// At most two decimals, trailing zeros dropped.
        static func trimmed(_ value: Double) -> String {
            let text = plain(value, decimals: 2)
            guard text.contains(".") else { return text }
            var result = text
            while result.hasSuffix("0") { result.removeLast() }
            if result.hasSuffix(".") { result.removeLast() }
            return result
        }

        /// `value` with exactly `decimals` decimals (no exponent).
        static func plain(_ value: Double, decimals: Int) -> String {
            let scale = pow(10, Double(decimals))
            let scaled = (abs(value) * scale).rounded()
            let whole = Int(scaled / scale)
            let sign = value < 0 && scaled > 0 ? "-" : ""
            guard decimals > 0 else { return sign + "\(whole)" }
            let fraction = Int(scaled - Double(whole) * scale)
            let digits = String(fraction)
            return sign + "\(whole)." + String(repeating: "0", count: max(0, decimals - digits.count)) + digits
        }
    }
}
