#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import EmpowerCore
import EmpowerPhysics

/// What the two arena environments share: agent names, seeded start positions and the
/// bounds their observations are clipped to.
enum ArenaLayout {
    /// Observation bound for velocities (m/s). Driven agents reach about 3.2 m/s (force 1 N
    /// against damping 4 /s on 0.08 kg); collisions can briefly exceed that, so values are
    /// clipped to this bound.
    static let maxSpeed: Float = 10

    /// `"agent0"`, `"agent1"`, ...
    static func agentIDs(_ count: Int) -> [String] { (0..<count).map { "agent\($0)" } }

    /// `count` points drawn uniformly in `minimum...maximum`, each at least `separation` from
    /// the ones before it (rejection sampling, at most 100 draws per point; the last draw is
    /// kept if none fits). Deterministic for a given generator state.
    static func startPositions(
        count: Int, minimum: SIMD2<Float>, maximum: SIMD2<Float>, separation: Float,
        using generator: inout some RandomNumberGenerator
    ) -> [SIMD2<Float>] {
        var points: [SIMD2<Float>] = []
        points.reserveCapacity(count)
        for _ in 0..<count {
            var candidate = SIMD2<Float>.zero
            for _ in 0..<100 {
                candidate = SIMD2(generator.nextFloat(in: minimum.x, maximum.x), generator.nextFloat(in: minimum.y, maximum.y))
                if points.allSatisfy({ distance($0, candidate) >= separation }) { break }
            }
            points.append(candidate)
        }
        return points
    }

    /// `count` points evenly spaced on a circle of `radius` around the origin, the first at
    /// angle pi/2 + pi/count (so no landmark sits straight above the centre).
    static func ring(count: Int, radius: Float) -> [SIMD2<Float>] {
        (0..<count).map { i in
            let angle = Float.pi / 2 + Float.pi / Float(count) + 2 * Float.pi * Float(i) / Float(count)
            return SIMD2(radius * cos(angle), radius * sin(angle))
        }
    }

    @inline(__always)
    static func distance(_ a: SIMD2<Float>, _ b: SIMD2<Float>) -> Float {
        let d = a - b
        return (d.x * d.x + d.y * d.y).squareRoot()
    }

    @inline(__always)
    static func clip(_ v: SIMD2<Float>, _ limit: Float) -> SIMD2<Float> {
        v.clamped(lowerBound: SIMD2(repeating: -limit), upperBound: SIMD2(repeating: limit))
    }

    /// Reads one finite 2-float action per agent of `order.agents` (all live: the arenas never
    /// retire an agent mid-episode) into `forces` as `scale · clip(a, -1, 1)`, with no
    /// allocation and no hashing (see ``AgentKeyOrder``). Returns false, leaving `forces` partly
    /// written, when an action is missing, extra, of the wrong length or not finite: the caller
    /// then calls the protocol's `validateActions`, which builds the descriptive error.
    @inline(__always)
    static func readForces(_ actions: [String: [Float]], order: inout AgentKeyOrder, scale: Float, into forces: inout [SIMD2<Float>]) -> Bool {
        // Distinct keys, as many as agents, each an agent id: every agent has exactly one action.
        guard actions.count == order.agents.count else { return false }
        var position = 0
        var index = actions.startIndex
        while index != actions.endIndex {
            let (key, a) = actions[index]
            guard let agent = order.agent(at: position, key: key), a.count == 2, a[0].isFinite, a[1].isFinite else { return false }
            forces[agent] = scale * clip(SIMD2(a[0], a[1]), 1)
            actions.formIndex(after: &index)
            position += 1
        }
        return true
    }

    /// Overwrites every agent's observation in `observations` (built by
    /// ``makeObservations(agents:size:_:)``: one array of `size` floats per agent id of
    /// `order.agents`) with `write(agent, buffer)`, in place: no hashing, and no allocation when
    /// the caller has let go of the previous step's dictionary (otherwise copy-on-write copies
    /// it, as any mutation would).
    @inline(__always)
    static func overwriteObservations(
        _ observations: inout [String: [Float]], order: inout AgentKeyOrder, size: Int,
        _ write: (Int, UnsafeMutableBufferPointer<Float>) -> Void
    ) {
        var position = 0
        var index = observations.startIndex
        while index != observations.endIndex {
            if let agent = order.agent(at: position, key: observations.keys[index]) {
                observations.values[index].withUnsafeMutableBufferPointer { buffer in
                    if buffer.count == size { write(agent, buffer) }
                }
            }
            observations.formIndex(after: &index)
            position += 1
        }
    }

    /// A fresh `[agent: observation]` dictionary, each observation `size` floats written by
    /// `write(agent, buffer)` (for resets, and to start the buffer ``overwriteObservations``
    /// reuses).
    static func makeObservations(
        agents: [String], size: Int, _ write: (Int, UnsafeMutableBufferPointer<Float>) -> Void
    ) -> [String: [Float]] {
        var observations: [String: [Float]] = [:]
        observations.reserveCapacity(agents.count)
        for i in agents.indices {
            var o = [Float](repeating: 0, count: size)
            o.withUnsafeMutableBufferPointer { write(i, $0) }
            observations[agents[i]] = o
        }
        return observations
    }

    /// Sets every value of `dictionary` to `value` in place (no hashing; no allocation when
    /// the dictionary is not shared).
    @inline(__always)
    static func fill<Value>(_ dictionary: inout [String: Value], with value: Value) {
        var index = dictionary.startIndex
        while index != dictionary.endIndex {
            dictionary.values[index] = value
            dictionary.formIndex(after: &index)
        }
    }

    /// `[agent: value]` for every agent, built once and handed out (copy-on-write) by every step.
    static func constant<Value>(_ value: Value, for agents: [String]) -> [String: Value] {
        Dictionary(uniqueKeysWithValues: agents.map { ($0, value) })
    }

    /// The `.invalidArgument` error for an argument out of its range.
    static func invalid(_ environment: String, _ argument: String, _ value: String, _ allowed: String) -> EnvironmentError {
        EnvironmentError(
            .invalidArgument, "\(environment): \(argument) must be \(allowed), got \(value)",
            context: ["environment": environment, "argument": argument, "value": value])
    }

    /// A box space from per-entry bounds (bounds built by the environments, always valid).
    static func box(low: [Float], high: [Float]) throws -> Space { .box(try Box(low: low, high: high)) }
}

extension ArenaLayout {
    /// One batch read of every body of `scene` into `states`, then each agent's position
    /// (clipped to the arena) and velocity (clipped to ``maxSpeed``) into `positions` and
    /// `velocities`, which hold one entry per agent.
    @inline(__always)
    static func readAgents(
        of scene: ArenaScene, states: inout [BodyState], positions: inout [SIMD2<Float>], velocities: inout [SIMD2<Float>]
    ) {
        scene.world.readStates(into: &states)
        // Whole-array writes through buffer pointers: one exclusivity check per array, not per agent.
        let states = states, bodies = scene.agents
        positions.withUnsafeMutableBufferPointer { positions in
            velocities.withUnsafeMutableBufferPointer { velocities in
                for i in bodies.indices {
                    let s = states[Int(bodies[i].id)]
                    positions[i] = clip(s.position, 1)
                    velocities[i] = clip(s.linearVelocity, maxSpeed)
                }
            }
        }
    }

    /// What a step of either arena does around its own physics and observations: read and apply
    /// the agents' forces (remembering them for `stepSimulationOnly()`), and hand out the
    /// observation, reward and flag dictionaries, built once and overwritten in place.
    struct StepBuffers: Sendable {
        /// The agent ids, agent `i` at index `i`.
        let agents: [String]
        /// Floats in one agent's observation.
        let observationSize: Int
        private let maxForce: Float
        /// The forces of the step being taken, agent `i` at index `i`.
        private var forces: [SIMD2<Float>]
        /// The observations handed out by every step, overwritten in place (see
        /// ``ArenaLayout/overwriteObservations(_:order:size:_:)``).
        private var observations: [String: [Float]] = [:]
        private var observationOrder: AgentKeyOrder
        private var actionOrder: AgentKeyOrder
        /// The shared reward handed out when it is not 0, overwritten in place.
        private var rewardBuffer: [String: Float]
        private let zeroRewards: [String: Float]
        private let allFalse: [String: Bool]
        private let allTrue: [String: Bool]
        /// Forces of recent steps, for ``stepSimulationOnly(_:)``.
        private var forceReplay: ForceReplay
        private var replayForces: [SIMD2<Float>]

        /// Buffers for `agents` whose observations are `observationSize` floats and whose
        /// actions scale to forces of at most `maxForce`.
        init(agents: [String], observationSize: Int, maxForce: Float) {
            self.agents = agents
            self.observationSize = observationSize
            self.maxForce = maxForce
            forces = [SIMD2<Float>](repeating: .zero, count: agents.count)
            observationOrder = AgentKeyOrder(agents: agents)
            actionOrder = AgentKeyOrder(agents: agents)
            zeroRewards = ArenaLayout.constant(0, for: agents)
            rewardBuffer = zeroRewards
            allFalse = ArenaLayout.constant(false, for: agents)
            allTrue = ArenaLayout.constant(true, for: agents)
            forceReplay = ForceReplay(agents: agents.count)
            replayForces = [SIMD2<Float>](repeating: .zero, count: agents.count)
        }

        /// Fresh observations for a reset, each written by `write(agent, buffer)`; later steps
        /// overwrite them in place.
        mutating func resetObservations(_ write: (Int, UnsafeMutableBufferPointer<Float>) -> Void) -> [String: [Float]] {
            observations = ArenaLayout.makeObservations(agents: agents, size: observationSize, write)
            return observations
        }

        /// Reads the actions into forces in one pass and applies them to `scene`, remembering
        /// them for ``stepSimulationOnly(_:)``. Anything wrong with the actions gets the error
        /// `validate` throws (the protocol's descriptive `validateActions`).
        @inline(__always)
        mutating func applyActions(
            _ actions: [String: [Float]], to scene: ArenaScene, validate: ([String: [Float]]) throws -> Void
        ) throws {
            if !ArenaLayout.readForces(actions, order: &actionOrder, scale: maxForce, into: &forces) { try validate(actions) }
            try scene.applyAgentForces(forces)
            forceReplay.record(forces)
        }

        /// The step's result: every observation overwritten by `write(agent, buffer)`, the shared
        /// `reward` for every agent, no termination and every agent truncated when `isTruncated`.
        @inline(__always)
        mutating func result(
            reward: Float, isTruncated: Bool, _ write: (Int, UnsafeMutableBufferPointer<Float>) -> Void
        ) -> MultiAgentStep {
            // The flag and zero-reward dictionaries are built once; the observations (and a
            // non-zero reward) are overwritten in place in reused dictionaries, without hashing.
            ArenaLayout.overwriteObservations(&observations, order: &observationOrder, size: observationSize, write)
            let rewards: [String: Float]
            if reward == 0 {
                rewards = zeroRewards
            } else {
                ArenaLayout.fill(&rewardBuffer, with: reward)
                rewards = rewardBuffer
            }
            return MultiAgentStep(
                observations: observations, rewards: rewards, terminations: allFalse,
                truncations: isTruncated ? allTrue : allFalse)
        }

        /// One control step of `scene` driven by the forces of a recent step, replayed in order
        /// (see ``ForceReplay``: without them the agents would coast to rest, which Box2D
        /// simulates faster than the driven world a step simulates, and the benchmark would
        /// charge that difference to the environment). Before any step, no force is applied.
        mutating func stepSimulationOnly(_ scene: ArenaScene) {
            if forceReplay.next(into: &replayForces) {
                // Recorded forces were applied once already, so they are finite and of the right count.
                try? scene.applyAgentForces(replayForces)
            }
            scene.step()
        }
    }
}

extension ArenaLayout {
    /// What an arena's ``EnvironmentSnapshot`` holds: the Box2D world, the live agents, the
    /// episode counters and the generator (everything else is rebuilt from the world).
    struct EpisodeState: Sendable {
        var world: WorldSnapshot
        var agents: [String]
        var tracker: EpisodeTracker
        var generator: Xoshiro256
    }
}
