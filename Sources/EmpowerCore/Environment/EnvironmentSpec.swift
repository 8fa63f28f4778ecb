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

    public init(id: String, maxEpisodeSteps: Int?, summary: String) {
        self.id = id
        self.maxEpisodeSteps = maxEpisodeSteps
        self.summary = summary
    }
}
