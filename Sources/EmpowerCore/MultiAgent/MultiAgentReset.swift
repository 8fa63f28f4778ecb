/// What ``MultiAgentEnvironment/reset(seed:)`` returns.
public struct MultiAgentReset: Sendable {
    public var observations: [String: [Float]]
    public var infos: [String: Info]

    public init(observations: [String: [Float]], infos: [String: Info] = [:]) {
        self.observations = observations
        self.infos = infos
    }
}
