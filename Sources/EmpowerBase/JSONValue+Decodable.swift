/// Reading any JSON document into a ``JSONValue``: a grid file's configuration values, a
/// report's metrics.
///
/// ```swift
/// let value = try JSONDecoder().decode(JSONValue.self, from: Data(#"{"beta": [1, 0.3]}"#.utf8))
/// value.rendered()     // {"beta":[1,0.3]}
/// ```
///
/// Whole numbers become `.int`, other numbers `.number`; object members are sorted by key.
extension JSONValue: Decodable {
    public init(from decoder: any Decoder) throws {
        if let object = try? decoder.container(keyedBy: JSONKey.self) {
            // Sorted: decoders do not keep the document's order, and the same file must give the same value.
            self = .object(try object.allKeys.sorted { $0.stringValue < $1.stringValue }.map { JSONMember($0.stringValue, try object.decode(JSONValue.self, forKey: $0)) })
            return
        }
        if var array = try? decoder.unkeyedContainer() {
            var elements: [JSONValue] = []
            while !array.isAtEnd { elements.append(try array.decode(JSONValue.self)) }
            self = .array(elements)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            self = .null
        } else if let value = try? single.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? single.decode(Int.self) {
            self = .int(value)
        } else if let value = try? single.decode(Double.self) {
            self = .number(value)
        } else {
            self = .string(try single.decode(String.self))
        }
    }

    /// The member `key` of an object (nil for other values or a missing key).
    public subscript(key: String) -> JSONValue? {
        guard case let .object(members) = self else { return nil }
        return members.last { $0.key == key }?.value
    }
}

/// Any string key, for decoding objects whose keys are not known in advance.
struct JSONKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { return nil }
}

/// Reading values out of a decoded document; each is nil when the value is of another kind.
extension JSONValue {
    public var stringValue: String? {
        if case let .string(value) = self { return value }
        return nil
    }

    /// A number, whole or not.
    public var doubleValue: Double? {
        switch self {
        case let .int(value): Double(value)
        case let .number(value): value
        default: nil
        }
    }

    public var intValue: Int? {
        if case let .int(value) = self { return value }
        return nil
    }

    public var boolValue: Bool? {
        if case let .bool(value) = self { return value }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case let .array(values) = self { return values }
        return nil
    }

    public var objectMembers: [JSONMember]? {
        if case let .object(members) = self { return members }
        return nil
    }
}
