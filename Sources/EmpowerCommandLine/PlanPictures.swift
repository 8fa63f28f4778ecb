import EmpowerBase
import EmpowerCore
import EmpowerRender

/// Frames of an executed plan. In an environment that draws overlays (``OverlayScene``, such
/// as the tabletop): the scene, the goal region (the success
/// radius, shaded green), the object's path so far (blue), the object positions the current
/// plan predicts after each of its skills (orange rings joined by a line), and a caption with
/// the skill being run. Other environments: their own `render()`.
enum PlanPictures {
    static let goalColor = Color(hex: 0x2E7D32)
    static let trailColor = Color(hex: 0x1565C0)
    static let plannedColor = Color(hex: 0xEF6C00)

    static func frame(
        of env: inout any Environment, goal: SIMD2<Float>, radius: Float, trail: [SIMD2<Float>], planned: [SIMD2<Float>], caption: String
    ) throws -> Frame {
        guard let scene = env as? any OverlayScene else { return try env.render() }
        let canvas = try scene.sceneCanvas(width: 480, height: 384)
        canvas.fillCircle(center: goal, radius: radius, color: goalColor.withAlpha(0.25))
        canvas.strokeCircle(center: goal, radius: radius, color: goalColor, lineWidth: 2)
        canvas.strokeLine(from: goal - [0.015, 0], to: goal + [0.015, 0], color: goalColor, lineWidth: 1.5)
        canvas.strokeLine(from: goal - [0, 0.015], to: goal + [0, 0.015], color: goalColor, lineWidth: 1.5)
        if planned.count > 1 { canvas.strokePolyline(planned, color: plannedColor.withAlpha(0.7), lineWidth: 1.5) }
        for p in planned.dropFirst() { canvas.strokeCircle(center: p, radius: 0.012, color: plannedColor, lineWidth: 2) }
        if trail.count > 1 { canvas.strokePolyline(trail, color: trailColor, lineWidth: 2) }
        canvas.drawText(caption, at: scene.captionPosition, size: 13, color: .white)
        return canvas.frame()
    }
}
