/// The shape every Empower error has: a machine-readable code, a message that says what went
/// wrong and how to fix it, and the context it happened in (file, field, value, ...).
///
/// Each module defines its own error struct conforming to this protocol (`TensorError`,
/// `ParameterFileError`, `CommandLineError`, ...). `description` renders all three parts, so
/// `print(error)` is always enough for a user.
public protocol EmpowerError: Error, CustomStringConvertible, Sendable {
    associatedtype Code: RawRepresentable<String> & Sendable
    var code: Code { get }
    var message: String { get }
    var context: [String: String] { get }
}

extension EmpowerError {
    public var description: String {
        guard !context.isEmpty else { return "\(code.rawValue): \(message)" }
        let details = context.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        return "\(code.rawValue): \(message) [\(details.joined(separator: ", "))]"
    }
}

/// Errors from EmpowerBase.
public struct BaseError: EmpowerError {
    public enum Code: String, Sendable {
        case invalidRandomState = "invalid_random_state"
        case invalidFrame = "invalid_frame"
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
