import EmpowerCore

/// A clean multi-agent test environment: two walkers on a line. Walker "b" finishes after
/// `bLimit` steps, "a" after 10; optionally broken by forgetting to remove finished agents.
struct TwoWalkers: MultiAgentEnvironment {
    let spec = EnvironmentSpec(id: "TwoWalkers-v0", maxEpisodeSteps: 10, summary: "two walkers")
    let possibleAgents = ["a", "b"]
    let observationSpaces: [String: Space]
    let actionSpaces: [String: Space]
    let stateSpace: Space
    var bLimit = 6
    var keepsFinishedAgents = false
    private(set) var agents: [String] = []
    private var x: [String: Float] = [:]
    private var steps = 0
    private var generator = Xoshiro256(seed: 0)

    init(keepsFinishedAgents: Bool = false) throws {
        let observation = Space.box(try Box(low: -20, high: 20, shape: [1]))
        let action = Space.box(try Box(low: -1, high: 1, shape: [1]))
        observationSpaces = ["a": observation, "b": observation]
        actionSpaces = ["a": action, "b": action]
        stateSpace = .box(try Box(low: -20, high: 20, shape: [2]))
        self.keepsFinishedAgents = keepsFinishedAgents
    }

    mutating func reset(seed: UInt64?) throws -> MultiAgentReset {
        if let seed { generator = Xoshiro256(seed: seed) }
        x = ["a": generator.nextFloat(in: -1, 1), "b": generator.nextFloat(in: -1, 1)]
        agents = possibleAgents
        steps = 0
        return MultiAgentReset(observations: ["a": [x["a", default: 0]], "b": [x["b", default: 0]]])
    }

    mutating func step(_ actions: [String: [Float]]) throws -> MultiAgentStep {
        guard !agents.isEmpty else { throw EnvironmentError(.stepAfterEpisodeEnd, "no live agents") }
        try validateActions(actions)
        steps += 1
        var result = MultiAgentStep(observations: [:], rewards: [:], terminations: [:], truncations: [:])
        var live: [String] = []
        for agent in agents {
            let position = x[agent, default: 0] + (actions[agent]?[0] ?? 0)
            x[agent] = position
            result.observations[agent] = [position]
            result.rewards[agent] = -abs(position)
            result.terminations[agent] = false
            let done = steps >= (agent == "b" ? bLimit : 10)
            result.truncations[agent] = done
            if !done || keepsFinishedAgents { live.append(agent) }
        }
        agents = keepsFinishedAgents && steps >= 10 ? [] : live
        return result
    }

    func state() throws -> [Float] { [x["a", default: 0], x["b", default: 0]] }
}
