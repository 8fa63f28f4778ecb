import EmpowerTestSupport
import Testing

@testable import EmpowerPhysics

@Suite("Joints: limits, motors, friction")
struct JointTests {
    /// A static base and a 0.5 m rod hinged at the origin, top-down (no gravity).
    func hinge(limits: ClosedRange<Float>?, maxTorque: Float) throws -> (World, RevoluteJoint, Body) {
        let world = try World()
        let base = try world.createBody(.static())
        // 1 kg: heavy enough that the motor does not wind up against a limit (see JointState).
        let rod = try world.createBody(.dynamic(at: .zero), fixtures: [.init(.box(halfWidth: 0.25, halfHeight: 0.02, center: [0.25, 0]), density: 50)])
        let joint = try world.createJoint(RevoluteJoint.Definition(
            bodyA: base, bodyB: rod, anchor: .zero, limits: limits, isMotorEnabled: true, maxMotorTorque: maxTorque))
        return (world, joint, rod)
    }

    @Test func motorDrivesJointToTargetSpeed() throws {
        let (world, joint, _) = try hinge(limits: nil, maxTorque: 10)
        try world.setMotorSpeed(2, of: joint)
        for _ in 0..<30 { world.step() }
        let state = world.state(of: joint)
        #expect(isClose(state.speed, 2, absolute: 1e-3))
        #expect(state.limits == nil)
        #expect(!state.isAtLimit)
        // Angle integrates the speed: about 2 rad/s over 0.5 s minus the short spin-up.
        #expect(state.value > 0.9 && state.value < 1.01)
    }

    @Test func revoluteLimitsHoldAndFlagsAreCorrect() throws {
        let (world, joint, _) = try hinge(limits: -0.5...0.8, maxTorque: 10)
        try world.setMotorSpeed(3, of: joint)
        for _ in 0..<120 { world.step() }
        var state = world.state(of: joint)
        #expect(state.value <= 0.8 + 0.04)
        #expect(state.value >= 0.8 - JointState.limitTolerance.revolute)
        #expect(state.isAtUpperLimit)
        #expect(!state.isAtLowerLimit)

        try world.setMotorSpeed(-3, of: joint)
        for _ in 0..<120 { world.step() }
        state = world.state(of: joint)
        #expect(state.value >= -0.5 - 0.04)
        #expect(state.isAtLowerLimit)
        #expect(!state.isAtUpperLimit)

        try world.setMotorSpeed(0, of: joint)
        try world.setMotorSpeed(1, of: joint)
        for _ in 0..<20 { world.step() }  // 1 rad/s for 1/3 s: away from both limits
        state = world.state(of: joint)
        #expect(!state.isAtLimit)
    }

    @Test func prismaticMotorStopsAtLimit() throws {
        let world = try World(gravity: [0, -10])
        let base = try world.createBody(.static())
        let slider = try world.createBody(.dynamic(at: .zero), fixtures: [.init(.box(halfWidth: 0.05, halfHeight: 0.05))])
        let joint = try world.createJoint(PrismaticJoint.Definition(
            bodyA: base, bodyB: slider, anchor: .zero, axis: [1, 0], limits: 0...0.3, isMotorEnabled: true, motorSpeed: 0.5, maxMotorForce: 100))
        for _ in 0..<120 { world.step() }
        let state = world.state(of: joint)
        #expect(abs(state.value - 0.3) < 0.006)
        #expect(state.isAtUpperLimit)
        // The axis constraint holds the slider up against gravity.
        #expect(abs(world.state(of: slider).position.y) < 1e-3)
    }

    @Test func frictionJointBringsSlidingObjectToRest() throws {
        let world = try World()
        let ground = try world.createBody(.static())
        var def = BodyDefinition.dynamic(at: .zero)
        def.linearVelocity = [1, 0]
        let puck = try world.createBody(def, fixtures: [.init(.circle(radius: 0.05), density: 100)])
        let mass = world.mass(of: puck)
        let mu: Float = 0.5
        _ = try world.createJoint(FrictionJoint.Definition(bodyA: ground, bodyB: puck, anchor: .zero, maxForce: mu * mass * 9.81, maxTorque: 0))
        for _ in 0..<60 { world.step() }
        let state = world.state(of: puck)
        #expect(abs(state.linearVelocity.x) < 1e-4)
        // Coulomb friction stops it after v^2 / (2 mu g) = 0.102 m.
        #expect(abs(state.position.x - 1 / (2 * mu * 9.81)) < 0.01)
    }

    @Test func jointBetweenSameBodyIsATypedError() throws {
        let world = try World()
        let body = try world.createBody(.dynamic(at: .zero), fixtures: [.init(.circle(radius: 0.1))])
        #expect(throws: PhysicsError.self) {
            try world.createJoint(RevoluteJoint.Definition(bodyA: body, bodyB: body, anchor: .zero))
        }
        do {
            _ = try world.createJoint(RevoluteJoint.Definition(bodyA: body, bodyB: body, anchor: .zero))
        } catch {
            #expect(error.code == .invalidJoint)
        }
        let other = try world.createBody(.static())
        #expect(throws: PhysicsError.self) {
            try world.createJoint(PrismaticJoint.Definition(bodyA: other, bodyB: body, anchor: .zero, axis: .zero))
        }
        #expect(world.jointCount == 0)
    }
}
