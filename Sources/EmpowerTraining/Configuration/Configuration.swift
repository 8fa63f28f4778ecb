import EmpowerBase

/// A configuration type: a `Codable` struct whose `init()` sets every field to its default.
///
/// Loading (``ConfigurationLoader``) starts from the defaults, so a file only needs the fields
/// it changes, and the resolved configuration written to the run directory lists every field.
/// The set of valid keys is read off the encoded defaults, so nested sections need nothing
/// more than being `Codable` structs with defaults themselves.
///
/// ```swift
/// struct SACSection: Codable, Sendable {
///     var learningRate: Float = 3e-4
///     var batchSize = 256
///     enum CodingKeys: String, CodingKey { case learningRate = "learning_rate", batchSize = "batch_size" }
/// }
/// struct DIAYNConfiguration: Configuration {
///     var skills = 10
///     var sac = SACSection()
///     func validate() throws(ConfigurationError) {
///         try check(skills >= 2, field: "skills", value: skills, allowed: "an integer of at least 2")
///         try check(sac.learningRate > 0, field: "sac.learning_rate", value: sac.learningRate, allowed: "a positive number")
///     }
/// }
/// let configuration = try ConfigurationLoader.load(DIAYNConfiguration.self, from: "diayn.json", overrides: ["skills=20"])
/// ```
public protocol Configuration: Codable, Sendable {
    /// Every field at its documented default.
    init()

    /// Checks ranges and relations between fields; throw with ``check(_:field:value:allowed:)``.
    /// Called by ``ConfigurationLoader`` after decoding. The default accepts everything.
    func validate() throws(ConfigurationError)

    /// Dotted paths of optional fields whose default is nil (the encoder omits nil, so they
    /// cannot be read off the defaults). Example: `["evaluation.episodes"]`.
    static var optionalKeyPaths: [String] { get }

    /// Dotted paths of objects whose keys are free-form (a dictionary such as SLIM's channel
    /// weights `{"reach": 0.5, "safety": 1}`): their members are not checked against the defaults.
    static var freeFormKeyPaths: [String] { get }
}

extension Configuration {
    public func validate() throws(ConfigurationError) {}
    public static var optionalKeyPaths: [String] { [] }
    public static var freeFormKeyPaths: [String] { [] }
}

/// A string-valued choice in a configuration (`"features": "xy"`): decoding an unknown value
/// throws ``ConfigurationError`` `.invalidValue` that lists the allowed values and suggests the
/// closest one, instead of a generic decoding error.
///
/// ```swift
/// enum Features: String, ConfigurationChoice { case all, xy, object }
/// ```
public protocol ConfigurationChoice: CaseIterable, Codable, Sendable, RawRepresentable where RawValue == String {}

extension ConfigurationChoice {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode(String.self)
        guard let value = Self(rawValue: raw) else {
            let field = ConfigurationLoader.dottedPath(decoder.codingPath)
            let names = Self.allCases.map(\.rawValue)
            var error = ConfigurationError.invalidValue(
                field: field, value: "\"\(raw)\"", allowed: "one of " + names.map { "\"\($0)\"" }.joined(separator: ", "))
            if let suggestion = closestMatch(to: raw, in: names) {
                error = ConfigurationError(.invalidValue, error.message + "; did you mean \"\(suggestion)\"?",
                                           context: error.context.merging(["suggestion": suggestion]) { $1 })
            }
            throw error
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
