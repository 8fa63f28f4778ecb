/// A handle to a slider between two bodies (a gripper finger).
///
/// The translation is body B's displacement from its creation position along the axis (fixed
/// in body A). A motor drives its speed toward `motorSpeed` with at most `maxMotorForce`; limits
/// keep the translation in `lower...upper` metres. Valid only in the world that created it.
///
/// ```swift
/// let finger = try world.createJoint(PrismaticJoint.Definition(
///     bodyA: palm, bodyB: fingerBody, anchor: [0.02, 0], axis: [1, 0],
///     limits: 0...0.05, isMotorEnabled: true, maxMotorForce: 50))
/// ```
public struct PrismaticJoint: Hashable, Sendable {
    public let id: Int32
    init(id: Int32) { self.id = id }

    public struct Definition: Sendable, Hashable {
        public var bodyA: Body
        public var bodyB: Body
        public var anchor: SIMD2<Float>
        /// Direction of motion in world coordinates at creation (need not be unit length).
        public var axis: SIMD2<Float>
        public var limits: ClosedRange<Float>?
        public var isMotorEnabled: Bool
        public var motorSpeed: Float
        /// Newtons.
        public var maxMotorForce: Float
        public var collideConnected: Bool

        public init(
            bodyA: Body, bodyB: Body, anchor: SIMD2<Float>, axis: SIMD2<Float>, limits: ClosedRange<Float>? = nil,
            isMotorEnabled: Bool = false, motorSpeed: Float = 0, maxMotorForce: Float = 0, collideConnected: Bool = false
        ) {
            self.bodyA = bodyA
            self.bodyB = bodyB
            self.anchor = anchor
            self.axis = axis
            self.limits = limits
            self.isMotorEnabled = isMotorEnabled
            self.motorSpeed = motorSpeed
            self.maxMotorForce = maxMotorForce
            self.collideConnected = collideConnected
        }
    }
}
