/// A string-valued choice in a configuration (`"combine": "critics"`): decoding an unknown
/// value throws a ``ConfigurationIssue`` naming the field, listing the allowed values and
/// suggesting the closest one, which the configuration loader reports as an `invalid_value`
/// error, instead of a generic decoding error.
///
/// ```swift
/// enum Features: String, ConfigurationChoice { case all, xy, object }
/// ```
public protocol ConfigurationChoice: CaseIterable, Codable, Hashable, Sendable, RawRepresentable where RawValue == String {}

extension ConfigurationChoice {
    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard let value = Self(rawValue: raw) else {
            let names = Self.allCases.map(\.rawValue)
            throw ConfigurationIssue(
                field: ConfigurationKeys.dottedPath(decoder.codingPath), value: "\"\(raw)\"",
                allowed: "one of " + names.map { "\"\($0)\"" }.joined(separator: ", "), suggestion: closestMatch(to: raw, in: names))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// How configuration keys are spelled: snake_case in JSON (`learning_rate`), camelCase in Swift
/// (`learningRate`). The configuration loader converts between the two in one place, so
/// configuration types are plain `Codable` structs with synthesized coding.
public enum ConfigurationKeys {
    /// `learningRate` -> `learning_rate`.
    public static func snakeCase(_ key: String) -> String {
        var result = ""
        for character in key {
            if character.isUppercase {
                result += "_" + character.lowercased()
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// `learning_rate` -> `learningRate`.
    public static func camelCase(_ key: String) -> String {
        var result = ""
        var upperNext = false
        for character in key {
            if character == "_", !result.isEmpty {
                upperNext = true
            } else {
                result += upperNext ? character.uppercased() : String(character)
                upperNext = false
            }
        }
        return result
    }

    /// A coding path as the dotted snake_case path users write (`sac.learning_rate`,
    /// `sac.hidden_sizes[1]`); "(top level)" for the empty path.
    public static func dottedPath(_ path: [any CodingKey]) -> String {
        var result = ""
        for key in path {
            if let index = key.intValue, key.stringValue.hasPrefix("Index") || key.stringValue == "\(index)" {
                result += "[\(index)]"
            } else {
                result += (result.isEmpty ? "" : ".") + snakeCase(key.stringValue)
            }
        }
        return result.isEmpty ? "(top level)" : result
    }
}
