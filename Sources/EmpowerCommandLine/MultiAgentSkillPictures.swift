import EmpowerBase
import EmpowerRender
import EmpowerSkills
import EmpowerTraining

/// The picture of multi-agent skills: one panel per skill showing the arena [-1, 1]² with all
/// agents of that skill together, each agent in its own colour (agent 0 blue, 1 orange, 2
/// green, ...), over every evaluation episode of the skill: a hollow circle at the start, the
/// path, a filled dot at the end. Landmarks are grey crosses; a box (CooperativePush) is drawn
/// as its grey path with a square at its final place. Each panel's caption gives the skill's
/// joint-discriminator accuracy and each agent's discriminator accuracy on those episodes.
/// Written as `masd-skills.png` and `masd-skills.svg` in the report directory (beside the
/// report's `trajectories.png`, which draws every skill over one arena).
enum MultiAgentSkillPictures {
    static func write(episodes: [SkillEpisode], evaluation: MASDEvaluation, skillCount: Int, title: String, into directory: String) throws -> [String] {
        let agents = CoordinationMetric.agentNames(in: episodes)
        let columns = min(skillCount, 4)
        let rows = (skillCount + columns - 1) / columns
        let panel: Float = 2.5          // arena side 2 plus room for the caption
        let width = Float(columns) * panel
        let height = Float(rows) * panel + 0.4
        var paths: [String] = []
        for backend in [Canvas.Backend.raster, .vector] {
            let canvas = try Canvas(width: 240 * columns, height: Int(Float(240 * columns) * height / width), background: .white, backend: backend)
            try canvas.setView(minimum: SIMD2(0, -height), maximum: SIMD2(width, 0))
            canvas.drawText(
                "\(title): joint accuracy \(percent(evaluation.jointAccuracy)), mean per-agent \(percent(evaluation.meanAgentAccuracy)), relative cells/pair \(Int(evaluation.coordination.cellsPerPair.rounded()))",
                at: SIMD2(0.1, -0.25), size: 13)
            for skill in 0..<skillCount {
                let center = SIMD2<Float>(Float(skill % columns) * panel + panel / 2, -0.4 - Float(skill / columns) * panel - panel / 2 + 0.15)
                canvas.strokeRectangle(center: center, halfSize: SIMD2(1, 1), color: .lightGray, lineWidth: 1)
                let own = episodes.filter { $0.skill == skill }
                if let first = own.first {
                    for (name, track) in first.positions where name.hasPrefix("landmark") {
                        if let point = track.first {
                            canvas.strokeLine(from: center + point + SIMD2(-0.05, 0), to: center + point + SIMD2(0.05, 0), color: .gray, lineWidth: 1.5)
                            canvas.strokeLine(from: center + point + SIMD2(0, -0.05), to: center + point + SIMD2(0, 0.05), color: .gray, lineWidth: 1.5)
                        }
                    }
                }
                for episode in own {
                    if let box = episode.positions["box"], let last = box.last {
                        canvas.strokePolyline(box.map { center + $0 }, color: .gray, lineWidth: 1.5)
                        canvas.strokeRectangle(center: center + last, halfSize: SIMD2(0.12, 0.12), color: .gray, lineWidth: 1.5)
                    }
                    for (index, name) in agents.enumerated() {
                        guard let track = episode.positions[name], let start = track.first, let end = track.last else { continue }
                        let color = Color.categorical(index)
                        canvas.strokePolyline(track.map { center + $0 }, color: color, lineWidth: 1.5)
                        canvas.strokeCircle(center: center + start, radius: 0.04, color: color, lineWidth: 1)
                        canvas.fillCircle(center: center + end, radius: 0.05, color: color)
                    }
                }
                let joint = MASDEvaluation.accuracy(of: "joint", in: own, skillCount: skillCount).accuracy
                let perAgent = agents.map { percent(MASDEvaluation.accuracy(of: $0, in: own, skillCount: skillCount).accuracy) }
                canvas.drawText("skill \(skill): joint \(percent(joint)); agents \(perAgent.joined(separator: " "))", at: center + SIMD2(-1, 1.08), size: 10)
            }
            if backend == .raster {
                let path = directory + "/masd-skills.png"
                try PNGWriter.write(canvas.frame(), to: path)
                paths.append(path)
            } else {
                let path = directory + "/masd-skills.svg"
                try canvas.writeSVG(to: path)
                paths.append(path)
            }
        }
        return paths
    }

    static func percent(_ value: Double) -> String { "\(Int((value * 100).rounded()))%" }
}
