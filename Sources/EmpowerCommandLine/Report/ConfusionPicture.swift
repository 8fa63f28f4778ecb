import EmpowerBase
import EmpowerRender
import EmpowerTraining

/// `confusion.svg` and `confusion.png`: the discriminator's confusion matrix on the
/// deterministic rollouts, one row per skill rolled out, one column per skill predicted, the
/// fraction of the row's states in each cell (white 0 to dark blue 1, the value written in the
/// cell up to 16 skills). A distinct skill is a dark diagonal cell; a dark cell off the diagonal
/// is a pair the discriminator mixes up, outlined in red from
/// ``RunDiagnosis/Thresholds/confusedFraction`` on.
enum ConfusionPicture {
    /// Writes both files into `directory`; returns their paths (none without a discriminator).
    static func write(_ report: EvaluationReport, into directory: String) throws -> [String] {
        guard let confusion = report.deterministic.confusion, !confusion.isEmpty else { return [] }
        let skills = confusion.count
        let cell: Float = skills <= 10 ? 44 : skills <= 20 ? 26 : max(6, 520 / Float(skills))
        let margin = SIMD2<Float>(96, 60), legend: Float = 90
        let side = cell * Float(skills)
        let width = margin.x + side + legend, height = margin.y + side + 50
        let canvas = try Canvas(width: Int(width), height: Int(height), background: .white, backend: .vector)
        try canvas.setView(minimum: [0, 0], maximum: [width, height])   // pixels, y up
        let top = height - 40
        func color(_ value: Double) -> Color {
            let t = Float(min(max(value, 0), 1))
            return Color(red: 1 - t * 0.92, green: 1 - t * 0.75, blue: 1 - t * 0.45, alpha: 1)
        }
        let labelEvery = skills <= 20 ? 1 : (skills + 19) / 20
        for row in 0..<skills {
            for column in 0..<skills {
                let value = column < confusion[row].count ? confusion[row][column] : 0
                let center = SIMD2(margin.x + (Float(column) + 0.5) * cell, top - (Float(row) + 0.5) * cell)
                canvas.fillRectangle(center: center, halfSize: SIMD2(cell / 2, cell / 2), color: color(value))
                if row != column, value >= RunDiagnosis.Thresholds.confusedFraction {
                    canvas.strokeRectangle(center: center, halfSize: SIMD2(cell / 2 - 1, cell / 2 - 1), color: Color(hex: 0xD62728), lineWidth: 2)
                }
                if skills <= 16, value >= 0.005 {
                    let text = "\(Int((value * 100).rounded()))"
                    canvas.drawText(text, at: center + SIMD2(-Float(text.count) * 3.2, -4), size: 10.5, color: value > 0.55 ? .white : .darkGray)
                }
            }
            if row % labelEvery == 0 {
                canvas.drawText("\(row)", at: SIMD2(margin.x - 22, top - (Float(row) + 0.5) * cell - 4), size: 11, color: .darkGray)
                canvas.drawText("\(row)", at: SIMD2(margin.x + (Float(row) + 0.5) * cell - 4, top + 6), size: 11, color: .darkGray)
            }
        }
        canvas.strokeRectangle(center: SIMD2(margin.x + side / 2, top - side / 2), halfSize: SIMD2(side / 2, side / 2), color: .gray, lineWidth: 1)
        canvas.drawText("predicted skill", at: SIMD2(margin.x + side / 2 - 45, top + 22), size: 12)
        canvas.drawText("skill", at: SIMD2(8, top - side / 2 + 8), size: 12)
        canvas.drawText("rolled out", at: SIMD2(8, top - side / 2 - 8), size: 12)
        canvas.drawText("states of the row's skill taken for the column's skill (%); diagonal: accuracy", at: SIMD2(margin.x, 14), size: 11, color: .darkGray)
        // Colour scale.
        let barLeft = margin.x + side + 24
        for step in 0..<20 {
            let value = Double(step) / 19
            canvas.fillRectangle(center: SIMD2(barLeft + 8, top - side + side * Float(step) / 20 + side / 40), halfSize: SIMD2(8, side / 40), color: color(value))
        }
        canvas.drawText("100%", at: SIMD2(barLeft + 20, top - 8), size: 10, color: .darkGray)
        canvas.drawText("0%", at: SIMD2(barLeft + 20, top - side), size: 10, color: .darkGray)
        let png = directory + "/confusion.png", svg = directory + "/confusion.svg"
        try PNGWriter.write(canvas.frame(), to: png)
        try canvas.writeSVG(to: svg)
        return [svg, png]
    }
}
