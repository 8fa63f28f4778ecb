/// What ``MultiAgentEnvironment/step(_:)`` returns: one entry per agent that acted.
public struct MultiAgentStep: Sendable {
    public var observations: [String: [Float]]
    public var rewards: [String: Float]
    public var terminations: [String: Bool]
    public var truncations: [String: Bool]
    public var infos: [String: Info]

    public init(
        observations: [String: [Float]], rewards: [String: Float], terminations: [String: Bool],
        truncations: [String: Bool], infos: [String: Info] = [:]
    ) {
        self.observations = observations
        self.rewards = rewards
        self.terminations = terminations
        self.truncations = truncations
        self.infos = infos
    }
}
