/// What a revolute or prismatic joint reads after a step.
///
/// `value` is the angle (radians) or translation (metres), `speed` its rate, `motorEffort` the
/// torque or force the motor applied in the last step. The limit flags are true when limits
/// are enabled and the value is within ``JointState/limitTolerance`` of a bound or beyond it:
/// Box2D resolves limits with a slop (about 2 degrees, 5 mm), so a joint pressed against its
/// stop reads slightly past the bound rather than exactly on it.
///
/// A Box2D 2.4 quirk worth knowing: while a motor presses a joint against its limit, the
/// motor's accumulated impulse keeps growing (up to `maxMotorTorque * dt`). After the command
/// reverses, it unwinds by about `inertia * speed change` per step, so a very light link with
/// a large torque budget can stay stuck at the limit for many steps. Keep torque budgets in
/// proportion to link inertia (the scene defaults are) or briefly disable the motor.
public struct JointState: Hashable, Sendable {
    public var value: Float
    public var speed: Float
    public var motorEffort: Float
    /// The limits in force, or `nil` when the joint has none.
    public var limits: ClosedRange<Float>?
    public var isAtLowerLimit: Bool
    public var isAtUpperLimit: Bool

    /// Whether the joint sits at either limit.
    public var isAtLimit: Bool { isAtLowerLimit || isAtUpperLimit }

    /// Tolerance for the at-limit flags: 0.02 rad for revolute joints, 2 mm for prismatic ones.
    public static let limitTolerance: (revolute: Float, prismatic: Float) = (0.02, 0.002)

    init(value: Float, speed: Float, motorEffort: Float, limits: ClosedRange<Float>?, tolerance: Float) {
        self.value = value
        self.speed = speed
        self.motorEffort = motorEffort
        self.limits = limits
        isAtLowerLimit = limits.map { value <= $0.lowerBound + tolerance } ?? false
        isAtUpperLimit = limits.map { value >= $0.upperBound - tolerance } ?? false
    }
}
