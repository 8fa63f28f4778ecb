/// The agent forces of the last few steps, replayed in order by the arenas'
/// `stepSimulationOnly()`, so that a raw physics step simulates a world driven the way `step`
/// drives it.
///
/// `empower bench envs` compares `step` with `stepSimulationOnly()` to measure what an
/// environment adds around the simulator. A Box2D force lasts one step, so without new forces
/// the agents coast to rest, and a resting world steps about 25% faster than a driven one
/// (measured on ParticleSpread-v0: about 2.6 µs against 3.5 µs per control step): the
/// comparison would charge that physics difference to the environment. Holding the last force
/// instead presses the agents into the walls and makes stepping twice as expensive. Replaying
/// the recorded forces gives the raw step the same kind of work as `step`.
///
/// Recording costs `agents` vector copies per step; nothing is allocated after `init`.
struct ForceReplay: Sendable {
    /// Steps remembered.
    static let capacity = 64

    private let agents: Int
    /// `capacity` rows of `agents` forces; row `s % capacity` holds step `s`'s forces.
    private var history: [SIMD2<Float>]
    private var recorded = 0
    private var cursor = 0

    init(agents: Int) {
        self.agents = agents
        history = [SIMD2<Float>](repeating: .zero, count: ForceReplay.capacity * agents)
    }

    /// Remembers the forces a step applied.
    @inline(__always)
    mutating func record(_ forces: [SIMD2<Float>]) {
        let row = (recorded % ForceReplay.capacity) * agents
        history.withUnsafeMutableBufferPointer { history in
            for i in 0..<Swift.min(agents, forces.count) { history[row + i] = forces[i] }
        }
        recorded += 1
    }

    /// Writes the next remembered row of forces into `forces` (the oldest first, cycling);
    /// false, leaving `forces` untouched, when no step has been recorded yet.
    mutating func next(into forces: inout [SIMD2<Float>]) -> Bool {
        let available = Swift.min(recorded, ForceReplay.capacity)
        guard available > 0, forces.count == agents else { return false }
        let row = (cursor % available) * agents
        for i in 0..<agents { forces[i] = history[row + i] }
        cursor += 1
        return true
    }
}
