import EmpowerBase

/// Errors from the numeric core: shapes that do not fit, element counts that do not match.
public typealias TensorError = CodedError<TensorErrorCode>

/// The codes of ``TensorError``.
public enum TensorErrorCode: String, Sendable {
    case elementCountMismatch = "element_count_mismatch"
    case shapeMismatch = "shape_mismatch"
    case invalidShape = "invalid_shape"
    case invalidArgument = "invalid_argument"
}

