#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import EmpowerCore

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
