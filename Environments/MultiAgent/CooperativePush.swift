#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import EmpowerCore
import EmpowerPhysics
import EmpowerPhysicsRendering
import EmpowerRender

/// CooperativePush-v0: a heavy box that moves only when two agents push it together
/// (PettingZoo parallel semantics), simulated with Box2D.
///
/// ## Description
/// Disc agents (radius 0.05) and a box (side 0.24, 1.15 kg) in the walled arena [-1, 1]²
/// (``ArenaScene`` with its heavy box). The box is held to the floor by a friction joint of
/// 1.5 N while one agent pushes with at most 1 N: one agent alone cannot move it, two agents
/// pushing the same way can. Skills that move the box therefore need coordination, which is
/// what multi-agent skill discovery (MASD) is meant to find.
///
/// ## Agents
/// `"agent0"` ... `"agent{N-1}"`, N = `agents` (default 2, 2...4). All agents live for the whole
/// episode.
///
/// ## Action space (per agent)
/// `Box(-1.0, 1.0, shape: [2])`: the force `1 N · clip(a, -1, 1)`, scaled down to 1 N when
/// longer.
///
/// ## Observation space (per agent i), 2N + 6 floats
/// `[x_i, y_i, vx_i, vy_i, (p_j - p_i) for every other agent j in order, bx - x_i, by - y_i,
/// vbx, vby]`: own position and velocity, the others relative to it, the box centre relative
/// to it and the box velocity. Positions in [-1, 1], relative positions in [-2, 2],
/// velocities clipped to [-10, 10] m/s.
///
/// ## State, 4N + 6 floats
/// `[x_0, y_0, ..., vx_0, vy_0, ..., bx, by, cos θ_b, sin θ_b, vbx, vby]`.
///
/// ## Feature groups
/// Per-agent observation: `"xy"` [0, 1], `"velocity"` [2, 3], `"relative_agents"`,
/// `"relative_box"`, `"box_velocity"`. Global state: `"agents_xy"` [0 ..< 2N],
/// `"agents_velocity"` [2N ..< 4N], `"box"` [4N, 4N + 1] (the box position, for object-centric
/// skill discovery), `"box_angle"` [4N + 2, 4N + 3].
///
/// ## Reward
/// 0 by default. With `goal` (2 values), every agent gets the shared reward `-|b - goal|`, the
/// box's distance to the goal after the step (the goal is drawn as a landmark).
///
/// ## Dynamics
/// One step is 2 Box2D steps of 1/60 s; agents as in ParticleSpread-v0 (damping 4 /s).
///
/// ## Starting state
/// The box at rest at (0, 0.3); agents uniform in [-0.85, 0.85] × [-0.85, -0.1], at least
/// 0.15 apart, at rest.
///
/// ## Episode end
/// Never terminates; every agent is truncated after 200 steps (argument `maxEpisodeSteps`).
///
/// ## Positions
/// `"agent0"`, ..., `"box"`.
///
/// ## Snapshots
/// As ParticleSpread-v0: the world is rebuilt by ``snapshot()``; restore-then-step N equals
/// snapshot-then-step N bit for bit.
///
/// ## Arguments
/// - `agents` (Int, default 2, 2...4).
/// - `goal` ([Float] of 2 values in [-0.85, 0.85], default none): enables the goal reward.
/// - `maxEpisodeSteps` (Int, default 200): the truncation step.
///
/// ## Version history
/// - v0: initial version.
public final class CooperativePush: SimulatedMultiAgentEnvironment {
    public static let id = "CooperativePush-v0"
    public static let defaultAgents = 2
    public static let agentRange = 2...4
    public static let defaultMaxEpisodeSteps = 200
    static let summary = "A heavy Box2D box that moves only when two agents push it together; reward 0 unless a goal is given."

    public let spec: EnvironmentSpec
    public let possibleAgents: [String]
    public private(set) var agents: [String] = []
    public let observationSpaces: [String: Space]
    public let actionSpaces: [String: Space]
    public let stateSpace: Space
    /// The goal of the optional reward.
    public let goal: SIMD2<Float>?
    /// The Box2D scene: walls, agents and the heavy box.
    public let scene: ArenaScene

    private let box: Body
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
    private var boxState = BodyState()

    /// - Throws: ``EnvironmentError`` `.invalidArgument` for an agent count outside 2...4, a goal
    ///   not of 2 values in [-0.85, 0.85], or a non-positive episode limit.
    public init(agents: Int = CooperativePush.defaultAgents, goal: [Float]? = nil, maxEpisodeSteps: Int = CooperativePush.defaultMaxEpisodeSteps) throws {
        guard CooperativePush.agentRange.contains(agents) else {
            throw ArenaLayout.invalid(CooperativePush.id, "agents", "\(agents)", "in 2...4")
        }
        if let goal {
            guard goal.count == 2, goal.allSatisfy({ $0 >= -0.85 && $0 <= 0.85 }) else {
                throw ArenaLayout.invalid(CooperativePush.id, "goal", "\(goal)", "2 values in [-0.85, 0.85]")
            }
            self.goal = SIMD2(goal[0], goal[1])
        } else {
            self.goal = nil
        }
        guard maxEpisodeSteps > 0 else {
            throw ArenaLayout.invalid(CooperativePush.id, "maxEpisodeSteps", "\(maxEpisodeSteps)", "positive")
        }
        let n = agents
        agentCount = n
        let configuration = ArenaScene.Configuration(agentCount: n, landmarks: self.goal.map { [$0] } ?? [], heavyBox: true)
        let starts = (0..<n).map { i in SIMD2<Float>(-0.6 + 1.2 * Float(i) / Float(n - 1), -0.6) }
        scene = try ArenaScene(configuration: configuration, agentPositions: starts)
        guard let box = scene.heavyBox else {
            throw EnvironmentError(.invalidArgument, "\(CooperativePush.id): the arena scene was built without its heavy box")
        }
        self.box = box
        initialWorld = scene.world.snapshot()
        possibleAgents = ArenaLayout.agentIDs(n)

        let size = 2 * n + 6
        let speed = ArenaLayout.maxSpeed
        let low: [Float] = [-1, -1, -speed, -speed] + [Float](repeating: -2, count: 2 * (n - 1)) + [-2, -2, -speed, -speed]
        let observation = try ArenaLayout.box(low: low, high: low.map { -$0 })
        let action = Space.box(try Box(low: -1, high: 1, shape: [2]))
        observationSpaces = Dictionary(uniqueKeysWithValues: possibleAgents.map { ($0, observation) })
        actionSpaces = Dictionary(uniqueKeysWithValues: possibleAgents.map { ($0, action) })
        let stateLow = [Float](repeating: -1, count: 2 * n) + [Float](repeating: -speed, count: 2 * n) + [-1, -1, -1, -1, -speed, -speed]
        stateSpace = try ArenaLayout.box(low: stateLow, high: stateLow.map { -$0 })

        spec = EnvironmentSpec(
            id: CooperativePush.id, maxEpisodeSteps: maxEpisodeSteps, summary: CooperativePush.summary,
            featureGroups: [
                "xy": [0, 1], "velocity": [2, 3], "relative_agents": Array(4 ..< 2 * n + 2),
                "relative_box": [2 * n + 2, 2 * n + 3], "box_velocity": [size - 2, size - 1],
                "agents_xy": Array(0 ..< 2 * n), "agents_velocity": Array(2 * n ..< 4 * n),
                "box": [4 * n, 4 * n + 1], "box_angle": [4 * n + 2, 4 * n + 3],
            ],
            coverageCellSize: 0.2)
        tracker = EpisodeTracker(maxEpisodeSteps: maxEpisodeSteps)
        buffers = ArenaLayout.StepBuffers(agents: possibleAgents, observationSize: size, maxForce: scene.configuration.maxAgentForce)
        agentPositions = starts
        agentVelocities = [SIMD2<Float>](repeating: .zero, count: n)
        readBodies()
    }

    public func reset(seed: UInt64?) throws -> MultiAgentReset {
        if let seed { generator = Xoshiro256(seed: seed) }
        let starts = ArenaLayout.startPositions(count: agentCount, minimum: [-0.85, -0.85], maximum: [0.85, -0.1], separation: 0.15, using: &generator)
        try scene.world.restore(initialWorld)
        for (agent, start) in zip(scene.agents, starts) {
            try scene.world.setTransform(of: agent, position: start, angle: 0)
        }
        readBodies()
        tracker.beginEpisode()
        agents = possibleAgents
        let observations = buffers.resetObservations { i, o in writeObservation(of: i, into: o) }
        return MultiAgentReset(observations: observations)
    }

    public func step(_ actions: [String: [Float]]) throws -> MultiAgentStep {
        try tracker.checkCanStep(environment: CooperativePush.id)
        try buffers.applyActions(actions, to: scene) { try validateActions($0) }
        scene.step()
        readBodies()
        let reward = goal.map { -ArenaLayout.distance(boxState.position, $0) } ?? 0
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
        state.reserveCapacity(4 * agentCount + 6)
        for p in agentPositions { state += [p.x, p.y] }
        for v in agentVelocities { state += [v.x, v.y] }
        let b = boxPosition, vb = boxVelocity
        state += [b.x, b.y, cos(boxState.angle), sin(boxState.angle), vb.x, vb.y]
        return state
    }

    /// `"agent0"`, ..., `"box"`.
    public var positions: [String: SIMD2<Float>] {
        var result: [String: SIMD2<Float>] = ["box": boxPosition]
        for (i, agent) in possibleAgents.enumerated() { result[agent] = agentPositions[i] }
        return result
    }

    /// The arena, the box (brown), the agents and, when given, the goal (a crosshair ring).
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
        readBodies()
    }

    // MARK: Helpers

    private var boxPosition: SIMD2<Float> { ArenaLayout.clip(boxState.position, 1) }
    private var boxVelocity: SIMD2<Float> { ArenaLayout.clip(boxState.linearVelocity, ArenaLayout.maxSpeed) }

    /// One batch read of every body: agents and box.
    private func readBodies() {
        ArenaLayout.readAgents(of: scene, states: &states, positions: &agentPositions, velocities: &agentVelocities)
        boxState = states[Int(box.id)]
    }

    /// Writes agent `i`'s observation (`2N + 6` floats) into `o`.
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
        let b = boxPosition - p, vb = boxVelocity
        o[k] = b.x; o[k + 1] = b.y; o[k + 2] = vb.x; o[k + 3] = vb.y
    }
}
