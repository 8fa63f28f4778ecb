/// A handle to a weld joint: it glues body B to body A at their relative pose at creation
/// (rigid when `stiffness` is 0, springy otherwise). Valid only in the world that created it.
///
/// ```swift
/// _ = try world.createJoint(WeldJoint.Definition(bodyA: wrist, bodyB: palm, anchor: [0.5, 0.3]))
/// ```
public struct WeldJoint: Hashable, Sendable {
    public let id: Int32
    init(id: Int32) { self.id = id }

    public struct Definition: Sendable, Hashable {
        public var bodyA: Body
        public var bodyB: Body
        public var anchor: SIMD2<Float>
        /// Angular stiffness in N*m per radian; 0 for a rigid weld.
        public var stiffness: Float
        public var damping: Float

        public init(bodyA: Body, bodyB: Body, anchor: SIMD2<Float>, stiffness: Float = 0, damping: Float = 0) {
            self.bodyA = bodyA
            self.bodyB = bodyB
            self.anchor = anchor
            self.stiffness = stiffness
            self.damping = damping
        }
    }
}
