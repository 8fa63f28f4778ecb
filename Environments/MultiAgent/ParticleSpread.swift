import EmpowerCore
import EmpowerPhysics
import EmpowerPhysicsRendering
import EmpowerRender

/// ParticleSpread-v0: N disc agents and N landmarks in a walled square (PettingZoo parallel
/// semantics), simulated with Box2D.
///
/// ## Description
/// The agents are discs of radius 0.05 in the arena [-1, 1]² (``ArenaScene``), pushed by forces
/// and slowed by damping; they collide with each other and with the walls. The landmarks are
/// fixed points, evenly spaced on a circle of radius 0.6. Without a reward this is a
/// playground for multi-agent skill discovery (MASD: skills readable from the joint state but
/// not from one agent's state); with `coverageReward` it is the cooperative "spread out and
/// cover every landmark" task.
///
/// ## Agents
/// `"agent0"` ... `"agent{N-1}"`, N = `agents` (default 3, 2...8). All agents live for the whole
/// episode.
///
/// ## Action space (per agent)
/// `Box(-1.0, 1.0, shape: [2])`: the force `maxForce · clip(a, -1, 1)` (maxForce = 1 N), scaled
/// down to 1 N when longer (so the reachable forces form a disc).
///
/// ## Observation space (per agent i), 4N + 2 floats
/// `[x_i, y_i, vx_i, vy_i, (p_j - p_i) for every other agent j in order, (l_k - p_i) for every
/// landmark k]`. Positions lie in [-1, 1], relative positions in [-2, 2], velocities are
/// clipped to [-10, 10] m/s.
///
/// ## State, 6N floats
/// `[x_0, y_0, ..., x_{N-1}, y_{N-1}, vx_0, vy_0, ..., l_0x, l_0y, ...]`: every agent's
/// position, then every agent's velocity, then the landmarks.
///
/// ## Feature groups
/// Per-agent observation: `"xy"` [0, 1], `"velocity"` [2, 3], `"relative_agents"`,
/// `"relative_landmarks"`. Global state: `"agents_xy"` [0 ..< 2N], `"agents_velocity"`
/// [2N ..< 4N], `"landmarks_xy"` [4N ..< 6N]. (Observation and state group names never
/// coincide, so one dictionary holds both.)
///
/// ## Reward
/// 0 by default. With `coverageReward`, every agent gets the shared reward
/// `-Σ_k min_i |p_i - l_k|` (the distance from each landmark to its nearest agent, summed).
///
/// ## Dynamics
/// One step is 2 Box2D steps of 1/60 s (8 velocity, 3 position iterations), the force held
/// over both. Agents have density 10 kg/m², linear damping 4 /s and no rotation.
///
/// ## Starting state
/// Agents uniform in [-0.85, 0.85]², at least 0.15 apart, at rest.
///
/// ## Episode end
/// Never terminates; every agent is truncated after 100 steps (argument `maxEpisodeSteps`).
///
/// ## Positions
/// `"agent0"`, ..., and `"landmark0"`, ....
///
/// ## Snapshots
/// ``snapshot()`` captures the Box2D world (``World/snapshot()``: the world is rebuilt, so the
/// solver caches start cold), the episode counters and the generator; restoring and then
/// stepping N times gives bit-identical results to stepping N times right after the snapshot.
///
/// ## Arguments
/// - `agents` (Int, default 3, 2...8): the number of agents and of landmarks.
/// - `coverageReward` (Bool, default false): enables the coverage reward.
/// - `maxEpisodeSteps` (Int, default 100): the truncation step.
///
/// ## Version history
/// - v0: initial version.
public final class ParticleSpread: SimulatedMultiAgentEnvironment {
    public static let id = "ParticleSpread-v0"
    public static let defaultAgents = 3
    public static let agentRange = 2...8
    public static let defaultMaxEpisodeSteps = 100
    static let summary = "N Box2D disc agents and N landmarks in a walled square; reward 0, or a shared landmark-coverage reward."

    public let spec: EnvironmentSpec
    public let possibleAgents: [String]
    public private(set) var agents: [String] = []
    public let observationSpaces: [String: Space]
    public let actionSpaces: [String: Space]
    public let stateSpace: Space
    /// Whether the shared coverage reward is paid.
    public let coverageReward: Bool
    /// The Box2D scene: walls and agents; the landmarks are in its configuration.
    public let scene: ArenaScene
    /// The landmark positions.
    public let landmarks: [SIMD2<Float>]

    private let initialWorld: WorldSnapshot
    private let agentCount: Int
    private var tracker: EpisodeTracker
    private var generator = Xoshiro256(seed: 0)
    /// Reused per step: body states, agent positions and velocities.
    private var states: [BodyState] = []
    private var agentPositions: [SIMD2<Float>]
    private var agentVelocities: [SIMD2<Float>]
    /// Forces, observation, reward and flag dictionaries of every step.
    private var buffers: ArenaLayout.StepBuffers

    /// - Throws: ``EnvironmentError`` `.invalidArgument` for an agent count outside 2...8 or a
    ///   non-positive episode limit.
    public init(agents: Int = ParticleSpread.defaultAgents, coverageReward: Bool = false, maxEpisodeSteps: Int = ParticleSpread.defaultMaxEpisodeSteps) throws {
        guard ParticleSpread.agentRange.contains(agents) else {
            throw ArenaLayout.invalid(ParticleSpread.id, "agents", "\(agents)", "in 2...8")
        }
        guard maxEpisodeSteps > 0 else {
            throw ArenaLayout.invalid(ParticleSpread.id, "maxEpisodeSteps", "\(maxEpisodeSteps)", "positive")
        }
        let n = agents
        agentCount = n
        self.coverageReward = coverageReward
        landmarks = ArenaLayout.ring(count: n, radius: 0.6)
        scene = try ArenaScene(configuration: ArenaScene.Configuration(agentCount: n, landmarks: landmarks))
        initialWorld = scene.world.snapshot()
        possibleAgents = ArenaLayout.agentIDs(n)

        let size = 4 * n + 2
        var low: [Float] = [-1, -1, -ArenaLayout.maxSpeed, -ArenaLayout.maxSpeed]
        low += [Float](repeating: -2, count: size - 4)
        let observation = try ArenaLayout.box(low: low, high: low.map { -$0 })
        let action = Space.box(try Box(low: -1, high: 1, shape: [2]))
        observationSpaces = Dictionary(uniqueKeysWithValues: possibleAgents.map { ($0, observation) })
        actionSpaces = Dictionary(uniqueKeysWithValues: possibleAgents.map { ($0, action) })
        let stateLow = [Float](repeating: -1, count: 2 * n) + [Float](repeating: -ArenaLayout.maxSpeed, count: 2 * n) + [Float](repeating: -1, count: 2 * n)
        stateSpace = try ArenaLayout.box(low: stateLow, high: stateLow.map { -$0 })

        spec = EnvironmentSpec(
            id: ParticleSpread.id, maxEpisodeSteps: maxEpisodeSteps, summary: ParticleSpread.summary,
            featureGroups: [
                "xy": [0, 1], "velocity": [2, 3],
                "relative_agents": Array(4 ..< 4 + 2 * (n - 1)), "relative_landmarks": Array(4 + 2 * (n - 1) ..< size),
                "agents_xy": Array(0 ..< 2 * n), "agents_velocity": Array(2 * n ..< 4 * n), "landmarks_xy": Array(4 * n ..< 6 * n),
            ],
            coverageCellSize: 0.2)
        tracker = EpisodeTracker(maxEpisodeSteps: maxEpisodeSteps)
        buffers = ArenaLayout.StepBuffers(agents: possibleAgents, observationSize: size, maxForce: scene.configuration.maxAgentForce)
        agentPositions = scene.agentPositions()
        agentVelocities = [SIMD2<Float>](repeating: .zero, count: n)
    }

    public func reset(seed: UInt64?) throws -> MultiAgentReset {
        if let seed { generator = Xoshiro256(seed: seed) }
        let starts = ArenaLayout.startPositions(count: agentCount, minimum: [-0.85, -0.85], maximum: [0.85, 0.85], separation: 0.15, using: &generator)
        try scene.world.restore(initialWorld)
        for (agent, start) in zip(scene.agents, starts) {
            try scene.world.setTransform(of: agent, position: start, angle: 0)
        }
        readAgents()
        tracker.beginEpisode()
        agents = possibleAgents
        let observations = buffers.resetObservations { i, o in writeObservation(of: i, into: o) }
        return MultiAgentReset(observations: observations)
    }

    public func step(_ actions: [String: [Float]]) throws -> MultiAgentStep {
        try tracker.checkCanStep(environment: ParticleSpread.id)
        try buffers.applyActions(actions, to: scene) { try validateActions($0) }
        scene.step()
        readAgents()
        let reward = coverageReward ? coverage() : 0
        let isTruncated = tracker.endStep(isTerminated: false)

        let result = buffers.result(reward: reward, isTruncated: isTruncated) { i, o in writeObservation(of: i, into: o) }
        if isTruncated { agents = [] }
        return result
    }

    /// One control step (2 Box2D steps) driven by the forces of a recent step, replayed in
    /// order (see ``ArenaLayout/StepBuffers/stepSimulationOnly(_:)``).
    public func stepSimulationOnly() { buffers.stepSimulationOnly(scene) }

    public func state() throws -> [Float] {
        var state: [Float] = []
        state.reserveCapacity(6 * agentCount)
        for p in agentPositions { state += [p.x, p.y] }
        for v in agentVelocities { state += [v.x, v.y] }
        for l in landmarks { state += [l.x, l.y] }
        return state
    }

    /// `"agent0"`, ... and `"landmark0"`, ....
    public var positions: [String: SIMD2<Float>] {
        var result: [String: SIMD2<Float>] = [:]
        for (i, agent) in possibleAgents.enumerated() { result[agent] = agentPositions[i] }
        for (k, landmark) in landmarks.enumerated() { result["landmark\(k)"] = landmark }
        return result
    }

    /// The arena: landmarks as crosshair rings, agents as numbered-colour discs (400x400).
    public func render() throws -> Frame { try renderFrame(of: scene) }

    public func snapshot() throws -> EnvironmentSnapshot {
        EnvironmentSnapshot(environmentID: spec.id, payload: ArenaLayout.EpisodeState(world: scene.world.snapshot(), agents: agents, tracker: tracker, generator: generator))
    }

    public func restore(_ snapshot: EnvironmentSnapshot) throws {
        let state = try snapshot.payload(as: ArenaLayout.EpisodeState.self, for: spec.id)
        try scene.world.restore(state.world)
        agents = state.agents
        tracker = state.tracker
        generator = state.generator
        readAgents()
    }

    // MARK: Helpers

    /// One batch read of every body, then the agents' positions and (clipped) velocities.
    private func readAgents() {
        ArenaLayout.readAgents(of: scene, states: &states, positions: &agentPositions, velocities: &agentVelocities)
    }

    /// Writes agent `i`'s observation (`4N + 2` floats) into `o`.
    private func writeObservation(of i: Int, into o: UnsafeMutableBufferPointer<Float>) {
        let positions = agentPositions  // one read of each property, not one per element
        let p = positions[i], v = agentVelocities[i]
        o[0] = p.x; o[1] = p.y; o[2] = v.x; o[3] = v.y
        var k = 4
        for j in 0..<agentCount where j != i {
            let d = positions[j] - p
            o[k] = d.x; o[k + 1] = d.y
            k += 2
        }
        for l in landmarks {
            let d = l - p
            o[k] = d.x; o[k + 1] = d.y
            k += 2
        }
    }

    private func coverage() -> Float {
        var total: Float = 0
        for l in landmarks {
            var nearest = Float.infinity
            for p in agentPositions { nearest = Swift.min(nearest, ArenaLayout.distance(p, l)) }
            total += nearest
        }
        return -total
    }
}
