import EmpowerBase
import EmpowerCore
import EmpowerRender
import EmpowerTraining

/// The picture a user wants after training skills: every skill's evaluation trajectories of
/// the tracked position (the agent, or the end effector), one colour per skill, with a legend.
/// Written as `trajectories.png` and `trajectories.svg` in the report directory.
enum SkillPictures {
    static func write(_ trainer: any SkillTrainer, into directory: String) throws -> [String] {
        let evaluation = try SkillEvaluation.evaluate(trainer, episodesPerSkill: 3)
        let points = evaluation.trajectories.flatMap { $0.flatMap { $0 } }
        guard let name = evaluation.positionName, !points.isEmpty else { return [] }
        var low = points[0], high = points[0]
        for point in points {
            low = pointwiseMin(low, point)
            high = pointwiseMax(high, point)
        }
        // A square view around everything visited, with a margin; at least 0.2 wide.
        let center = (low + high) * 0.5
        let half = max(max(high.x - low.x, high.y - low.y) * 0.55, 0.1)
        let legendWidth: Float = half * 0.5
        var paths: [String] = []
        for backend in [Canvas.Backend.raster, .vector] {
            let canvas = try Canvas(width: 720, height: 600, background: .white, backend: backend)
            try canvas.setView(minimum: center - SIMD2(half, half), maximum: center + SIMD2(half + legendWidth, half))
            canvas.strokeRectangle(center: center, halfSize: SIMD2(half, half), color: .lightGray, lineWidth: 1)
            for (skill, episodes) in evaluation.trajectories.enumerated() {
                let color = Color.categorical(skill)
                for path in episodes where path.count > 1 {
                    canvas.strokePolyline(path, color: color, lineWidth: 2)
                    canvas.fillCircle(center: path[path.count - 1], radius: half * 0.012, color: color)
                }
                let row = center + SIMD2(half * 1.08, half * (0.92 - 0.1 * Float(skill)))
                canvas.fillCircle(center: row, radius: half * 0.02, color: color)
                canvas.drawText("skill \(skill)  \(Int((evaluation.perSkillAccuracy[skill] * 100).rounded()))%", at: row + SIMD2(half * 0.05, -half * 0.015), size: 13)
            }
            canvas.drawText(
                "\(trainer.configuration.environment): \(name), \(trainer.skillCount) skills, accuracy \(Int((evaluation.accuracy * 100).rounded()))%",
                at: center + SIMD2(-half * 0.98, half * 0.94), size: 14)
            if backend == .raster {
                let path = directory + "/trajectories.png"
                try PNGWriter.write(canvas.frame(), to: path)
                paths.append(path)
            } else {
                let path = directory + "/trajectories.svg"
                try canvas.writeSVG(to: path)
                paths.append(path)
            }
        }
        return paths
    }
}
