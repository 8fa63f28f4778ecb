/// Everything needed to create a body except its shapes (see ``FixtureDefinition``).
///
/// ```swift
/// var puck = BodyDefinition.dynamic(at: [0.2, 0.1])
/// puck.linearDamping = 2      // "table friction" the cheap way
/// let body = try world.createBody(puck, fixtures: [.init(.circle(radius: 0.04), density: 50)])
/// ```
public struct BodyDefinition: Sendable, Hashable {
    /// How the solver treats the body.
    public enum Kind: Sendable, Hashable {
        /// Never moves (walls, floor, ground anchor for friction joints).
        case `static`
        /// Moves with the velocity you set; unaffected by forces.
        case kinematic
        /// Moves under forces, gravity, contacts and joints.
        case dynamic
    }

    public var kind: Kind
    public var position: SIMD2<Float>
    public var angle: Float
    public var linearVelocity: SIMD2<Float> = .zero
    public var angularVelocity: Float = 0
    /// Velocity decay per second (v *= 1 / (1 + dt * damping) each step); >= 0.
    public var linearDamping: Float = 0
    public var angularDamping: Float = 0
    /// Multiplies the world's gravity for this body.
    public var gravityScale: Float = 1
    /// Continuous collision against other dynamic bodies (for fast small bodies).
    public var isBullet = false
    /// Prevents rotation (agents that should only translate).
    public var hasFixedRotation = false

    public init(kind: Kind, position: SIMD2<Float> = .zero, angle: Float = 0) {
        self.kind = kind
        self.position = position
        self.angle = angle
    }

    public static func `static`(at position: SIMD2<Float> = .zero, angle: Float = 0) -> BodyDefinition {
        BodyDefinition(kind: .static, position: position, angle: angle)
    }

    public static func dynamic(at position: SIMD2<Float>, angle: Float = 0) -> BodyDefinition {
        BodyDefinition(kind: .dynamic, position: position, angle: angle)
    }

    public static func kinematic(at position: SIMD2<Float>, angle: Float = 0) -> BodyDefinition {
        BodyDefinition(kind: .kinematic, position: position, angle: angle)
    }

    /// Throws when a number is not finite or a damping is negative.
    func validate() throws(PhysicsError) {
        try PhysicsError.requireFinite(position, "body position")
        try PhysicsError.requireFinite(angle, "body angle")
        try PhysicsError.requireFinite(linearVelocity, "body linear velocity")
        try PhysicsError.requireFinite(angularVelocity, "body angular velocity")
        try PhysicsError.requireFinite(gravityScale, "body gravity scale")
        guard linearDamping.isFinite, linearDamping >= 0, angularDamping.isFinite, angularDamping >= 0 else {
            throw PhysicsError(
                .invalidBody, "damping must be finite and >= 0 (0 means none)",
                context: ["linearDamping": "\(linearDamping)", "angularDamping": "\(angularDamping)"])
        }
    }
}
