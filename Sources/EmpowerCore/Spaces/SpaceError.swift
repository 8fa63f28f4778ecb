/// Errors raised when a space is built from invalid bounds, shapes or sizes.
///
/// ```swift
/// do { _ = try Box(low: 1, high: -1, shape: [2]) }
/// catch { print(error) }   // invalid_bounds: Box bound at index 0 has low 1.0 > high -1.0 ...
/// ```
public typealias SpaceError = CodedError<SpaceErrorCode>

/// The codes of ``SpaceError``.
public enum SpaceErrorCode: String, Sendable {
    /// A lower bound above its upper bound, or a NaN bound.
    case invalidBounds = "invalid_bounds"
    /// A shape with a zero or negative dimension, or bounds whose count does not match it.
    case invalidShape = "invalid_shape"
    /// A `Discrete` or `MultiBinary` size that is not positive.
    case invalidSize = "invalid_size"
}

