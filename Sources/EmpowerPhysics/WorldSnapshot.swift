import CBox2D

/// The dynamic state of a ``World`` at one instant: every body's pose and velocity and every
/// joint's changeable settings (motor on/off, speed, torque or force budget, limits, friction
/// budgets). Made by ``World/snapshot()``, consumed by ``World/restore(_:)``.
///
/// A snapshot is a value: keep as many as you like. It fits any world built by the same
/// construction sequence (same bodies, fixtures and joints in the same order), so it can also
/// move a state from one environment instance to a twin.
public struct WorldSnapshot: Sendable {
    /// Body states indexed by ``Body/id``.
    public let bodyStates: [BodyState]
    let jointSettings: [CB2JointSettings]
}

