import EmpowerCore

/// The navigation environments of Empower, for the catalog: PointMass-v0 (pure Swift) and
/// PointMaze-v0 (Box2D walls).
///
/// ```swift
/// var catalog = EnvironmentCatalog()
/// try NavigationEnvironments.register(in: &catalog)
/// var env = try catalog.make("PointMass-v0", arguments: ["goal": [0.5, 0.5]])
/// ```
public enum NavigationEnvironments {
    /// The ids this module registers.
    public static let ids = [PointMass.id, PointMaze.id]

    /// Registers `PointMass-v0` (arguments `goal`, `maxEpisodeSteps`, `startRange`) and
    /// `PointMaze-v0` (`goal`, `maxEpisodeSteps`).
    /// - Throws: `.duplicateEnvironment` when an id is already in the catalog.
    public static func register(in catalog: inout EnvironmentCatalog) throws(EnvironmentError) {
        try catalog.register(
            PointMass.id, summary: PointMass.summary,
            parameters: [
                EnvironmentParameter("goal", .floats, summary: "2 values in [-1, 1]; enables the reward -|p - goal|"),
                EnvironmentParameter("maxEpisodeSteps", .int, default: .int(PointMass.defaultMaxEpisodeSteps), summary: "truncation step"),
                EnvironmentParameter(
                    "startRange", .float, default: .float(PointMass.defaultStartRange), summary: "the start is uniform in [-r, r]^2, r in [0, 1]"),
            ]
        ) { arguments in
            try PointMass(
                goal: try arguments.floats("goal"),
                maxEpisodeSteps: try arguments.int("maxEpisodeSteps") ?? PointMass.defaultMaxEpisodeSteps,
                startRange: try arguments.float("startRange") ?? PointMass.defaultStartRange)
        }
        try catalog.register(
            PointMaze.id, summary: PointMaze.summary,
            parameters: [
                EnvironmentParameter("goal", .floats, summary: "2 values in [-1, 1]; enables the reward -|p - goal|"),
                EnvironmentParameter("maxEpisodeSteps", .int, default: .int(PointMaze.defaultMaxEpisodeSteps), summary: "truncation step"),
            ]
        ) { arguments in
            try PointMaze(
                goal: try arguments.floats("goal"),
                maxEpisodeSteps: try arguments.int("maxEpisodeSteps") ?? PointMaze.defaultMaxEpisodeSteps)
        }
    }
}
