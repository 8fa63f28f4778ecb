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
    /// The side of a cell for coverage metrics (distinct cells of `positions` visited), in the
    /// units of `positions`: 0.1 of the arena's larger side for the built-in environments (0.2 on
    /// the [-1, 1]^2 point and particle arenas, 0.1 m on the 1.0 x 0.8 m table). `nil` lets the
    /// evaluation use 0.1 of the larger side of the box around everything the skills visited.
    public var coverageCellSize: Float?
    /// For a lifting task (seen from the side, y up): how high above its start an object must be
    /// held, in the units of `positions`, to count as lifted (`skills_lifting_objects`); `nil`
    /// where lifting is not a thing.
    public var liftHeight: Float?

    public init(
        id: String, maxEpisodeSteps: Int?, summary: String, featureGroups: [String: [Int]] = [:], coverageCellSize: Float? = nil,
        liftHeight: Float? = nil
    ) {
        self.id = id
        self.maxEpisodeSteps = maxEpisodeSteps
        self.summary = summary
        self.featureGroups = featureGroups
        self.coverageCellSize = coverageCellSize
        self.liftHeight = liftHeight
    }
}
