import EmpowerPhysics
import EmpowerRender

#if canImport(Glibc)
import Glibc
#endif

/// Drawing the shared physics scenes. Each `draw` sets the view to the scene's extent, paints
/// the background and draws every body the scene owns, so a frame is one call:
///
/// ```swift
/// let canvas = try Canvas(width: 400, height: 320)
/// canvas.draw(scene)
/// try PNGWriter.write(canvas.frame(), to: "/tmp/tabletop.png")
/// ```
extension Canvas {
    /// Table (with its edge), arm links and joints, end effector, objects.
    public func draw(_ scene: TabletopScene, style: SceneStyle = SceneStyle()) {
        let table = scene.table
        fitView(minimum: table.minimum - 0.1, maximum: table.maximum + 0.1)
        clear(style.background)
        fillRectangle(center: table.center, halfSize: table.halfSize, color: style.table)
        strokeRectangle(center: table.center, halfSize: table.halfSize, color: style.tableEdge, lineWidth: 3)
        let world = scene.world
        for (i, object) in scene.objects.enumerated() {
            let s = world.state(of: object)
            let size = scene.configuration.objectSize
            switch scene.configuration.objectShape {
            case .box:
                fillRectangle(center: s.position, halfSize: [size, size], angle: s.angle, color: style.item(i))
                strokeRectangle(center: s.position, halfSize: [size, size], angle: s.angle, color: style.outline, lineWidth: 1)
            case .puck:
                fillCircle(center: s.position, radius: size, color: style.item(i))
                strokeCircle(center: s.position, radius: size, color: style.outline, lineWidth: 1)
            }
        }
        drawArm(scene.arm, halfWidth: scene.configuration.arm.linkHalfWidth, in: world, style: style)
        fillCircle(center: scene.endEffector().position, radius: 0.012, color: style.endEffector)
    }

    /// Floor and pedestal, arm, palm and fingers, block.
    public func draw(_ scene: LiftScene, style: SceneStyle = SceneStyle()) {
        fitView(minimum: [-0.65, -0.1], maximum: [0.65, 0.95])
        clear(style.background.withAlpha(1))
        fillRectangle(center: [0, -0.05], halfSize: [0.6, 0.05], color: style.floor)
        fillRectangle(center: [-0.3, 0.025], halfSize: [0.04, 0.025], color: style.floor)
        let world = scene.world
        let block = world.state(of: scene.block)
        let h = scene.configuration.blockHalfSize
        fillRectangle(center: block.position, halfSize: [h, h], angle: block.angle, color: style.item(0))
        strokeRectangle(center: block.position, halfSize: [h, h], angle: block.angle, color: style.outline)
        drawArm(scene.arm, halfWidth: scene.configuration.arm.linkHalfWidth, in: world, style: style)
        if let wrist = scene.arm.links.last, let length = scene.arm.linkLengths.last {
            let w = world.state(of: wrist)
            let palm = w.position + SIMD2(cos(w.angle), sin(w.angle)) * length
            fillRectangle(center: palm, halfSize: [0.01, LiftScene.palmHalfWidth], angle: w.angle, color: style.gripper)
        }
        for finger in scene.fingers {
            let f = world.state(of: finger)
            fillRectangle(center: f.position, halfSize: [0.01, LiftScene.fingerLength / 2], angle: f.angle, color: style.gripper)
        }
    }

    /// Arena floor and walls, landmarks, heavy box, agents (palette colours, numbered).
    public func draw(_ scene: ArenaScene, style: SceneStyle = SceneStyle()) {
        let arena = scene.arena
        fitView(minimum: arena.minimum - 0.08, maximum: arena.maximum + 0.08)
        clear(style.wall)
        fillRectangle(center: arena.center, halfSize: arena.halfSize, color: style.arenaFloor)
        let r = scene.configuration.landmarkRadius
        for landmark in scene.configuration.landmarks {
            strokeCircle(center: landmark, radius: r, color: style.landmark, lineWidth: 2)
            strokeLine(from: landmark - [r * 0.6, 0], to: landmark + [r * 0.6, 0], color: style.landmark, lineWidth: 2)
            strokeLine(from: landmark - [0, r * 0.6], to: landmark + [0, r * 0.6], color: style.landmark, lineWidth: 2)
        }
        let world = scene.world
        if let box = scene.heavyBox {
            let s = world.state(of: box)
            let h = scene.configuration.heavyBoxHalfSize
            fillRectangle(center: s.position, halfSize: [h, h], angle: s.angle, color: style.heavyBox)
            strokeRectangle(center: s.position, halfSize: [h, h], angle: s.angle, color: style.outline, lineWidth: 2)
        }
        for (i, agent) in scene.agents.enumerated() {
            let p = world.state(of: agent).position
            fillCircle(center: p, radius: scene.configuration.agentRadius, color: style.item(i))
            strokeCircle(center: p, radius: scene.configuration.agentRadius, color: style.outline, lineWidth: 1.5)
        }
    }

    /// Arena, walls, the point.
    public func draw(_ scene: MazeScene, style: SceneStyle = SceneStyle()) {
        let arena = scene.arena
        fitView(minimum: arena.minimum - 0.08, maximum: arena.maximum + 0.08)
        clear(style.wall)
        fillRectangle(center: arena.center, halfSize: arena.halfSize, color: style.arenaFloor)
        for wall in scene.configuration.walls {
            fillRectangle(center: wall.center, halfSize: wall.halfSize, color: style.wall)
        }
        fillCircle(center: scene.pointPosition, radius: max(scene.configuration.pointRadius, 0.02), color: style.item(2))
        strokeCircle(center: scene.pointPosition, radius: max(scene.configuration.pointRadius, 0.02), color: style.outline, lineWidth: 1.5)
    }

    // MARK: Helpers

    /// Links as rounded bars between joint positions, joints as light dots.
    func drawArm(_ arm: PlanarArm, halfWidth: Float, in world: World, style: SceneStyle) {
        let points = arm.jointPositions(in: world)
        let width = 2 * Double(halfWidth) * pixelsPerUnit
        for i in 0..<(points.count - 1) {
            strokeLine(from: points[i], to: points[i + 1], color: style.arm, lineWidth: max(2, width))
        }
        for p in points.dropLast() {
            fillCircle(center: p, radius: halfWidth * 0.6, color: style.joint)
        }
    }

    /// `setView` for extents the scenes computed themselves (always non-empty).
    func fitView(minimum: SIMD2<Float>, maximum: SIMD2<Float>) {
        do {
            try setView(minimum: minimum, maximum: maximum)
        } catch {
            preconditionFailure("scene extent \(minimum)...\(maximum) is empty: \(error)")
        }
    }
}
