/// An environment with several agents acting at once (PettingZoo's parallel API).
///
/// ```swift
/// var env = try catalog.makeMultiAgent("ParticleSpread-v0", arguments: ["agents": 3])
/// var rng = Xoshiro256(seed: 0)
/// var observations = try env.reset(seed: 1).observations
/// while !env.agents.isEmpty {
///     var actions: [String: [Float]] = [:]
///     for agent in env.agents { actions[agent] = env.actionSpaces[agent]?.sample(using: &rng) }
///     let step = try env.step(actions)
///     observations = step.observations
/// }
/// ```
///
/// ## Contract
/// - ``possibleAgents`` lists every agent that can ever appear, in a fixed order; ``agents`` lists
///   the agents live now (after `reset`, usually all of them). An agent whose termination or
///   truncation is true in a step's result is removed from ``agents`` after that step.
/// - `step` takes exactly one action per live agent; a missing, unknown or finished agent
///   throws ``EnvironmentError`` `.invalidAgent`; a step with no live agents (or before reset)
///   throws like a single-agent environment.
/// - ``state()`` is the global state for centralized critics and lies in ``stateSpace``.
/// - Seeding and value/reference semantics are as for ``Environment``.
/// ``checkMultiAgentEnvironment(_:seed:steps:)`` verifies all of this.
public protocol MultiAgentEnvironment {
    var spec: EnvironmentSpec { get }
    /// Every agent that can appear, in a fixed order.
    var possibleAgents: [String] { get }
    /// The agents live in the current episode.
    var agents: [String] { get }
    /// Per-agent observation spaces, keyed by every possible agent.
    var observationSpaces: [String: Space] { get }
    /// Per-agent action spaces, keyed by every possible agent.
    var actionSpaces: [String: Space] { get }
    /// The space of ``state()``.
    var stateSpace: Space { get }

    /// Starts a new episode; re-seeds when `seed` is given.
    mutating func reset(seed: UInt64?) throws -> MultiAgentReset
    /// Advances one step with one action per live agent.
    mutating func step(_ actions: [String: [Float]]) throws -> MultiAgentStep
    /// The global state (for centralized critics).
    func state() throws -> [Float]

    /// An RGB picture of the current state.
    mutating func render() throws -> Frame
    /// Named xy coordinates (agents, landmarks, objects).
    var positions: [String: SIMD2<Float>] { get }
}

extension MultiAgentEnvironment {
    /// Unsupported by default: throws `.unsupported`.
    public mutating func render() throws -> Frame {
        throw EnvironmentError.unsupported("render()", environment: spec.id)
    }

    /// No positions by default.
    public var positions: [String: SIMD2<Float>] { [:] }

    /// Checks that `actions` names exactly the live agents, each with a valid action; what a
    /// multi-agent `step` does first.
    /// - Throws: `.invalidAgent` for a missing, unknown or finished agent; `.invalidAction` /
    ///   `.nonFiniteAction` for a bad action.
    public func validateActions(_ actions: [String: [Float]]) throws(EnvironmentError) {
        let live = agents
        for agent in live {
            guard let action = actions[agent] else {
                throw EnvironmentError(
                    .invalidAgent, "\(spec.id): no action for live agent \"\(agent)\"; pass one action per agent in `agents`",
                    context: ["environment": spec.id, "agent": agent])
            }
            let size = actionSpaces[agent]?.flatSize ?? 0
            try EnvironmentError.validateAction(action, count: size, environment: "\(spec.id) agent \(agent)")
        }
        if actions.count != live.count {
            for agent in actions.keys.sorted() where !live.contains(agent) {
                let known = possibleAgents.contains(agent)
                let hint = known ? "it has finished this episode" : (closestMatch(to: agent, in: possibleAgents).map { "did you mean \"\($0)\"?" } ?? "agents are \(possibleAgents)")
                throw EnvironmentError(
                    .invalidAgent, "\(spec.id): action given for \"\(agent)\", which is not a live agent: \(hint)",
                    context: ["environment": spec.id, "agent": agent])
            }
        }
    }
}
