import EmpowerTestSupport
import Testing

@testable import EmpowerPhysics

/// Snapshots rebuild the native world, so a live continuation after `snapshot()` and any
/// continuation after `restore` are bit-identical (see `World.snapshot()`).
@Suite("Snapshot and restore")
struct SnapshotTests {
    /// Arm sweeping through objects: plenty of contacts and motor work, so warm-starting matters.
    func drive(_ scene: TabletopScene, step: Int) throws {
        let t = Float(step)
        try scene.setJointSpeeds([step % 80 < 40 ? 1.2 : -1.2, 0.8 * sinApprox(t * 0.1), -1])
    }

    func states(_ world: World) -> [BodyState] {
        var s: [BodyState] = []
        world.readStates(into: &s)
        return s
    }

    func largestPositionGap(_ a: [BodyState], _ b: [BodyState]) -> Float {
        zip(a, b).map { x, y in
            let d = x.position - y.position
            return (d * d).sum().squareRoot()
        }.max() ?? 0
    }

    @Test func restoredContinuationIsBitIdenticalToTheLiveOne() throws {
        let scene = try TabletopScene(configuration: .init(objectCount: 3))
        for i in 0..<60 { try drive(scene, step: i); scene.step() }
        let snapshot = scene.world.snapshot()
        for i in 60..<160 { try drive(scene, step: i); scene.step() }
        let live = states(scene.world)
        let liveJoints = scene.arm.jointStates(in: scene.world)

        // Restore twice into the same world, and once into a twin built the same way.
        for _ in 0..<2 {
            try scene.world.restore(snapshot)
            for i in 60..<160 { try drive(scene, step: i); scene.step() }
            #expect(states(scene.world) == live)
            #expect(scene.arm.jointStates(in: scene.world) == liveJoints)
        }
        let twin = try TabletopScene(configuration: .init(objectCount: 3))
        try twin.world.restore(snapshot)
        for i in 60..<160 { try drive(twin, step: i); twin.step() }
        #expect(states(twin.world) == live)
    }

    @Test func restoreBringsBackMotorSettings() throws {
        let reference = try TabletopScene()
        try reference.setJointSpeeds([0.5, 0.5, -0.5])
        _ = reference.world.snapshot()
        for _ in 0..<20 { reference.step() }

        let scene = try TabletopScene()
        try scene.setJointSpeeds([0.5, 0.5, -0.5])
        let snapshot = scene.world.snapshot()
        try scene.setJointSpeeds([-2, -2, -2])
        try scene.world.setMotor(enabled: false, maxTorque: 0, of: scene.arm.joints[0])
        try scene.world.setLimits(nil, of: scene.arm.joints[1])
        try scene.world.restore(snapshot)
        for _ in 0..<20 { scene.step() }
        #expect(scene.arm.jointStates(in: scene.world) == reference.arm.jointStates(in: reference.world))
        #expect(scene.arm.jointStates(in: scene.world)[1].limits == -2.5...2.5)
        #expect(scene.arm.jointStates(in: scene.world)[0].speed > 0.4)
    }

    /// The documented cost: the rebuild makes the solver start cold, so the continuation after
    /// `snapshot()` departs slightly from a world that was never snapshotted. Also records what
    /// restoring poses into the running world (no rebuild) would give.
    @Test func driftFromColdSolverCachesIsSmallAndBounded() throws {
        func run(snapshotAt: Int?, inPlace: Bool) throws -> [BodyState] {
            let scene = try TabletopScene(configuration: .init(objectCount: 3))
            var saved: WorldSnapshot?
            for i in 0..<160 {
                if i == snapshotAt {
                    if inPlace {
                        saved = scene.world.capture()
                        // Disturb, then put the state back without a rebuild.
                        for _ in 0..<5 { scene.step() }
                        if let saved { scene.world.restoreInPlace(saved) }
                    } else {
                        saved = scene.world.snapshot()
                    }
                }
                try drive(scene, step: i)
                scene.step()
            }
            return states(scene.world)
        }
        let reference = try run(snapshotAt: nil, inPlace: false)
        let rebuilt = try run(snapshotAt: 60, inPlace: false)
        let inPlace = try run(snapshotAt: 60, inPlace: true)
        let rebuiltGap = largestPositionGap(reference, rebuilt)
        let inPlaceGap = largestPositionGap(reference, inPlace)
        print("snapshot drift after 100 steps (m): rebuild \(rebuiltGap), in-place restore \(inPlaceGap)")
        #expect(rebuiltGap < 5e-3)
        #expect(inPlaceGap < 5e-2)
    }

    @Test func snapshotFromADifferentWorldIsRejected() throws {
        let tabletop = try TabletopScene()
        let arena = try ArenaScene()
        #expect(throws: PhysicsError.self) { try arena.world.restore(tabletop.world.snapshot()) }
    }
}
