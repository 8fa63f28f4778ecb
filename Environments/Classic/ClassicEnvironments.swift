import EmpowerCore

/// The classic-control environments of Empower, for the catalog.
///
/// ```swift
/// var catalog = EnvironmentCatalog()
/// try ClassicEnvironments.register(in: &catalog)
/// var env = try catalog.make("Pendulum-v0", arguments: ["gravity": 9.81])
/// ```
public enum ClassicEnvironments {
    /// The ids this module registers.
    public static let ids = [Pendulum.id]

    /// Registers `Pendulum-v0` (arguments `gravity`, `maxEpisodeSteps`).
    /// - Throws: `.duplicateEnvironment` when an id is already in the catalog.
    public static func register(in catalog: inout EnvironmentCatalog) throws(EnvironmentError) {
        try catalog.register(
            Pendulum.id, summary: "Swing a pendulum up and balance it with a torque in [-2, 2].",
            parameters: [
                EnvironmentParameter("gravity", .float, default: 10.0, summary: "gravitational acceleration"),
                EnvironmentParameter("maxEpisodeSteps", .int, default: .int(Pendulum.defaultMaxEpisodeSteps), summary: "truncation step"),
            ]
        ) { arguments in
            try Pendulum(
                gravity: try arguments.float("gravity") ?? 10,
                maxEpisodeSteps: try arguments.int("maxEpisodeSteps") ?? Pendulum.defaultMaxEpisodeSteps)
        }
    }
}
