import EmpowerBase
import EmpowerCore
import EmpowerEnvironments

/// `empower envs list`: every environment of the built-in catalog with its spaces, agents,
/// episode limit and summary, as a table or JSON.
///
/// ```text
/// $ empower envs list --json
/// [
///   {
///     "id": "CooperativePush-v0",
///     "kind": "multi_agent",
///     "agents": ["agent0", "agent1"],
///     ...
/// ```
public enum EnvsListCommand: Command {
    public static let name = "list"
    public static let summary = "List the built-in environments: spaces, agents, episode limit, summary."
    public static let discussion = """
        For a multi-agent environment the observation and action columns show one agent's
        spaces (every agent has the same) and the agents column their number. Arguments can
        be set with 'empower render ID --set key=value'; --json lists them with their defaults.
        """
    public static let options: [OptionSpec] = [
        .flag("json", help: "Print a JSON array with one object per environment."),
    ]
    public static let examples: [CommandExample] = [
        CommandExample("empower envs list --json", "The catalog as JSON, with each environment's arguments."),
    ]

    public static func run(_ arguments: ParsedArguments, io: CommandIO) throws -> ExitCode {
        let entries = try io.catalog.entries()
        if arguments.flag("json") {
            io.printJSON(.array(entries.map(json)))
            return .success
        }
        var table = TextTable(["id", "agents", "observation", "action", "limit", "summary"], alignments: [.left, .right, .left, .left, .right, .left])
        for entry in entries {
            let limit = entry.spec.maxEpisodeSteps.map(String.init) ?? "none"
            switch entry.spaces {
            case let .single(observation, action):
                table.append([entry.id, "1", EnvironmentSelection.shortDescription(observation), EnvironmentSelection.shortDescription(action), limit, entry.spec.summary])
            case let .multiAgent(agents, observations, actions, _):
                let first = agents.first ?? ""
                table.append([
                    entry.id, "\(agents.count)", observations[first].map(EnvironmentSelection.shortDescription) ?? "-",
                    actions[first].map(EnvironmentSelection.shortDescription) ?? "-", limit, entry.spec.summary,
                ])
            }
        }
        io.printTable(table)
        return .success
    }

    static func json(_ entry: CatalogEntry) -> JSONValue {
        var members: [JSONMember] = [JSONMember("id", .string(entry.id))]
        switch entry.spaces {
        case let .single(observation, action):
            members += [
                JSONMember("kind", "single_agent"),
                JSONMember("observation_space", .string(observation.description)),
                JSONMember("observation_shape", .array(observation.shape.map { .int($0) })),
                JSONMember("action_space", .string(action.description)),
                JSONMember("action_shape", .array(action.shape.map { .int($0) })),
            ]
        case let .multiAgent(agents, observations, actions, state):
            let first = agents.first ?? ""
            members += [
                JSONMember("kind", "multi_agent"),
                JSONMember("agents", .array(agents.map { .string($0) })),
                JSONMember("observation_space", observations[first].map { .string($0.description) } ?? .null),
                JSONMember("observation_shape", observations[first].map { .array($0.shape.map { .int($0) }) } ?? .null),
                JSONMember("action_space", actions[first].map { .string($0.description) } ?? .null),
                JSONMember("action_shape", actions[first].map { .array($0.shape.map { .int($0) }) } ?? .null),
                JSONMember("state_shape", .array(state.shape.map { .int($0) })),
            ]
        }
        members += [
            JSONMember("max_episode_steps", entry.spec.maxEpisodeSteps.map { .int($0) } ?? .null),
            JSONMember("summary", .string(entry.spec.summary)),
            JSONMember("feature_groups", .object(entry.spec.featureGroups.sorted { $0.key < $1.key }.map {
                JSONMember($0.key, .array($0.value.map { .int($0) }))
            })),
            JSONMember("arguments", .array(entry.parameters.map { parameter in
                .object([
                    JSONMember("name", .string(parameter.name)),
                    JSONMember("type", .string(parameter.kind.rawValue)),
                    JSONMember("default", parameter.defaultValue.map(json) ?? .null),
                    JSONMember("summary", .string(parameter.summary)),
                ])
            })),
        ]
        return .object(members)
    }

    static func json(_ argument: EnvironmentArgument) -> JSONValue {
        switch argument {
        case .int(let value): .int(value)
        case .float(let value): .number(Double(value))
        case .bool(let value): .bool(value)
        case .string(let value): .string(value)
        case .floats(let values): .array(values.map { .number(Double($0)) })
        }
    }
}
