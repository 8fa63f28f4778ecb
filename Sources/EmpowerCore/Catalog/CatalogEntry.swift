/// What a catalog listing says about one environment, from an instance built with the default
/// arguments.
public struct CatalogEntry: Sendable, CustomStringConvertible {
    /// The spaces of a single-agent or a multi-agent environment.
    public enum Spaces: Sendable {
        case single(observation: Space, action: Space)
        case multiAgent(agents: [String], observations: [String: Space], actions: [String: Space], state: Space)
    }

    public let spec: EnvironmentSpec
    public let spaces: Spaces
    public let parameters: [EnvironmentParameter]

    public var id: String { spec.id }

    public var description: String {
        var lines = ["\(spec.id): \(spec.summary)"]
        switch spaces {
        case let .single(observation, action):
            lines.append("  observation \(observation), action \(action)")
        case let .multiAgent(agents, observations, actions, state):
            lines.append("  agents \(agents), state \(state)")
            if let first = agents.first, let observation = observations[first], let action = actions[first] {
                lines.append("  per agent (\(first)): observation \(observation), action \(action)")
            }
        }
        lines.append("  episode limit \(spec.maxEpisodeSteps.map { "\($0) steps" } ?? "none")")
        for parameter in parameters { lines.append("  - \(parameter)") }
        return lines.joined(separator: "\n")
    }
}
