/// The identity card of an environment: its id, episode limit and a one-line description.
///
/// Ids follow Gymnasium's `Name-vN`: the version goes up whenever a change could alter results
/// (dynamics, reward, spaces, limits).
public struct EnvironmentSpec: Hashable, Codable, Sendable {
    /// The catalog id, like `"PointMass-v0"`.
    public var id: String
    /// The step at which episodes are truncated, or `nil` when there is no limit.
    public var maxEpisodeSteps: Int?
    /// One or two sentences for listings (`empower envs`).
    public var summary: String
    /// Named groups of observation indices, e.g. `"xy": [0, 1]`. Skill discriminators can be
    /// restricted to one group (DIAYN's "prior" over the state features that matter).
    public var featureGroups: [String: [Int]]

    public init(id: String, maxEpisodeSteps: Int?, summary: String, featureGroups: [String: [Int]] = [:]) {
        self.id = id
        self.maxEpisodeSteps = maxEpisodeSteps
        self.summary = summary
        self.featureGroups = featureGroups
    }
}
