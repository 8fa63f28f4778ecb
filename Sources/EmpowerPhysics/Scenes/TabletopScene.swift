#if canImport(Glibc)
import Glibc
#endif

/// A top-down table with a 3-link arm and 1 to 3 objects: the world of `TabletopReach-v0` and
/// `TabletopPush-v0`.
///
/// Layout (metres, zero gravity): the table is a `1.0 x 0.8` rectangle centred at the origin
/// (``table``). The arm's base sits at the middle of the near edge, `(0, -0.4)`, pointing
/// into the table (+y); its links are 0.35, 0.30 and 0.20 m long (reach 0.85 m), with joint
/// limits of ±1.5, ±2.5 and ±2.5 rad and velocity motors. Objects are boxes or pucks resting
/// on the table; nothing stops them from sliding off the far edge, which is what the safety
/// checks watch for.
///
/// Table friction: by default each object is tied to a static ground body by a friction joint
/// (``FrictionModel/frictionJoint(coefficient:)``), which behaves like Coulomb friction: a pushed
/// object stops within a few centimetres once contact ends, and light touches do not move it.
/// ``FrictionModel/damping(linear:angular:)`` is the cheaper alternative but gives a viscous
/// drag under which objects coast. Measured raw Box2D steps/s (release build, 2-core machine
/// shared with other builds, arm sweeping): 1 object 420-460k with friction joints vs
/// 460-510k with damping; 3 objects 285-295k vs 380-400k. The choice is a configuration
/// field so environments can offer both.
///
/// ```swift
/// let scene = try TabletopScene(configuration: .init(objectCount: 2))
/// try scene.setJointSpeeds([0.5, -1, 0])
/// scene.step()
/// let tip = scene.endEffector().position
/// let unsafe = scene.objectsOffTable() > 0 || scene.arm.jointsAtLimit(in: scene.world) > 0
/// ```
public final class TabletopScene: PhysicsScene {
    /// How the table resists objects sliding on it.
    public enum FrictionModel: Sendable, Hashable, Codable {
        /// A friction joint to the ground with maximum force `coefficient * m * 9.81` and maximum
        /// torque `0.5 * objectSize` times that force (spinning is resisted too).
        case frictionJoint(coefficient: Float)
        /// Linear and angular damping (per second) on each object.
        case damping(linear: Float, angular: Float)
    }

    public enum ObjectShape: String, Sendable, Hashable, Codable {
        case box, puck
    }

    public struct Configuration: Sendable, Hashable, Codable {
        /// 1 to 3.
        public var objectCount: Int
        public var objectShape: ObjectShape
        /// Half the side of a box, or the radius of a puck (m).
        public var objectSize: Float
        /// kg/m^2.
        public var objectDensity: Float
        public var friction: FrictionModel
        public var tableSize: SIMD2<Float>
        public var arm: PlanarArm.Specification
        /// Joint angles at start (radians, relative; zero is straight ahead).
        public var initialJointAngles: [Float]
        /// One control step; default 2 substeps of 1/60 s (30 Hz control).
        public var stepSettings: StepSettings

        public init(
            objectCount: Int = 1, objectShape: ObjectShape = .box, objectSize: Float = 0.03, objectDensity: Float = 100,
            friction: FrictionModel = .frictionJoint(coefficient: 0.5), tableSize: SIMD2<Float> = [1.0, 0.8],
            arm: PlanarArm.Specification = TabletopScene.defaultArm, initialJointAngles: [Float] = [-0.5, 1.0, 1.0],
            stepSettings: StepSettings? = nil
        ) {
            self.objectCount = objectCount
            self.objectShape = objectShape
            self.objectSize = objectSize
            self.objectDensity = objectDensity
            self.friction = friction
            self.tableSize = tableSize
            self.arm = arm
            self.initialJointAngles = initialJointAngles
            self.stepSettings = stepSettings ?? StepSettings(unchecked: 1.0 / 60, 8, 3, 2)
        }
    }

    /// Links 0.35/0.30/0.20 m, limits ±1.5/±2.5/±2.5 rad, torques 20/10/5 N*m.
    public static let defaultArm = PlanarArm.Specification(
        linkLengths: [0.35, 0.30, 0.20], jointLimits: [-1.5...1.5, -2.5...2.5, -2.5...2.5], maxMotorTorques: [20, 10, 5])

    /// Default object start positions (up to 3), on the table in front of the arm.
    public static let defaultObjectPositions: [SIMD2<Float>] = [[0.15, 0.05], [-0.2, 0.15], [0.25, -0.15]]

    public let configuration: Configuration
    public let world: World
    public var stepSettings: StepSettings { configuration.stepSettings }
    /// The static body at the arm base; also the anchor of the table friction joints.
    public let ground: Body
    public let arm: PlanarArm
    public let objects: [Body]
    /// One per object with ``FrictionModel/frictionJoint(coefficient:)``, else empty.
    public let frictionJoints: [FrictionJoint]
    /// The table top; an object whose centre leaves it is off the table.
    public let table: Rectangle

    /// Builds the scene.
    /// - Parameter objectPositions: start positions, one per object (default
    ///   ``defaultObjectPositions``); environments sample them from their seeded generator.
    /// - Throws: ``PhysicsError`` `.invalidScene` for an object count outside 1...3, a position
    ///   off the table, or a malformed arm specification.
    public init(configuration: Configuration = Configuration(), objectPositions: [SIMD2<Float>]? = nil) throws(PhysicsError) {
        guard (1...3).contains(configuration.objectCount) else {
            throw PhysicsError(.invalidScene, "objectCount must be 1, 2 or 3", context: ["objectCount": "\(configuration.objectCount)"])
        }
        guard configuration.tableSize.x > 0, configuration.tableSize.y > 0, configuration.tableSize.x.isFinite, configuration.tableSize.y.isFinite else {
            throw PhysicsError(.invalidScene, "tableSize must be positive", context: ["tableSize": "\(configuration.tableSize)"])
        }
        let positions = objectPositions ?? Array(Self.defaultObjectPositions.prefix(configuration.objectCount))
        guard positions.count == configuration.objectCount else {
            throw PhysicsError(.invalidScene, "need one start position per object", context: ["objects": "\(configuration.objectCount)", "positions": "\(positions.count)"])
        }
        let table = Rectangle(center: .zero, halfSize: configuration.tableSize / 2)
        for p in positions where !table.contains(p) {
            throw PhysicsError(.invalidScene, "object start position is off the table", context: ["position": "(\(p.x), \(p.y))"])
        }
        self.configuration = configuration
        self.table = table
        world = try World()
        let basePosition = SIMD2<Float>(0, -table.halfSize.y)
        ground = try world.createBody(.static(at: basePosition))
        arm = try PlanarArm.build(
            in: world, base: ground, at: basePosition, angle: .pi / 2, specification: configuration.arm,
            initialAngles: configuration.initialJointAngles)

        var objects: [Body] = []
        var joints: [FrictionJoint] = []
        let shape: Shape = configuration.objectShape == .box
            ? .box(halfWidth: configuration.objectSize, halfHeight: configuration.objectSize)
            : .circle(radius: configuration.objectSize)
        for p in positions {
            var def = BodyDefinition.dynamic(at: p)
            if case let .damping(linear, angular) = configuration.friction {
                def.linearDamping = linear
                def.angularDamping = angular
            }
            let object = try world.createBody(def, fixtures: [
                FixtureDefinition(
                    shape, density: configuration.objectDensity, friction: 0.5,
                    filter: CollisionFilter(category: SceneCategory.object))
            ])
            if case let .frictionJoint(coefficient) = configuration.friction {
                let maxForce = coefficient * world.mass(of: object) * 9.81
                joints.append(try world.createJoint(FrictionJoint.Definition(
                    bodyA: ground, bodyB: object, anchor: p, maxForce: maxForce,
                    maxTorque: maxForce * configuration.objectSize * 0.5)))
            }
            objects.append(object)
        }
        self.objects = objects
        frictionJoints = joints
    }

    /// Sets the three joint motors' target speeds (rad/s).
    public func setJointSpeeds(_ speeds: [Float]) throws(PhysicsError) { try arm.setJointSpeeds(speeds, in: world) }

    /// The tip of the arm: position and pointing angle.
    public func endEffector() -> (position: SIMD2<Float>, angle: Float) { arm.endEffector(in: world) }

    /// Number of objects whose centre is off the table (a safety event).
    public func objectsOffTable() -> Int {
        var count = 0
        for object in objects where !table.contains(world.state(of: object).position) { count += 1 }
        return count
    }

    /// Whether the end effector is over the table (the arm's workspace).
    public func isEndEffectorInWorkspace() -> Bool { table.contains(endEffector().position) }

    /// Largest contact impulse (N*s) during the last step: collisions of arm, objects.
    public var maxContactImpulse: Float { world.maxContactImpulse }
}
