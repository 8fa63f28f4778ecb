import EmpowerBase
import EmpowerTestSupport
import Testing

@testable import EmpowerPhysics

/// Every scene, stepped under a varying drive, for 1000 control steps.
@Suite("Scenes: build and step without blowing up")
struct SceneTests {
    func expectFinite(_ world: World) {
        var states: [BodyState] = []
        world.readStates(into: &states)
        #expect(states.allSatisfy { $0.isFinite })
    }

    @Test(arguments: [1, 2, 3], [TabletopScene.FrictionModel.frictionJoint(coefficient: 0.5), .damping(linear: 3, angular: 3)])
    func tabletopSteps1000Times(objectCount: Int, friction: TabletopScene.FrictionModel) throws {
        let scene = try TabletopScene(configuration: .init(objectCount: objectCount, friction: friction))
        var rng = Xoshiro256(seed: 7)
        for i in 0..<1000 {
            if i % 25 == 0 {
                try scene.setJointSpeeds((0..<3).map { _ in rng.nextFloat(in: -3, 3) })
            }
            scene.step()
        }
        expectFinite(scene.world)
        #expect(scene.objects.count == objectCount)
        #expect(scene.arm.joints.count == 3)
        // Joint limits hold under random driving (within Box2D's slop).
        for (state, limits) in zip(scene.arm.jointStates(in: scene.world), scene.configuration.arm.jointLimits) {
            #expect(state.value >= limits.lowerBound - 0.06 && state.value <= limits.upperBound + 0.06)
        }
    }

    @Test func tabletopGeometryMatchesTheDocumentedLayout() throws {
        let scene = try TabletopScene(configuration: .init(initialJointAngles: [0, 0, 0]))
        #expect(scene.table.halfSize == [0.5, 0.4])
        let tip = scene.endEffector()
        // Straight arm from (0, -0.4) along +y, 0.85 m long.
        #expect(abs(tip.position.x) < 1e-5)
        #expect(isClose(tip.position.y, 0.45, absolute: 1e-5))
        #expect(isClose(tip.angle, .pi / 2, absolute: 1e-5))
        #expect(!scene.isEndEffectorInWorkspace())  // 5 cm beyond the far edge
        let folded = try TabletopScene()
        #expect(folded.isEndEffectorInWorkspace())
        #expect(folded.objectsOffTable() == 0)
        for state in folded.arm.jointStates(in: folded.world) {
            #expect(!state.isAtLimit)
        }
        // Joint angles read the configured fold.
        let angles = folded.arm.jointStates(in: folded.world).map(\.value)
        #expect(maxAbsoluteDifference(angles, [-0.5, 1.0, 1.0]) < 1e-5)
    }

    @Test func objectPushedOffTheTableIsDetected() throws {
        let scene = try TabletopScene(objectPositions: [[0.45, 0]])
        #expect(scene.objectsOffTable() == 0)
        try scene.world.applyImpulse([2, 0], to: scene.objects[0])
        for _ in 0..<30 { scene.step() }
        #expect(scene.objectsOffTable() == 1)
    }

    @Test func armSweepingIntoAnObjectMovesItAndReportsContact() throws {
        // Object on the arc of the straight arm's tip when the shoulder turns right.
        let scene = try TabletopScene(configuration: .init(initialJointAngles: [0, 0, 0]), objectPositions: [[0.3, 0.3]])
        let start = scene.world.state(of: scene.objects[0]).position
        var sawImpulse: Float = 0
        try scene.setJointSpeeds([-1, 0, 0])
        for _ in 0..<30 {
            scene.step()
            sawImpulse = max(sawImpulse, scene.maxContactImpulse)
        }
        let end = scene.world.state(of: scene.objects[0]).position
        #expect(sawImpulse > 0)
        #expect(((end - start) * (end - start)).sum().squareRoot() > 0.02)
    }

    @Test func endEffectorIKTracksACommandedVelocity() throws {
        let scene = try TabletopScene()
        let start = scene.endEffector().position
        for _ in 0..<15 {
            let speeds = scene.arm.jointSpeeds(forEndEffectorVelocity: [0.2, 0], in: scene.world)
            try scene.setJointSpeeds(speeds)
            scene.step()
        }
        // 0.5 s at 0.2 m/s: about 0.1 m along x, little along y.
        let moved = scene.endEffector().position - start
        #expect(abs(moved.x - 0.1) < 0.02)
        #expect(abs(moved.y) < 0.02)
    }

    @Test func liftSceneGraspsAndLiftsTheBlock() throws {
        let scene = try LiftScene()
        #expect(scene.gripperOpening > 0.1)
        #expect(abs(scene.blockHeight) < 0.01)
        func move(toward target: SIMD2<Float>, steps: Int, gripper: Float) throws {
            for _ in 0..<steps {
                let error = target - scene.endEffector().position
                let angleError = -Float.pi / 2 - scene.endEffector().angle
                let speeds = scene.arm.jointSpeeds(forEndEffectorVelocity: 4 * error, angularVelocity: 4 * angleError, in: scene.world)
                try scene.setJointSpeeds(speeds)
                try scene.setGripperSpeed(gripper)
                scene.step()
            }
        }
        let block = scene.world.state(of: scene.block).position
        // Lower the open gripper around the block (palm 5.5 cm above its top: the finger tips
        // end 5 mm above the floor, so the fingers press at the block's centre height and do
        // not tip it), close, lift.
        try move(toward: [block.x, block.y + 0.03 + 0.055], steps: 60, gripper: -0.2)
        try move(toward: [block.x, block.y + 0.03 + 0.055], steps: 30, gripper: 0.2)
        #expect(scene.gripperOpening < 0.065 && scene.gripperOpening > 0.055)  // closed on the 6 cm block
        #expect(scene.isGrasping)
        try move(toward: [block.x, block.y + 0.35], steps: 60, gripper: 0.2)
        #expect(scene.blockHeight > 0.15)
        #expect(scene.isGrasping)
        #expect(abs(scene.world.state(of: scene.block).angle) < 0.1)  // held level, not wedged
        #expect(scene.isEndEffectorInWorkspace())
        for _ in 0..<(1000 - 150) { scene.step() }
        var states: [BodyState] = []
        scene.world.readStates(into: &states)
        #expect(states.allSatisfy { $0.isFinite })
    }

    @Test func arenaStepsAndSensorsReportArrivals() throws {
        let scene = try ArenaScene(configuration: .init(agentCount: 4, landmarks: [[0.5, 0]], landmarksAreSensors: true))
        var arrivals: [ContactEvent] = []
        var events: [ContactEvent] = []
        var rng = Xoshiro256(seed: 3)
        for i in 0..<1000 {
            if i < 100 {
                // Agent 1 starts at (0.5, 0) rotated... steer every agent toward the landmark.
                let forces = scene.agentPositions().map { p -> SIMD2<Float> in ([0.5, 0] - p) * 5 }
                try scene.applyAgentForces(forces)
            } else {
                try scene.applyAgentForces((0..<4).map { _ in [rng.nextFloat(in: -1, 1), rng.nextFloat(in: -1, 1)] })
            }
            scene.step()
            scene.world.readBeginContacts(into: &events)
            arrivals += events.filter { $0.involvesSensor }
        }
        #expect(!arrivals.isEmpty)
        for p in scene.agentPositions() { #expect(scene.arena.contains(p)) }
        var states: [BodyState] = []
        scene.world.readStates(into: &states)
        #expect(states.allSatisfy { $0.isFinite })
    }

    @Test func heavyBoxNeedsTwoAgents() throws {
        func push(agents: Int) throws -> Float {
            // Agents just below the box (box centre (0, 0.3), half size 0.12), pushing up.
            let positions: [SIMD2<Float>] = [[-0.06, 0.12], [0.06, 0.12], [0.8, -0.8]]
            let scene = try ArenaScene(configuration: .init(agentCount: 3, landmarks: [], heavyBox: true), agentPositions: positions)
            guard let box = scene.heavyBox else { return .nan }
            let start = scene.world.state(of: box).position
            for _ in 0..<120 {
                try scene.applyAgentForces([[0, 1], agents > 1 ? [0, 1] : [0, 0], [0, 0]])
                scene.step()
            }
            let end = scene.world.state(of: box).position
            return ((end - start) * (end - start)).sum().squareRoot()
        }
        #expect(try push(agents: 1) < 0.005)
        #expect(try push(agents: 2) > 0.1)
    }

    @Test func mazeWallsStopThePoint() throws {
        let scene = try MazeScene()
        // Driving down hits the bottom of the U at y = -0.45 (wall top) + radius.
        for _ in 0..<120 {
            try scene.setPointVelocity([0, -1])
            scene.step()
        }
        #expect(abs(scene.pointPosition.y - (-0.45 + 0.03)) < 0.01)
        // Random driving for 1000 steps keeps it inside the arena and finite.
        var rng = Xoshiro256(seed: 11)
        for _ in 0..<1000 {
            try scene.setPointVelocity([rng.nextFloat(in: -2, 2), rng.nextFloat(in: -2, 2)])
            scene.step()
        }
        let p = scene.pointPosition
        #expect(p.x.isFinite && p.y.isFinite)
        #expect(scene.arena.contains(p))
        #expect(throws: PhysicsError.self) { try MazeScene(configuration: .init(start: [0, -0.5])) }
    }

    @Test func badSceneConfigurationsThrow() {
        #expect(throws: PhysicsError.self) { try TabletopScene(configuration: .init(objectCount: 4)) }
        #expect(throws: PhysicsError.self) { try TabletopScene(objectPositions: [[2, 0]]) }
        #expect(throws: PhysicsError.self) { try ArenaScene(configuration: .init(agentCount: 0)) }
        #expect(throws: PhysicsError.self) { try TabletopScene(configuration: .init(initialJointAngles: [0, 0])) }
    }

    @Test func throughputMeasurementCountsRawSteps() throws {
        let scene = try TabletopScene()
        let result = measurePhysicsThroughput(of: scene, controlSteps: 10)
        #expect(result.steps == 20)
        #expect(result.seconds > 0)
    }
}
