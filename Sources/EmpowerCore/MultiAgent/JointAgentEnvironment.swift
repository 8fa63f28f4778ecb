/// A multi-agent environment seen as one single-agent ``Environment``: what lets every vector
/// environment, collector and evaluation loop written for single-agent environments step
/// PettingZoo-style parallel environments unchanged.
///
/// - Observation: every agent's observation in the order of `possibleAgents`, then the global
///   ``MultiAgentEnvironment/state()``: `agents x agentObservationSize + stateSize` floats.
/// - Action: every agent's action, agent 0 first: `agents x agentActionSize` floats.
/// - Reward: the mean of the agents' rewards (the team reward), summed as r_0/N + r_1/N + ...
/// - Episode end: when the agents end (they must end together; an agent that stops while
///   others go on is an error, since the joint view has no place for it). Terminated when any
///   agent is terminated, truncated otherwise.
/// - Info: the agents' safety events added up.
///
/// ```swift
/// let joint = try JointAgentEnvironment(try catalog.makeMultiAgent("ParticleSpread-v0"))
/// var vector = try SerialVectorEnvironment(count: 4) { _ in joint }
/// let observations = try vector.reset(seed: 7).observations   // 4 rows of joint observations
/// ```
///
/// Every agent must have the same observation size and the same continuous (Box) action space.
public struct JointAgentEnvironment: Environment {
    /// The wrapped environment.
    public private(set) var base: any MultiAgentEnvironment
    /// The agents, in the order their observations and actions are laid out.
    public let agentIDs: [String]
    /// Floats of one agent's observation.
    public let agentObservationSize: Int
    /// Floats of one agent's action.
    public let agentActionSize: Int
    /// Floats of the global state (the tail of every observation).
    public let stateSize: Int
    public let observationSpace: Space
    public let actionSpace: Space

    /// - Throws: ``EnvironmentError`` `.incompatibleEnvironment` for agents whose observation
    ///   sizes or action spaces differ, or whose actions are not continuous.
    public init(_ base: any MultiAgentEnvironment) throws(EnvironmentError) {
        let id = base.spec.id
        let agents = base.possibleAgents
        guard let first = agents.first, let observation = base.observationSpaces[first], let action = base.actionSpaces[first]?.box else {
            throw EnvironmentError(
                .incompatibleEnvironment, "\(id) has no agent with an observation space and a continuous (Box) action space; the joint view needs both",
                context: ["environment": id])
        }
        for agent in agents where base.observationSpaces[agent]?.flatSize != observation.flatSize || base.actionSpaces[agent] != .box(action) {
            throw EnvironmentError(
                .incompatibleEnvironment,
                "\(id): agent \(agent)'s spaces differ from \(first)'s; the joint view needs agents with the same observation size and action space",
                context: ["environment": id, "agent": agent])
        }
        self.base = base
        agentIDs = agents
        agentObservationSize = observation.flatSize
        agentActionSize = action.flatSize
        stateSize = base.stateSpace.flatSize
        let observationBounds = Self.bounds(of: observation)
        let stateBounds = Self.bounds(of: base.stateSpace)
        do {
            observationSpace = .box(try Box(
                low: Array(repeating: observationBounds.low, count: agents.count).flatMap { $0 } + stateBounds.low,
                high: Array(repeating: observationBounds.high, count: agents.count).flatMap { $0 } + stateBounds.high))
            actionSpace = .box(try Box(
                low: Array(repeating: action.low, count: agents.count).flatMap { $0 },
                high: Array(repeating: action.high, count: agents.count).flatMap { $0 }))
        } catch {
            throw EnvironmentError(.incompatibleEnvironment, "\(id): its spaces cannot be joined (\(error))", context: ["environment": id])
        }
    }

    /// The agents sharing the environment.
    public var agentCount: Int { agentIDs.count }

    /// Floats of every agent's observation together (the observation without the state).
    public var jointObservationSize: Int { agentCount * agentObservationSize }

    public var spec: EnvironmentSpec { base.spec }
    public var positions: [String: SIMD2<Float>] { base.positions }

    public mutating func reset(seed: UInt64?) throws -> Reset {
        let reset = try base.reset(seed: seed)
        return Reset(observation: try joined(reset.observations, stage: "reset"), info: total(reset.infos))
    }

    public mutating func step(_ action: [Float]) throws -> Step {
        try EnvironmentError.validateAction(action, count: agentCount * agentActionSize, environment: spec.id)
        var actions: [String: [Float]] = [:]
        for (k, agent) in agentIDs.enumerated() {
            actions[agent] = Array(action[(k * agentActionSize)..<((k + 1) * agentActionSize)])
        }
        let result = try base.step(actions)
        let ended = agentIDs.map { (result.terminations[$0] ?? false) || (result.truncations[$0] ?? false) }
        guard ended.allSatisfy({ $0 == ended[0] }) else {
            let finished = zip(agentIDs, ended).filter(\.1).map(\.0)
            throw EnvironmentError(
                .invalidAgent,
                "\(spec.id): agents \(finished) finished while the others go on; the joint view needs every agent to live for the whole episode",
                context: ["environment": spec.id])
        }
        let reward = agentIDs.reduce(Float(0)) { $0 + (result.rewards[$1] ?? 0) / Float(agentCount) }
        let terminated = agentIDs.contains { result.terminations[$0] ?? false }
        return Step(
            observation: try joined(result.observations, stage: "step"), reward: reward,
            isTerminated: terminated, isTruncated: ended[0] && !terminated, info: total(result.infos))
    }

    public mutating func render() throws -> Frame { try base.render() }

    /// Every agent's observation in agent order, then the state.
    func joined(_ observations: [String: [Float]], stage: String) throws -> [Float] {
        var joint: [Float] = []
        joint.reserveCapacity(jointObservationSize + stateSize)
        for agent in agentIDs {
            guard let observation = observations[agent], observation.count == agentObservationSize else {
                throw EnvironmentError(
                    .invalidAgent,
                    "\(spec.id) gave agent \(agent) \(observations[agent].map { "an observation of \($0.count) floats" } ?? "no observation") at \(stage); every agent needs \(agentObservationSize) floats at every step",
                    context: ["environment": spec.id, "agent": agent])
            }
            joint += observation
        }
        let state = try base.state()
        guard state.count == stateSize else {
            throw EnvironmentError(
                .invalidAgent, "\(spec.id) gave a state of \(state.count) floats at \(stage); its state space has \(stateSize)",
                context: ["environment": spec.id])
        }
        return joint + state
    }

    func total(_ infos: [String: Info]) -> Info {
        var info = Info()
        for agent in agentIDs {
            if let events = infos[agent]?.safetyEvents { info.safetyEvents = (info.safetyEvents ?? SafetyEvents()) + events }
        }
        return info
    }

    static func bounds(of space: Space) -> (low: [Float], high: [Float]) {
        if let box = space.box { return (box.low, box.high) }
        return ([Float](repeating: -.infinity, count: space.flatSize), [Float](repeating: .infinity, count: space.flatSize))
    }
}
