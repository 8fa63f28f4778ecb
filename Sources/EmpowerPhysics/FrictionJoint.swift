/// A handle to a friction joint: it resists the relative sliding and spinning of body B against
/// body A with at most `maxForce` newtons and `maxTorque` N*m. In top-down scenes, joining each
/// object to a static ground body gives Coulomb-like table friction (an object stops dead once
/// pushing stops), where linear damping would give a viscous, speed-proportional drag.
///
/// ```swift
/// let mass = world.mass(of: puck)
/// let drag = try world.createJoint(FrictionJoint.Definition(
///     bodyA: ground, bodyB: puck, anchor: world.state(of: puck).position,
///     maxForce: 0.5 * mass * 9.81, maxTorque: 0.01))
/// ```
public struct FrictionJoint: Hashable, Sendable {
    public let id: Int32
    init(id: Int32) { self.id = id }

    public struct Definition: Sendable, Hashable {
        public var bodyA: Body
        public var bodyB: Body
        public var anchor: SIMD2<Float>
        public var maxForce: Float
        public var maxTorque: Float

        public init(bodyA: Body, bodyB: Body, anchor: SIMD2<Float>, maxForce: Float, maxTorque: Float) {
            self.bodyA = bodyA
            self.bodyB = bodyB
            self.anchor = anchor
            self.maxForce = maxForce
            self.maxTorque = maxTorque
        }
    }
}
