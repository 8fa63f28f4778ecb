import EmpowerBase

/// Errors from EmpowerPhysics: a bad shape, body, joint or step setting, a non-finite number, or
/// a snapshot that belongs to another world.
///
/// ```swift
/// do { _ = try Shape.box(halfWidth: 0, halfHeight: 1).validated() }
/// catch { print(error) }   // invalid_shape: a box needs positive half extents ...
/// ```
public typealias PhysicsError = CodedError<PhysicsErrorCode>

/// The codes of ``PhysicsError``.
public enum PhysicsErrorCode: String, Sendable {
    case invalidShape = "invalid_shape"
    case invalidFixture = "invalid_fixture"
    case invalidBody = "invalid_body"
    case invalidJoint = "invalid_joint"
    case nonFinite = "non_finite"
    case invalidStep = "invalid_step"
    case invalidSnapshot = "invalid_snapshot"
    case invalidScene = "invalid_scene"
}

extension PhysicsError {
    /// Throws `.nonFinite` naming `field` unless every component of `value` is finite.
    static func requireFinite(_ value: SIMD2<Float>, _ field: String) throws(PhysicsError) {
        guard value.x.isFinite, value.y.isFinite else {
            throw PhysicsError(
                .nonFinite, "\(field) must be finite, got (\(value.x), \(value.y)); check the values you pass in for NaN or infinity",
                context: ["field": field])
        }
    }

    /// Throws `.nonFinite` naming `field` unless `value` is finite.
    static func requireFinite(_ value: Float, _ field: String) throws(PhysicsError) {
        guard value.isFinite else {
            throw PhysicsError(
                .nonFinite, "\(field) must be finite, got \(value); check the values you pass in for NaN or infinity",
                context: ["field": field])
        }
    }
}
