/// Two bodies that started touching during the last ``World/step(_:)`` call.
///
/// Sensor overlaps are reported too (`involvesSensor`), which is how landmark or goal regions
/// detect arrivals without pushing anything.
public struct ContactEvent: Hashable, Sendable {
    public var bodyA: Body
    public var bodyB: Body
    public var involvesSensor: Bool

    /// Whether this event is between `a` and `b`, in either order.
    public func connects(_ a: Body, _ b: Body) -> Bool {
        (bodyA == a && bodyB == b) || (bodyA == b && bodyB == a)
    }
}
