/// The pose and velocity of a body at one instant.
///
/// `position` is the origin of the body frame (where its shapes are centred when built with
/// default centres), `linearVelocity` the velocity of its centre of mass.
public struct BodyState: Hashable, Sendable {
    public var position: SIMD2<Float>
    /// Rotation in radians, counter-clockwise; not wrapped to (-pi, pi].
    public var angle: Float
    public var linearVelocity: SIMD2<Float>
    /// Radians per second, counter-clockwise.
    public var angularVelocity: Float

    public init(position: SIMD2<Float> = .zero, angle: Float = 0, linearVelocity: SIMD2<Float> = .zero, angularVelocity: Float = 0) {
        self.position = position
        self.angle = angle
        self.linearVelocity = linearVelocity
        self.angularVelocity = angularVelocity
    }

    /// Whether every component is finite (a NaN here means the simulation blew up).
    public var isFinite: Bool {
        position.x.isFinite && position.y.isFinite && angle.isFinite && linearVelocity.x.isFinite
            && linearVelocity.y.isFinite && angularVelocity.isFinite
    }
}
