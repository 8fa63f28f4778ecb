import EmpowerBase
import EmpowerPhysics
import EmpowerPhysicsRendering
import EmpowerRender
import Testing

/// Scene pictures: checks that the things drawn are where the physics says they are.
@Suite("Scene drawing")
struct SceneDrawingTests {
    func colour(_ frame: Frame, at point: SIMD2<Float>, canvas: Canvas) -> (UInt8, UInt8, UInt8) {
        let p = canvas.pixel(point)
        return frame[x: Int(p.x), y: Int(p.y)]
    }

    @Test func tabletopShowsTableObjectsAndArm() throws {
        let scene = try TabletopScene(configuration: .init(objectCount: 3))
        let canvas = try Canvas(width: 400, height: 320)
        canvas.draw(scene)
        let frame = canvas.frame()
        let style = SceneStyle()
        for (i, object) in scene.objects.enumerated() {
            let c = colour(frame, at: scene.world.state(of: object).position, canvas: canvas)
            #expect(c == style.item(i).rgb8)
        }
        // Middle of the first link is arm-coloured; a table corner is table-coloured.
        let joints = scene.arm.jointPositions(in: scene.world)
        #expect(colour(frame, at: (joints[0] + joints[1]) / 2, canvas: canvas) == style.arm.rgb8)
        #expect(colour(frame, at: scene.table.maximum - 0.03, canvas: canvas) == style.table.rgb8)
        #expect(colour(frame, at: scene.table.maximum + 0.05, canvas: canvas) == style.background.rgb8)
    }

    @Test func everySceneRenders() throws {
        let lift = try renderFrame(of: LiftScene())
        let arena = try renderFrame(of: ArenaScene(configuration: .init(agentCount: 4, heavyBox: true)))
        let maze = try renderFrame(of: MazeScene())
        for frame in [lift, arena, maze] {
            // More than a blank background: at least 4 distinct colours.
            var seen = Set<[UInt8]>()
            for i in stride(from: 0, to: frame.pixels.count, by: 3) { seen.insert(Array(frame.pixels[i..<i + 3])) }
            #expect(seen.count >= 4)
        }
    }
}
