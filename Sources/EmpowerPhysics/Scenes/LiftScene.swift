#if canImport(Glibc)
import Glibc
#endif

/// A side view with gravity: an arm ending in a two-finger gripper above a block on the floor,
/// the world of `TabletopLift-v0`.
///
/// Layout (metres, gravity -10 m/s^2 along y): the floor's surface is `y = 0` from `x = -0.6`
/// to `0.6` (``floorTop``). The arm's shoulder stands on a pedestal at `(-0.3, 0.05)`;
/// links are 0.40, 0.35 and 0.10 m. In the start pose the upper arm points up, the forearm
/// forward and the wrist down, so the gripper hangs open above the block. The wrist link
/// ends in a palm crossbar; each finger (0.10 m long) slides on a prismatic joint across the
/// palm: translation 0 is open, positive closes (limit 0...0.055 m). The block (0.06 m cube,
/// 0.72 kg, friction 1.5) rests at `(0.05, 0.03)`; with 40 N per finger the grip holds it
/// with a wide margin. Grasp low: with the palm about 5.5 cm above the block's top, the finger
/// tips end just above the floor and press at the block's centre height; grasping only its
/// top edge tips it over as the first finger arrives (`SceneTests` lifts it this way).
///
/// Motor wind-up: a finger held open against its stop stores motor impulse (see
/// ``JointState``); the 0.6 kg fingers release it within a few steps of a close command.
///
/// ```swift
/// let scene = try LiftScene()
/// try scene.setJointSpeeds([0, -0.3, 0.3])   // lower the gripper
/// try scene.setGripperSpeed(0.2)              // close
/// scene.step()
/// scene.blockHeight                           // metres above the floor
/// ```
public final class LiftScene: PhysicsScene {
    public struct Configuration: Sendable, Hashable, Codable {
        public var arm: PlanarArm.Specification
        public var initialJointAngles: [Float]
        public var blockHalfSize: Float
        public var blockPosition: SIMD2<Float>
        /// kg/m^2.
        public var blockDensity: Float
        /// Newtons per finger.
        public var maxFingerForce: Float
        /// One control step; default 2 substeps of 1/60 s.
        public var stepSettings: StepSettings

        public init(
            arm: PlanarArm.Specification = LiftScene.defaultArm, initialJointAngles: [Float] = [0, -.pi / 2, -.pi / 2],
            blockHalfSize: Float = 0.03, blockPosition: SIMD2<Float> = [0.05, 0.03], blockDensity: Float = 200,
            maxFingerForce: Float = 40, stepSettings: StepSettings? = nil
        ) {
            self.arm = arm
            self.initialJointAngles = initialJointAngles
            self.blockHalfSize = blockHalfSize
            self.blockPosition = blockPosition
            self.blockDensity = blockDensity
            self.maxFingerForce = maxFingerForce
            self.stepSettings = stepSettings ?? StepSettings(unchecked: 1.0 / 60, 8, 3, 2)
        }
    }

    /// Links 0.40/0.35/0.10 m, limits ±2.6 rad on each joint, torques 60/30/10 N*m.
    public static let defaultArm = PlanarArm.Specification(
        linkLengths: [0.40, 0.35, 0.10], linkDensity: 20, jointLimits: [-2.6...2.6, -2.6...2.6, -2.6...2.6],
        maxMotorTorques: [60, 30, 10], angularDamping: 1)

    /// Finger travel from open (0) to closed (m).
    public static let fingerTravel: ClosedRange<Float> = 0...0.055
    public static let fingerLength: Float = 0.10
    public static let palmHalfWidth: Float = 0.08
    /// kg/m^2: 0.6 kg fingers. Heavy enough that a finger motor pressed against its open stop
    /// releases within a step or two when reversed (see ``JointState`` on motor wind-up).
    public static let fingerDensity: Float = 300

    public let configuration: Configuration
    public let world: World
    public var stepSettings: StepSettings { configuration.stepSettings }
    public let floor: Body
    public let arm: PlanarArm
    /// The two finger bodies, each on a prismatic joint across the palm.
    public let fingers: [Body]
    public let fingerJoints: [PrismaticJoint]
    public let block: Body
    /// Height of the floor's surface.
    public let floorTop: Float = 0
    /// Where the arm may go: x in -0.6...0.6, y in 0...0.9.
    public let workspace = Rectangle(center: [0, 0.45], halfSize: [0.6, 0.45])

    public init(configuration: Configuration = Configuration()) throws(PhysicsError) {
        guard configuration.blockHalfSize > 0, configuration.maxFingerForce >= 0, configuration.maxFingerForce.isFinite else {
            throw PhysicsError(.invalidScene, "block size must be > 0 and finger force >= 0",
                               context: ["blockHalfSize": "\(configuration.blockHalfSize)", "maxFingerForce": "\(configuration.maxFingerForce)"])
        }
        self.configuration = configuration
        world = try World(gravity: [0, -10])
        floor = try world.createBody(.static(), fixtures: [
            FixtureDefinition(.box(halfWidth: 0.6, halfHeight: 0.05, center: [0, -0.05]), friction: 0.8),
            // The arm's pedestal.
            FixtureDefinition(.box(halfWidth: 0.04, halfHeight: 0.025, center: [-0.3, 0.025]), friction: 0.8),
        ])
        var arm = try PlanarArm.build(
            in: world, base: floor, at: [-0.3, 0.05], angle: .pi / 2, specification: configuration.arm,
            initialAngles: [Float](repeating: 0, count: configuration.arm.linkLengths.count))

        // The palm crossbar is part of the wrist link; fingers hang beyond it. Built in the
        // straight pose (wrist pointing +y), then folded with the arm.
        guard let wrist = arm.links.last else {
            throw PhysicsError(.invalidScene, "the lift arm needs at least one link")
        }
        let reach = configuration.arm.linkLengths.reduce(0, +)
        let palmCenter = SIMD2<Float>(-0.3, 0.05 + reach)
        let armFilter = CollisionFilter(category: SceneCategory.arm, mask: ~SceneCategory.arm)
        try world.addFixture(FixtureDefinition(
            .box(halfWidth: 0.01, halfHeight: Self.palmHalfWidth, center: [configuration.arm.linkLengths.last ?? 0, 0]),
            density: configuration.arm.linkDensity, filter: armFilter), to: wrist)
        var fingers: [Body] = []
        var fingerJoints: [PrismaticJoint] = []
        for side: Float in [-1, 1] {
            let center = palmCenter + SIMD2(side * (Self.palmHalfWidth - 0.01), 0.01 + Self.fingerLength / 2)
            let finger = try world.createBody(.dynamic(at: center), fixtures: [
                FixtureDefinition(.box(halfWidth: 0.01, halfHeight: Self.fingerLength / 2), density: Self.fingerDensity, friction: 2, filter: armFilter)
            ])
            let joint = try world.createJoint(PrismaticJoint.Definition(
                bodyA: wrist, bodyB: finger, anchor: center, axis: [-side, 0], limits: Self.fingerTravel,
                isMotorEnabled: true, motorSpeed: 0, maxMotorForce: configuration.maxFingerForce))
            arm.carry(finger, in: world)
            fingers.append(finger)
            fingerJoints.append(joint)
        }
        try arm.fold(to: configuration.initialJointAngles, in: world)
        self.arm = arm
        self.fingers = fingers
        self.fingerJoints = fingerJoints

        var blockDef = BodyDefinition.dynamic(at: configuration.blockPosition)
        blockDef.angularDamping = 0.1
        block = try world.createBody(blockDef, fixtures: [
            FixtureDefinition(
                .box(halfWidth: configuration.blockHalfSize, halfHeight: configuration.blockHalfSize),
                density: configuration.blockDensity, friction: 1.5, filter: CollisionFilter(category: SceneCategory.object))
        ])
    }

    /// Sets the arm's joint motor speeds (rad/s).
    public func setJointSpeeds(_ speeds: [Float]) throws(PhysicsError) { try arm.setJointSpeeds(speeds, in: world) }

    /// Drives both fingers at `speed` m/s: positive closes, negative opens.
    public func setGripperSpeed(_ speed: Float) throws(PhysicsError) {
        for joint in fingerJoints { try world.setMotorSpeed(speed, of: joint) }
    }

    /// Distance between the fingers' inner faces (m).
    public var gripperOpening: Float {
        let a = world.state(of: fingers[0]).position, b = world.state(of: fingers[1]).position
        let d = b - a
        return (d * d).sum().squareRoot() - 0.02
    }

    /// Height of the block's bottom above the floor (0 when resting).
    public var blockHeight: Float { world.state(of: block).position.y - configuration.blockHalfSize - floorTop }

    /// The palm centre and the wrist's pointing angle.
    public func endEffector() -> (position: SIMD2<Float>, angle: Float) { arm.endEffector(in: world) }

    /// Whether both fingers touch the block.
    public var isGrasping: Bool { world.areTouching(fingers[0], block) && world.areTouching(fingers[1], block) }

    public func isEndEffectorInWorkspace() -> Bool { workspace.contains(endEffector().position) }

    public var maxContactImpulse: Float { world.maxContactImpulse }
}
