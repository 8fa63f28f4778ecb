/// The default of an option, written as a literal of any kind: `default: 1`, `default: 0.99`,
/// `default: "sac"`. It is kept as the text a user would type and checked by the option's
/// ``ValueType`` like any other value, so a default can never break the declared range.
///
/// From a variable: `default: OptionDefault(Config.defaultBatchSize)`.
public struct OptionDefault: Sendable, Hashable, ExpressibleByStringLiteral,
    ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral
{
    /// The default as command-line text.
    public let text: String

    /// A default from any value, through its description (`128` -> `"128"`).
    public init(_ value: some CustomStringConvertible) {
        text = value.description
    }

    public init(stringLiteral value: String) {
        text = value
    }

    public init(integerLiteral value: Int) {
        text = "\(value)"
    }

    public init(floatLiteral value: Double) {
        text = "\(value)"
    }
}
