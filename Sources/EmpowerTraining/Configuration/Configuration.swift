import EmpowerBase

/// A configuration type: a `Codable` struct whose `init()` sets every field to its default.
///
/// Loading (``ConfigurationLoader``) starts from the defaults, so a file only needs the fields
/// it changes, and the resolved configuration written to the run directory lists every field.
/// The set of valid keys is read off the encoded defaults, so nested sections need nothing
/// more than being `Codable` structs with defaults themselves. Coding is synthesized: the
/// loader spells Swift's camelCase names in snake_case in JSON (``ConfigurationKeys``), and
/// string choices are ``ConfigurationChoice`` enums.
///
/// ```swift
/// struct SACSection: Codable, Sendable {
///     var learningRate: Float = 3e-4   // "learning_rate" in JSON
///     var batchSize = 256
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

    /// Defaults that depend on the setup, such as an environment family's network sizes:
    /// `key=value` assignments applied over the defaults and under the file and every `--set`
    /// (an explicit setting always wins), given the top-level string fields (`algorithm`,
    /// `environment`) as the file and the overrides resolve them.
    static func presets(for choices: [String: String]) -> [String]

    /// Fields of older versions under their new name (dotted paths, old to new), so the
    /// `config.json` of an older run still loads: `["sac.updates_per_step": "sac.replay_ratio"]`.
    /// A file that gives both is refused.
    static var renamedKeyPaths: [String: String] { get }

    /// Dotted paths of fields that do not apply to this configuration (SAC's skill count) and
    /// are left out of the resolved `config.json`; loading one back gives the default.
    var inapplicableKeyPaths: [String] { get }
}

extension Configuration {
    public func validate() throws(ConfigurationError) {}
    public static var optionalKeyPaths: [String] { [] }
    public static var freeFormKeyPaths: [String] { [] }
    public static var renamedKeyPaths: [String: String] { [:] }
    public static func presets(for choices: [String: String]) -> [String] { [] }
    public var inapplicableKeyPaths: [String] { [] }
}
