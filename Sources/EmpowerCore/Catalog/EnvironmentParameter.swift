/// A constructor argument an environment accepts, as declared when it is registered: its name,
/// type, default (if any) and meaning. Listings show these; the catalog uses them to reject
/// unknown or mistyped arguments before calling the factory.
public struct EnvironmentParameter: Hashable, Codable, Sendable, CustomStringConvertible {
    public var name: String
    public var kind: EnvironmentArgument.Kind
    /// Filled in when the argument is not given; `nil` means "absent" is meaningful (an option off).
    public var defaultValue: EnvironmentArgument?
    public var summary: String

    public init(_ name: String, _ kind: EnvironmentArgument.Kind, default defaultValue: EnvironmentArgument? = nil, summary: String) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.summary = summary
    }

    public var description: String {
        "\(name) (\(kind.rawValue), default \(defaultValue.map { "\($0)" } ?? "none")): \(summary)"
    }
}
