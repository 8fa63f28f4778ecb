/// One thing wrong with a configuration value: the field's dotted path, the value found, and
/// what is allowed. Configuration types report their issues with `issues()`; the training
/// layer turns them into errors that name all three.
///
/// ```swift
/// ConfigurationIssue(field: "sac.learning_rate", value: "-0.1", allowed: "a positive number")
/// ```
public struct ConfigurationIssue: Error, Sendable, Hashable, CustomStringConvertible {
    public var field: String
    public var value: String
    public var allowed: String
    /// The allowed value closest to the one found, when one is close enough.
    public var suggestion: String?

    public init(field: String, value: String, allowed: String, suggestion: String? = nil) {
        self.field = field
        self.value = value
        self.allowed = allowed
        self.suggestion = suggestion
    }

    /// The issue with `prefix.` prepended to its field (for nested sections).
    public func prefixed(_ prefix: String) -> ConfigurationIssue {
        ConfigurationIssue(field: prefix.isEmpty ? field : "\(prefix).\(field)", value: value, allowed: allowed, suggestion: suggestion)
    }

    public var description: String { "\(field) = \(value): expected \(allowed)" }
}

/// Collects configuration issues with one-line checks.
///
/// ```swift
/// var issues = IssueCollector()
/// issues.check(gamma > 0 && gamma <= 1, "gamma", gamma, "a number in (0, 1]")
/// return issues.all
/// ```
public struct IssueCollector: Sendable {
    public private(set) var all: [ConfigurationIssue] = []

    public init() {}

    public mutating func check(_ condition: Bool, _ field: String, _ value: Any, _ allowed: String) {
        if !condition { all.append(ConfigurationIssue(field: field, value: "\(value)", allowed: allowed)) }
    }

    public mutating func append(contentsOf issues: [ConfigurationIssue], prefix: String = "") {
        all.append(contentsOf: issues.map { $0.prefixed(prefix) })
    }
}
