import EmpowerBase

/// One constructor argument for an environment from the catalog: a small typed value.
///
/// Literals convert, so argument dictionaries read naturally:
/// ```swift
/// let arguments: EnvironmentArguments = ["objects": 2, "goal": [0.5, -0.5], "gravity": 9.81]
/// ```
public enum EnvironmentArgument: Hashable, Codable, Sendable, CustomStringConvertible {
    case int(Int)
    case float(Float)
    case bool(Bool)
    case string(String)
    case floats([Float])

    /// The type of an argument, as parameters declare it.
    public enum Kind: String, Codable, Sendable {
        case int, float, bool, string, floats
    }

    public var kind: Kind {
        switch self {
        case .int: .int
        case .float: .float
        case .bool: .bool
        case .string: .string
        case .floats: .floats
        }
    }

    public var description: String {
        switch self {
        case .int(let value): "\(value)"
        case .float(let value): "\(value)"
        case .bool(let value): "\(value)"
        case .string(let value): "\"\(value)\""
        case .floats(let value): "\(value)"
        }
    }

    /// Whether this value can be read as `kind` (an int is accepted where a float is expected).
    public func isCompatible(with kind: Kind) -> Bool {
        self.kind == kind || (self.kind == .int && kind == .float)
    }
}

extension EnvironmentArgument: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByStringLiteral, ExpressibleByArrayLiteral
{
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Float) { self = .float(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: Float...) { self = .floats(elements) }
}

extension EnvironmentArgument {
    /// The value as JSON (floats as numbers; a non-finite float, which JSON cannot hold, as
    /// the string "inf", "-inf" or "nan").
    public var json: JSONValue {
        func number(_ value: Float) -> JSONValue {
            value.isFinite ? .number(Double(value)) : .string(value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf"))
        }
        switch self {
        case let .int(value): return .int(value)
        case let .float(value): return number(value)
        case let .bool(value): return .bool(value)
        case let .string(value): return .string(value)
        case let .floats(values): return .array(values.map(number))
        }
    }
}
