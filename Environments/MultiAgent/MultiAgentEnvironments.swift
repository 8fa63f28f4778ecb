import EmpowerCore

/// The multi-agent environments of Empower, for the catalog.
///
/// ```swift
/// var catalog = EnvironmentCatalog()
/// try MultiAgentEnvironments.register(in: &catalog)
/// var env = try catalog.makeMultiAgent("ParticleSpread-v0", arguments: ["agents": 4])
/// ```
public enum MultiAgentEnvironments {
    /// The ids this module registers.
    public static let ids = [ParticleSpread.id, CooperativePush.id]

    /// Registers `ParticleSpread-v0` (arguments `agents`, `coverageReward`, `maxEpisodeSteps`)
    /// and `CooperativePush-v0` (arguments `agents`, `goal`, `maxEpisodeSteps`).
    /// - Throws: `.duplicateEnvironment` when an id is already in the catalog.
    public static func register(in catalog: inout EnvironmentCatalog) throws(EnvironmentError) {
        try catalog.registerMultiAgent(
            ParticleSpread.id, summary: ParticleSpread.summary,
            parameters: [
                EnvironmentParameter("agents", .int, default: .int(ParticleSpread.defaultAgents), summary: "agents and landmarks, 2...8"),
                EnvironmentParameter("coverageReward", .bool, default: false, summary: "shared reward -sum over landmarks of the nearest agent's distance"),
                EnvironmentParameter("maxEpisodeSteps", .int, default: .int(ParticleSpread.defaultMaxEpisodeSteps), summary: "truncation step"),
            ]
        ) { arguments in
            try ParticleSpread(
                agents: try arguments.int("agents") ?? ParticleSpread.defaultAgents,
                coverageReward: try arguments.bool("coverageReward") ?? false,
                maxEpisodeSteps: try arguments.int("maxEpisodeSteps") ?? ParticleSpread.defaultMaxEpisodeSteps)
        }
        try catalog.registerMultiAgent(
            CooperativePush.id, summary: CooperativePush.summary,
            parameters: [
                EnvironmentParameter("agents", .int, default: .int(CooperativePush.defaultAgents), summary: "agents, 2...4"),
                EnvironmentParameter("goal", .floats, summary: "2 values in [-0.85, 0.85]; enables the shared reward -|box - goal|"),
                EnvironmentParameter("maxEpisodeSteps", .int, default: .int(CooperativePush.defaultMaxEpisodeSteps), summary: "truncation step"),
            ]
        ) { arguments in
            try CooperativePush(
                agents: try arguments.int("agents") ?? CooperativePush.defaultAgents,
                goal: try arguments.floats("goal"),
                maxEpisodeSteps: try arguments.int("maxEpisodeSteps") ?? CooperativePush.defaultMaxEpisodeSteps)
        }
    }
}
