import EmpowerCore

/// A clean test environment: a walker on a line.
///
/// x starts in U(-0.5, 0.5); the action (clipped to [-1, 1]) is added to x; the reward is the
/// clipped action; the episode terminates when x >= `goal`. Observation `[x]` in [-100, 100].
struct LineWalk: Environment, Sendable {
    static let id = "LineWalk-v0"
    let goal: Float
    let spec: EnvironmentSpec
    let observationSpace: Space
    let actionSpace: Space
    private(set) var x: Float = 0
    private var tracker: EpisodeTracker
    private var generator = Xoshiro256(seed: 0)

    init(goal: Float = 3, maxEpisodeSteps: Int? = 50) throws {
        self.goal = goal
        spec = EnvironmentSpec(id: LineWalk.id, maxEpisodeSteps: maxEpisodeSteps, summary: "walk right")
        observationSpace = .box(try Box(low: -100, high: 100, shape: [1]))
        actionSpace = .box(try Box(low: -1, high: 1, shape: [1]))
        tracker = EpisodeTracker(maxEpisodeSteps: maxEpisodeSteps)
    }

    mutating func reset(seed: UInt64?) throws(EnvironmentError) -> Reset {
        if let seed { generator = Xoshiro256(seed: seed) }
        x = generator.nextFloat(in: -0.5, 0.5)
        tracker.beginEpisode()
        return Reset(observation: [x])
    }

    mutating func step(_ action: [Float]) throws(EnvironmentError) -> Step {
        try tracker.beginStep(action, count: 1, environment: spec.id)
        let a = Swift.min(Swift.max(action[0], -1), 1)
        x += a
        let terminated = x >= goal
        let truncated = tracker.endStep(isTerminated: terminated)
        return Step(observation: [x], reward: a, isTerminated: terminated, isTruncated: truncated)
    }

    var positions: [String: SIMD2<Float>] { ["agent": SIMD2(x, 0)] }

    func snapshot() throws -> EnvironmentSnapshot {
        EnvironmentSnapshot(environmentID: spec.id, payload: LineWalkState(x: x, tracker: tracker, generator: generator))
    }

    mutating func restore(_ snapshot: EnvironmentSnapshot) throws {
        let state = try snapshot.payload(as: LineWalkState.self, for: spec.id)
        x = state.x
        tracker = state.tracker
        generator = state.generator
    }
}

struct LineWalkState: Sendable {
    var x: Float
    var tracker: EpisodeTracker
    var generator: Xoshiro256
}
