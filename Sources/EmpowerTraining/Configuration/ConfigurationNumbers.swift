import EmpowerBase

/// What a numeric configuration field can hold, read from the Swift type of the field, so a
/// number that does not fit (`"steps": 1e308`, `"seed": -1`, `"skills": 2.5`, `1e400`) is
/// named with its field, its value and the type's range before `JSONDecoder` sees it (the
/// decoder reports such numbers as "not valid JSON" with no field).
///
/// The rules are the decoder's: an integer field takes any number whose value is a whole number
/// in the type's range (`1e3` is 1000), a `Float` field any finite number of magnitude at most
/// `Float.greatestFiniteMagnitude`, a `Double` field any finite number.
enum ConfigurationNumber: Equatable {
    case signed(Int64, Int64)
    case unsigned(UInt64)
    case float
    case double

    /// The kind of number a field of `type` holds: the element type of an optional, an array
    /// or a dictionary (a free-form object of numbers); nil when it holds no numbers.
    init?(_ type: Any.Type) {
        if let container = type as? any NumberContainer.Type {
            self.init(container.elementType)
            return
        }
        switch type {
        case is Int.Type, is Int64.Type: self = .signed(Int64.min, Int64.max)
        case is Int32.Type: self = .signed(Int64(Int32.min), Int64(Int32.max))
        case is UInt.Type, is UInt64.Type: self = .unsigned(UInt64.max)
        case is UInt32.Type: self = .unsigned(UInt64(UInt32.max))
        case is Float.Type: self = .float
        case is Double.Type: self = .double
        default: return nil
        }
    }

    /// Whether a JSON number written as `text` fits.
    func accepts(_ text: String) -> Bool {
        switch self {
        case let .signed(low, high):
            if let exact = Int64(text) { return exact >= low && exact <= high }
            guard let value = Double(text), value.isFinite, value.rounded(.towardZero) == value else { return false }
            return value >= Double(low) && value < Double(high) + 1
        case let .unsigned(high):
            if let exact = UInt64(text) { return exact <= high }
            guard let value = Double(text), value.isFinite, value.rounded(.towardZero) == value else { return false }
            return value >= 0 && value < Double(high) + 1
        case .float:
            guard let value = Double(text) else { return false }
            return value.isFinite && abs(value) <= Double(Float.greatestFiniteMagnitude)
        case .double:
            return Double(text)?.isFinite ?? false
        }
    }

    /// What the field allows, as it reads after "allowed:".
    var allowed: String {
        switch self {
        case let .signed(low, high): "an integer from \(low) to \(high)"
        case let .unsigned(high): "an integer from 0 to \(high)"
        case .float: "a finite number from -3.4e38 to 3.4e38 (a 32-bit float)"
        case .double: "a finite number from -1.8e308 to 1.8e308"
        }
    }

    /// Every numeric field of `value` (a configuration), by its dotted snake_case path.
    static func fields(of value: Any) -> [String: ConfigurationNumber] {
        var result: [String: ConfigurationNumber] = [:]
        collect(value, path: "", into: &result)
        return result
    }

    private static func collect(_ value: Any, path: String, into result: inout [String: ConfigurationNumber]) {
        for child in Mirror(reflecting: value).children {
            guard let label = child.label else { continue }
            let field = (path.isEmpty ? "" : path + ".") + ConfigurationKeys.snakeCase(label)
            if let kind = ConfigurationNumber(type(of: child.value)) {
                result[field] = kind
            } else if Mirror(reflecting: child.value).displayStyle == .struct {
                collect(child.value, path: field, into: &result)
            }
        }
    }
}

/// Optionals, arrays and dictionaries: a field of one holds numbers if its elements are numbers.
protocol NumberContainer {
    static var elementType: Any.Type { get }
}

extension Optional: NumberContainer {
    static var elementType: Any.Type { Wrapped.self }
}

extension Array: NumberContainer {
    static var elementType: Any.Type { Element.self }
}

extension Dictionary: NumberContainer {
    static var elementType: Any.Type { Value.self }
}

extension ConfigurationLoader {
    /// Checks every number of `tree` (a configuration as written, before merging) against its
    /// field's type: a number that does not fit is an `.invalidValue` error naming the field,
    /// the value, the range and where it was written.
    static func checkNumbers(_ tree: JSONTree, fields: [String: ConfigurationNumber], path: String = "", kindPath: String = "", source: (String) -> String) throws(ConfigurationError) {
        switch tree {
        case let .object(members):
            for (key, value) in members {
                let field = path.isEmpty ? key : path + "." + key
                // The members of a free-form object of numbers (slim.channels) take its kind.
                let kindField = kindPath.isEmpty ? key : kindPath + "." + key
                let kind = fields[kindField] == nil && fields[kindPath] != nil ? kindPath : kindField
                try checkNumbers(value, fields: fields, path: field, kindPath: kind, source: source)
            }
        case let .array(elements):
            for (index, element) in elements.enumerated() {
                try checkNumbers(element, fields: fields, path: "\(path)[\(index)]", kindPath: kindPath, source: source)
            }
        case let .number(text):
            // A number of a field that is not numeric is the decoder's to reject, but none is
            // usable unless it is at least a finite Double.
            let kind = fields[kindPath] ?? .double
            guard !kind.accepts(text) else { return }
            let field = path.split(separator: "[").first.map(String.init) ?? path
            throw ConfigurationError(
                .invalidValue, "\(path) \(source(field)) is \(text), which does not fit the field; allowed: \(kind.allowed)",
                context: ["field": path, "value": text, "allowed": kind.allowed])
        default:
            return
        }
    }
}
