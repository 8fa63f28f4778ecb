/// A shape attached to a body, with its material and collision filtering.
///
/// ```swift
/// let block = FixtureDefinition(.box(halfWidth: 0.03, halfHeight: 0.03), density: 200, friction: 1.2)
/// let goal = FixtureDefinition(.circle(radius: 0.05), isSensor: true)   // reports contact, no response
/// ```
public struct FixtureDefinition: Sendable, Hashable {
    public var shape: Shape
    /// kg/m^2 (2D density); 0 is allowed (massless: only for static or jointed parts).
    public var density: Float
    /// Coulomb friction coefficient, usually 0 to 1.5.
    public var friction: Float
    /// Bounciness, 0 (none) to 1 (elastic).
    public var restitution: Float
    public var filter: CollisionFilter
    /// A sensor detects overlaps (begin-contact events) but never pushes.
    public var isSensor: Bool

    public init(
        _ shape: Shape, density: Float = 1, friction: Float = 0.6, restitution: Float = 0,
        filter: CollisionFilter = CollisionFilter(), isSensor: Bool = false
    ) {
        self.shape = shape
        self.density = density
        self.friction = friction
        self.restitution = restitution
        self.filter = filter
        self.isSensor = isSensor
    }

    /// Throws when the shape is degenerate or a material number is out of range.
    public func validate() throws(PhysicsError) {
        try shape.validate()
        guard density.isFinite, density >= 0 else {
            throw PhysicsError(.invalidFixture, "density must be finite and >= 0 (kg/m^2)", context: ["density": "\(density)"])
        }
        guard friction.isFinite, friction >= 0 else {
            throw PhysicsError(.invalidFixture, "friction must be finite and >= 0", context: ["friction": "\(friction)"])
        }
        guard restitution.isFinite, restitution >= 0 else {
            throw PhysicsError(.invalidFixture, "restitution must be finite and >= 0 (0 = no bounce, 1 = elastic)", context: ["restitution": "\(restitution)"])
        }
    }
}
