/// The shape every Empower error has: a machine-readable code, a message that says what went
/// wrong and how to fix it, and the context it happened in (file, field, value, ...).
///
/// Each module defines its own error type as a ``CodedError`` over its own code enum
/// (`TensorError`, `ParameterFileError`, `CommandLineError`, ...), so a typed `throws` names
/// the module's errors and `catch let error as TensorError` tells them apart. `description`
/// renders all three parts, so `print(error)` is always enough for a user.
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

/// An error with a code of type `Code`: what every module's error type is.
///
/// ```swift
/// public typealias RenderError = CodedError<RenderErrorCode>
/// public enum RenderErrorCode: String, Sendable { case invalidSize = "invalid_size" }
/// throw RenderError(.invalidSize, "a canvas needs a positive size", context: ["width": "0"])
/// ```
public struct CodedError<Code: RawRepresentable<String> & Hashable & Sendable>: EmpowerError, Equatable {
    public let code: Code
    public let message: String
    public let context: [String: String]

    public init(_ code: Code, _ message: String, context: [String: String] = [:]) {
        self.code = code
        self.message = message
        self.context = context
    }
}

/// Errors from EmpowerBase.
public typealias BaseError = CodedError<BaseErrorCode>

/// The codes of ``BaseError``.
public enum BaseErrorCode: String, Sendable {
    case invalidRandomState = "invalid_random_state"
    case invalidFrame = "invalid_frame"
}

