#if canImport(Glibc)
import Glibc
#endif
import EmpowerCore
import EmpowerManipulation
import EmpowerPhysics
import EmpowerPhysicsRendering
import EmpowerRender
import EmpowerTestSupport
import Testing

@Suite("Manipulation safety events")
struct SafetyEventTests {
    @Test("a calm step reports zero events, and the events are always present")
    func calm() throws {
        for env in [try TabletopPush(objects: 3) as any Environment, try TabletopReach(), try TabletopLift()] {
            var env = env
            _ = try env.reset(seed: 1)
            let step = try env.step([Float](repeating: 0, count: env.actionSpace.flatSize))
            #expect(step.info.safetyEvents == SafetyEvents(), "\(env.spec.id)")
        }
    }

    @Test("a box pushed off the table is an event and terminates the episode")
    func objectOffTable() throws {
        let env = try TabletopPush(objects: 1)
        _ = try env.reset(seed: 0)
        // Constructed situation: shove the box toward the right edge through the world.
        try env.scene.world.applyImpulse([3, 0], to: env.scene.objects[0])
        var last: Step?
        for _ in 0..<60 {
            let step = try env.step([0, 0, 0])
            last = step
            if step.isDone { break }
        }
        let step = try #require(last)
        #expect(step.isTerminated && !step.isTruncated)
        #expect(step.info.safetyEvents?.objectOffTable == 1)
        #expect(step.observation[12] > 0.5)
        #expect(throws: EnvironmentError.self) { _ = try env.step([0, 0, 0]) }
    }

    @Test("driving a joint into its limit reports jointAtLimit", arguments: ManipulationEnvironments.ids)
    func jointAtLimit(id: String) throws {
        var env = try manipulationCatalog().make(id)
        _ = try env.reset(seed: 0)
        // Elbow at full speed one way: it reaches its ±2.5 (lift: ±2.6) rad stop within 3 s.
        var action = [Float](repeating: 0, count: env.actionSpace.flatSize)
        action[1] = id == "TabletopLift-v0" ? -1 : 1
        var sawLimit = false
        for _ in 0..<90 {
            let step = try env.step(action)
            if (step.info.safetyEvents?.jointAtLimit ?? 0) >= 1 { sawLimit = true }
            if step.isDone { break }
        }
        #expect(sawLimit)
    }

    @Test("an impulse above the threshold is an event; the same run under the default threshold is calm")
    func excessiveImpulse() throws {
        func count(threshold: Float) throws -> Int {
            let env = try TabletopPush(objects: 1, impulseThreshold: threshold)
            _ = try env.reset(seed: 0)
            // Box placed on the arc of the shoulder sweep (the arm is read, not driven, here).
            let tip = env.scene.endEffector().position
            try env.scene.world.setTransform(of: env.scene.objects[0], position: tip + [0.06, -0.03], angle: 0)
            var total = 0
            for _ in 0..<30 { total += try env.step([-0.3, 0, 0]).info.safetyEvents?.excessiveImpulse ?? 0 }
            return total
        }
        #expect(try count(threshold: 1e-4) > 0)
        #expect(try count(threshold: TabletopPush.defaultImpulseThreshold) == 0)
    }

    @Test("straightening the arm past the far edge takes the end effector out of the workspace")
    func workspace() throws {
        let env = try TabletopReach(actionMode: .endEffector)
        _ = try env.reset(seed: 0)
        var saw = false
        for _ in 0..<120 {
            let step = try env.step([0, 1])
            if (step.info.safetyEvents?.endEffectorOutOfWorkspace ?? 0) == 1 {
                saw = true
                #expect(step.observation[10] > 0.4)
                break
            }
        }
        #expect(saw)
    }
}

@Suite("Manipulation snapshots")
struct ManipulationSnapshotTests {
    @Test("restore then N steps equals snapshot then N steps, bit for bit", arguments: manipulationConfigurations.indices)
    func exact(index: Int) throws {
        let (id, arguments) = manipulationConfigurations[index]
        var env = try manipulationCatalog().make(id, arguments: arguments)
        var rng = Xoshiro256(seed: 9)
        _ = try env.reset(seed: 4)
        for _ in 0..<20 { _ = try env.step(env.actionSpace.sample(using: &rng)) }
        let snapshot = try env.snapshot()
        let actions = (0..<60).map { _ in env.actionSpace.sample(using: &rng) }
        func run() throws -> [UInt32] {
            var bits: [UInt32] = []
            for action in actions {
                let step = try env.step(action)
                bits += step.observation.map(\.bitPattern) + [step.reward.bitPattern]
                if step.isDone { break }
            }
            return bits
        }
        let first = try run()
        try env.restore(snapshot)
        let second = try run()
        try env.restore(snapshot)
        let third = try run()
        #expect(first.count > 0)
        #expect(first == second && second == third)
    }
}

@Suite("Manipulation observations and rendering")
struct ObservationTests {
    @Test("tabletop observations read the scene: joints, end effector, objects")
    func tabletopObservation() throws {
        let env = try TabletopPush(objects: 2)
        var observation = try env.reset(seed: 6).observation
        for _ in 0..<10 { observation = try env.step([0.5, -0.3, 0.8]).observation }
        let joints = env.scene.arm.jointStates(in: env.scene.world)
        for (i, joint) in joints.enumerated() {
            #expect(isClose(observation[i], sin(joint.value), absolute: 1e-5))
            #expect(isClose(observation[3 + i], cos(joint.value), absolute: 1e-5))
            #expect(isClose(observation[6 + i], joint.speed, absolute: 1e-5))
        }
        #expect(abs(joints[0].speed) > 0.1)
        let tip = env.scene.endEffector()
        #expect(isClose(observation[9], tip.position.x, absolute: 1e-6) && isClose(observation[10], tip.position.y, absolute: 1e-6))
        #expect(isClose(cos(observation[11]), cos(tip.angle), absolute: 1e-5) && isClose(sin(observation[11]), sin(tip.angle), absolute: 1e-5))
        for k in 0..<2 {
            let s = env.scene.world.state(of: env.scene.objects[k])
            #expect(observation[12 + 7 * k] == s.position.x && observation[13 + 7 * k] == s.position.y)
            #expect(isClose(observation[14 + 7 * k], sin(s.angle), absolute: 1e-6))
        }
    }

    @Test("lift observations include the gripper opening, which closes on command")
    func liftObservation() throws {
        let env = try TabletopLift()
        let open = try env.reset(seed: 0).observation[12]
        #expect(isClose(open, env.scene.gripperOpening, absolute: 1e-5))
        #expect(open > 0.11)  // fingers at their open stops: 0.12 m apart
        var observation: [Float] = []
        for _ in 0..<30 { observation = try env.step([0, 0, 0, 1]).observation }
        #expect(observation[12] < open - 0.08)  // closed on nothing: fingers nearly touch
    }

    @Test("end-effector actions move the end effector in the commanded direction")
    func endEffectorMode() throws {
        let env = try TabletopReach(actionMode: .endEffector)
        let start = try env.reset(seed: 3).observation
        var observation = start
        for _ in 0..<10 { observation = try env.step([1, 0]).observation }
        // 10 steps of 2 cm along +x: about 0.2 m, little sideways.
        #expect(observation[9] - start[9] > 0.12)
        #expect(abs(observation[10] - start[10]) < 0.05)
    }

    @Test("the reward is minus the distance to the goal when a goal is given")
    func rewards() throws {
        let reach = try TabletopReach(goal: [0.1, 0.2])
        _ = try reach.reset(seed: 0)
        let r = try reach.step([0, 0, 0])
        let d = SIMD2(r.observation[9], r.observation[10]) - [0.1, 0.2]
        #expect(isClose(r.reward, -(d * d).sum().squareRoot(), absolute: 1e-6))
        let push = try TabletopPush(goal: [-0.2, 0.2])
        _ = try push.reset(seed: 0)
        let p = try push.step([0, 0, 0])
        let e = SIMD2(p.observation[12], p.observation[13]) - [-0.2, 0.2]
        #expect(isClose(p.reward, -(e * e).sum().squareRoot(), absolute: 1e-6))
        #expect(try TabletopPush().reset(seed: 0).observation.count == 19)
    }

    /// The pixel where a world point is drawn (the scenes' views: table ± 0.1 m, lift fixed).
    func pixel(_ frame: Frame, _ point: SIMD2<Float>, minimum: SIMD2<Float>, maximum: SIMD2<Float>) throws -> (UInt8, UInt8, UInt8) {
        let canvas = try Canvas(width: frame.width, height: frame.height)
        try canvas.setView(minimum: minimum, maximum: maximum)
        let p = canvas.pixel(point)
        return frame[x: Int(p.x), y: Int(p.y)]
    }

    @Test("the tabletop frame shows the table, the arm, the end effector and each object")
    func renderTabletop() throws {
        let env = try TabletopPush(objects: 2, goal: [0.3, 0.3])
        let observation = try env.reset(seed: 5).observation
        let frame = try env.render()
        #expect(frame.width == 400 && frame.height == 320)
        let lo = env.scene.table.minimum - 0.1, hi = env.scene.table.maximum + 0.1
        let joints = env.scene.arm.jointPositions(in: env.scene.world)
        let style = SceneStyle()
        func expectColor(_ point: SIMD2<Float>, _ expected: Color, _ what: String) throws {
            let got = try pixel(frame, point, minimum: lo, maximum: hi)
            #expect(colorDistance(got, expected.rgb8) < 30, "\(what) at \(point): \(got) vs \(expected.rgb8)")
        }
        try expectColor((joints[0] + joints[1]) / 2, style.arm, "upper arm")
        try expectColor(SIMD2(observation[9], observation[10]), style.endEffector, "end effector")
        try expectColor(SIMD2(observation[12], observation[13]), style.item(0), "object 0")
        try expectColor(SIMD2(observation[19], observation[20]), style.item(1), "object 1")
        try expectColor([0.45, -0.35], style.table, "table corner")
        try expectColor([0.3 + 0.035, 0.3], Color(hex: 0x2E7D32), "goal ring")
        // And the frame changes when the arm moves.
        _ = try env.step([1, 1, 1])
        #expect(try env.render() != frame)
    }

    @Test("the lift frame shows the block and the gripper")
    func renderLift() throws {
        let env = try TabletopLift()
        let observation = try env.reset(seed: 1).observation
        let frame = try env.render()
        let style = SceneStyle()
        let block = try pixel(frame, SIMD2(observation[13], observation[14]), minimum: [-0.65, -0.1], maximum: [0.65, 0.95])
        #expect(colorDistance(block, style.item(0).rgb8) < 30)
        let finger = env.scene.world.state(of: env.scene.fingers[0]).position
        let gripper = try pixel(frame, finger, minimum: [-0.65, -0.1], maximum: [0.65, 0.95])
        #expect(colorDistance(gripper, style.gripper.rgb8) < 30)
    }
}

/// Sum of absolute channel differences.
func colorDistance(_ a: (UInt8, UInt8, UInt8), _ b: (UInt8, UInt8, UInt8)) -> Int {
    abs(Int(a.0) - Int(b.0)) + abs(Int(a.1) - Int(b.1)) + abs(Int(a.2) - Int(b.2))
}
