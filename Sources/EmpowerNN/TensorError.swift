import EmpowerBase

/// Errors from the numeric core: shapes that do not fit, element counts that do not match.
public struct TensorError: EmpowerError {
    public enum Code: String, Sendable {
        case elementCountMismatch = "element_count_mismatch"
        case shapeMismatch = "shape_mismatch"
        case invalidShape = "invalid_shape"
        case invalidArgument = "invalid_argument"
    }

    public let code: Code
    public let message: String
    public let context: [String: String]

    public init(_ code: Code, _ message: String, context: [String: String] = [:]) {
        self.code = code
        self.message = message
        self.context = context
    }
}
