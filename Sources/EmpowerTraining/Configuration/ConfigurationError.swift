import EmpowerBase

/// A configuration problem, naming the field (as a dotted path such as `sac.learning_rate`),
/// the value found and what is allowed.
///
/// ```text
/// unknown_key: unknown key 'learning_rat' in section 'sac' of config.json; did you mean 'learning_rate'? [field=sac.learning_rat, ...]
/// invalid_value: sac.learning_rate is -0.001; allowed: a positive number [allowed=a positive number, field=sac.learning_rate, value=-0.001]
/// ```
public typealias ConfigurationError = CodedError<ConfigurationErrorCode>

/// The codes of ``ConfigurationError``.
public enum ConfigurationErrorCode: String, Sendable {
    /// A key that the configuration does not have (with a "did you mean" when one is close).
    case unknownKey = "unknown_key"
    /// A value of the right type outside what is allowed.
    case invalidValue = "invalid_value"
    /// A required value is absent or null.
    case missingValue = "missing_value"
    /// A value of the wrong JSON type (a string where a number is expected, ...).
    case typeMismatch = "type_mismatch"
    /// The configuration file cannot be read or is not valid JSON.
    case unreadableFile = "unreadable_file"
}

extension ConfigurationError {
    /// The dotted path of the field at fault, when there is one.
    public var field: String? { context["field"] }

    /// The suggested key for an `.unknownKey` error, when one is close enough.
    public var suggestion: String? { context["suggestion"] }

    /// An `.invalidValue` error: "`field` is `value`; allowed: `allowed`".
    public static func invalidValue(field: String, value: String, allowed: String) -> ConfigurationError {
        ConfigurationError(.invalidValue, "\(field) is \(value); allowed: \(allowed)",
                           context: ["field": field, "value": value, "allowed": allowed])
    }
}

/// Throws ``ConfigurationError`` `.invalidValue` unless `condition` holds: the one-line range
/// check every configuration's `validate()` is made of.
///
/// ```swift
/// try check(learningRate > 0, field: "sac.learning_rate", value: learningRate, allowed: "a positive number")
/// try check((0...1).contains(tau), field: "sac.tau", value: tau, allowed: "a number in [0, 1]")
/// ```
public func check(_ condition: Bool, field: String, value: some CustomStringConvertible, allowed: String) throws(ConfigurationError) {
    guard condition else { throw ConfigurationError.invalidValue(field: field, value: value.description, allowed: allowed) }
}
