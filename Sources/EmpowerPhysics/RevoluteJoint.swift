/// A handle to a hinge between two bodies (an arm's shoulder, elbow, wrist).
///
/// The joint angle is the rotation of body B relative to body A, zero at creation. A motor drives
/// the angle's speed toward `motorSpeed` using at most `maxMotorTorque`; limits keep the angle in
/// `lower...upper` (Box2D lets it sink up to about 2 degrees past a limit under load).
///
/// Like ``Body``, a handle is an index valid only in the world that created it.
///
/// ```swift
/// var hinge = RevoluteJoint.Definition(bodyA: base, bodyB: link, anchor: [0, 0])
/// hinge.limits = -2...2
/// hinge.maxMotorTorque = 20
/// let shoulder = try world.createJoint(hinge)
/// try world.setMotorSpeed(1.5, of: shoulder)
/// world.step()
/// world.state(of: shoulder).value   // the angle, radians
/// ```
public struct RevoluteJoint: Hashable, Sendable {
    public let id: Int32
    init(id: Int32) { self.id = id }

    public struct Definition: Sendable, Hashable {
        public var bodyA: Body
        public var bodyB: Body
        /// The hinge point in world coordinates at creation.
        public var anchor: SIMD2<Float>
        /// Allowed angle range in radians; `nil` for a free hinge.
        public var limits: ClosedRange<Float>?
        /// Whether the motor is on; it is a velocity servo with bounded torque.
        public var isMotorEnabled: Bool
        public var motorSpeed: Float
        /// N*m; 0 with the motor on acts as "no motor".
        public var maxMotorTorque: Float
        public var collideConnected: Bool

        public init(
            bodyA: Body, bodyB: Body, anchor: SIMD2<Float>, limits: ClosedRange<Float>? = nil,
            isMotorEnabled: Bool = false, motorSpeed: Float = 0, maxMotorTorque: Float = 0, collideConnected: Bool = false
        ) {
            self.bodyA = bodyA
            self.bodyB = bodyB
            self.anchor = anchor
            self.limits = limits
            self.isMotorEnabled = isMotorEnabled
            self.motorSpeed = motorSpeed
            self.maxMotorTorque = maxMotorTorque
            self.collideConnected = collideConnected
        }
    }
}
