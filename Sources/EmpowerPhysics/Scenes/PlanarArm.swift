#if canImport(Glibc)
import Glibc
#endif

/// A serial chain of rigid links joined by motorized revolute joints, as built by the
/// tabletop and lift scenes.
///
/// Joint `i` connects link `i - 1` (or the base body) to link `i`. Joint angles are relative
/// and zero when the arm is straight along `baseAngle`; limits and motor speeds use the same
/// convention. Links do not collide with each other (category ``SceneCategory/arm``).
public struct PlanarArm: Sendable {
    /// The static body the first joint is attached to.
    public let base: Body
    public let links: [Body]
    public let joints: [RevoluteJoint]
    /// Metres, one per link.
    public let linkLengths: [Float]
    /// Where the first joint sits (world coordinates).
    public let basePosition: SIMD2<Float>
    /// Direction of the straight arm (radians).
    public let baseAngle: Float
    /// Bodies rigidly carried by the last link (gripper fingers), with their pose in its frame.
    var carried: [(body: Body, offset: SIMD2<Float>, angle: Float)] = []

    /// Everything that shapes the arm.
    public struct Specification: Sendable, Hashable, Codable {
        public var linkLengths: [Float]
        public var linkHalfWidth: Float
        /// kg/m^2.
        public var linkDensity: Float
        /// Radians, one range per joint.
        public var jointLimits: [ClosedRange<Float>]
        /// N*m, one per joint.
        public var maxMotorTorques: [Float]
        /// Links' angular damping, a little drag that keeps fast arms stable.
        public var angularDamping: Float

        public init(
            linkLengths: [Float], linkHalfWidth: Float = 0.02, linkDensity: Float = 50,
            jointLimits: [ClosedRange<Float>], maxMotorTorques: [Float], angularDamping: Float = 0.5
        ) {
            self.linkLengths = linkLengths
            self.linkHalfWidth = linkHalfWidth
            self.linkDensity = linkDensity
            self.jointLimits = jointLimits
            self.maxMotorTorques = maxMotorTorques
            self.angularDamping = angularDamping
        }

        func validate() throws(PhysicsError) {
            let n = linkLengths.count
            guard n >= 1, jointLimits.count == n, maxMotorTorques.count == n else {
                throw PhysicsError(
                    .invalidScene, "an arm needs as many joint limits and motor torques as links",
                    context: ["links": "\(n)", "limits": "\(jointLimits.count)", "torques": "\(maxMotorTorques.count)"])
            }
            for length in linkLengths where !(length.isFinite && length > 2 * linkHalfWidth) {
                throw PhysicsError(.invalidScene, "each link must be longer than its width", context: ["length": "\(length)", "halfWidth": "\(linkHalfWidth)"])
            }
        }
    }

    /// Builds the arm straight along `baseAngle`, then folds it to `initialAngles`.
    static func build(
        in world: World, base: Body, at basePosition: SIMD2<Float>, angle baseAngle: Float,
        specification spec: PlanarArm.Specification, initialAngles: [Float]
    ) throws(PhysicsError) -> PlanarArm {
        try spec.validate()
        guard initialAngles.count == spec.linkLengths.count else {
            throw PhysicsError(.invalidScene, "initialAngles needs one angle per joint", context: ["expected": "\(spec.linkLengths.count)", "got": "\(initialAngles.count)"])
        }
        let direction = SIMD2<Float>(Float(cos(Double(baseAngle))), Float(sin(Double(baseAngle))))
        let filter = CollisionFilter(category: SceneCategory.arm, mask: ~SceneCategory.arm)
        var links: [Body] = []
        var joints: [RevoluteJoint] = []
        var start = basePosition
        var parent = base
        for (i, length) in spec.linkLengths.enumerated() {
            var def = BodyDefinition.dynamic(at: start, angle: baseAngle)
            def.angularDamping = spec.angularDamping
            let link = try world.createBody(def, fixtures: [
                FixtureDefinition(
                    .box(halfWidth: length / 2, halfHeight: spec.linkHalfWidth, center: [length / 2, 0]),
                    density: spec.linkDensity, friction: 0.8, filter: filter)
            ])
            let joint = try world.createJoint(RevoluteJoint.Definition(
                bodyA: parent, bodyB: link, anchor: start, limits: spec.jointLimits[i],
                isMotorEnabled: true, motorSpeed: 0, maxMotorTorque: spec.maxMotorTorques[i]))
            links.append(link)
            joints.append(joint)
            parent = link
            start += direction * length
        }
        let arm = PlanarArm(base: base, links: links, joints: joints, linkLengths: spec.linkLengths, basePosition: basePosition, baseAngle: baseAngle)
        try arm.fold(to: initialAngles, in: world)
        return arm
    }

    /// Registers a body built in the straight pose as rigidly carried by the last link, so
    /// ``fold(to:in:)`` moves it along.
    mutating func carry(_ body: Body, in world: World) {
        guard let last = links.last else { return }
        let l = world.state(of: last), b = world.state(of: body)
        let d = b.position - l.position
        let c = cos(-l.angle), s = sin(-l.angle)
        carried.append((body, SIMD2(c * d.x - s * d.y, s * d.x + c * d.y), b.angle - l.angle))
    }

    /// Teleports the links (and carried bodies) to the given joint angles, at rest.
    /// For resets only: it ignores collisions on the way.
    public func fold(to angles: [Float], in world: World) throws(PhysicsError) {
        guard angles.count == links.count else {
            throw PhysicsError(.invalidScene, "need one angle per joint", context: ["expected": "\(links.count)", "got": "\(angles.count)"])
        }
        var point = basePosition
        var absolute = baseAngle
        for (i, link) in links.enumerated() {
            absolute += angles[i]
            try world.setTransform(of: link, position: point, angle: absolute)
            try world.setVelocity(.zero, of: link)
            point += SIMD2(cos(absolute), sin(absolute)) * linkLengths[i]
        }
        guard let last = links.last else { return }
        let l = world.state(of: last)
        let c = cos(l.angle), s = sin(l.angle)
        for item in carried {
            let p = l.position + SIMD2(c * item.offset.x - s * item.offset.y, s * item.offset.x + c * item.offset.y)
            try world.setTransform(of: item.body, position: p, angle: l.angle + item.angle)
            try world.setVelocity(.zero, of: item.body)
        }
    }

    /// Sets every joint motor's target speed (rad/s).
    /// - Throws: ``PhysicsError`` when the count is wrong or a speed is not finite.
    public func setJointSpeeds(_ speeds: [Float], in world: World) throws(PhysicsError) {
        guard speeds.count == joints.count else {
            throw PhysicsError(.invalidScene, "need one speed per joint", context: ["expected": "\(joints.count)", "got": "\(speeds.count)"])
        }
        for i in joints.indices { try world.setMotorSpeed(speeds[i], of: joints[i]) }
    }

    /// The tip of the last link: position and direction (radians).
    public func endEffector(in world: World) -> (position: SIMD2<Float>, angle: Float) {
        guard let last = links.last, let length = linkLengths.last else { return (basePosition, baseAngle) }
        let s = world.state(of: last)
        return (s.position + SIMD2(cos(s.angle), sin(s.angle)) * length, s.angle)
    }

    /// Joint readings, shoulder first.
    public func jointStates(in world: World) -> [JointState] { joints.map { world.state(of: $0) } }

    /// How many joints sit at a limit now.
    public func jointsAtLimit(in world: World) -> Int {
        var count = 0
        for joint in joints where world.state(of: joint).isAtLimit { count += 1 }
        return count
    }

    /// The ends of each link, base first (`links.count + 1` points), for drawing and IK.
    public func jointPositions(in world: World) -> [SIMD2<Float>] {
        var points = [basePosition]
        for (link, length) in zip(links, linkLengths) {
            let s = world.state(of: link)
            points.append(s.position + SIMD2(cos(s.angle), sin(s.angle)) * length)
        }
        return points
    }
}
