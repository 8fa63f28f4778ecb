import EmpowerCore
import EmpowerRender

/// PointMass-v0: a point moving in the square [-1, 1]², the classic picture of DIAYN skills
/// partitioning the plane.
///
/// ## Description
/// The agent is a point with no inertia: each action moves it directly. The environment is
/// kept exactly as specified so results compare across frameworks.
///
/// ## Action space
/// `Box(-1.0, 1.0, shape: [2])`: a displacement direction. Values outside are clipped to [-1, 1].
///
/// ## Observation space
/// `Box(-1.0, 1.0, shape: [2])`: the position p.
///
/// ## Dynamics
///     p ← clip(p + 0.05 · clip(a, -1, 1), -1, 1)      (in Float, element by element)
///
/// ## Reward
/// 0 by default (skill discovery supplies its own). With the `goal` argument, the negative
/// Euclidean distance to the goal after the step, `-|p - goal|`, for downstream tasks.
///
/// ## Starting state
/// p ~ U(-0.05, 0.05)².
///
/// ## Episode end
/// Never terminates; truncated after 100 steps (argument `maxEpisodeSteps`).
///
/// ## Positions
/// `"agent"`: p.
///
/// ## Rendering
/// ``render()`` draws the square arena seen from above, the point (orange) and, when given,
/// the goal (a green ring), 400x400 pixels.
///
/// ## Arguments
/// - `goal` ([Float] of 2 values in [-1, 1], default none): enables the goal-distance reward.
/// - `maxEpisodeSteps` (Int, default 100): the truncation step.
/// - `startRange` (Float in [0, 1], default 0.05): the start is drawn uniformly from
///   [-startRange, startRange]^2; 0 starts every episode at the origin, a large range makes
///   where an episode starts differ a lot (what start-invariant skill features are tested on).
///
/// ## Version history
/// - v0: initial version.
public struct PointMass: Environment, Sendable {
    public static let id = "PointMass-v0"
    public static let defaultMaxEpisodeSteps = 100
    /// How far one unit action moves the point.
    public static let stepSize: Float = 0.05
    /// Half the side of the square the start is drawn from, by default.
    public static let defaultStartRange: Float = 0.05
    static let summary = "A point in [-1, 1]^2 moved by 0.05 times the action; reward 0 unless a goal is given."

    /// The goal of the optional distance reward.
    public let goal: SIMD2<Float>?
    /// Half the side of the square the start is drawn from.
    public let startRange: Float
    public let spec: EnvironmentSpec
    public let observationSpace: Space
    public let actionSpace: Space

    /// The current position.
    public private(set) var position = SIMD2<Float>(0, 0)
    private var tracker: EpisodeTracker
    private var generator = Xoshiro256(seed: 0)

    /// - Throws: ``EnvironmentError`` `.invalidArgument` for a goal outside [-1, 1]² or not of
    ///   two values, a non-positive episode limit, or a start range outside [0, 1].
    public init(goal: [Float]? = nil, maxEpisodeSteps: Int = PointMass.defaultMaxEpisodeSteps, startRange: Float = PointMass.defaultStartRange) throws {
        self.goal = try PointTask.goal(goal, environment: PointMass.id)
        guard startRange >= 0, startRange <= 1 else {
            throw EnvironmentError(
                .invalidArgument, "\(PointMass.id): startRange must be in [0, 1], got \(startRange)",
                context: ["environment": PointMass.id, "argument": "startRange", "value": "\(startRange)"])
        }
        self.startRange = startRange
        try PointTask.checkMaxEpisodeSteps(maxEpisodeSteps, environment: PointMass.id)
        self.spec = PointTask.spec(id: PointMass.id, summary: PointMass.summary, maxEpisodeSteps: maxEpisodeSteps)
        self.observationSpace = try PointTask.square()
        self.actionSpace = try PointTask.square()
        self.tracker = EpisodeTracker(maxEpisodeSteps: maxEpisodeSteps)
    }

    public mutating func reset(seed: UInt64?) throws(EnvironmentError) -> Reset {
        if let seed { generator = Xoshiro256(seed: seed) }
        let x = generator.nextFloat(in: -startRange, startRange)
        let y = generator.nextFloat(in: -startRange, startRange)
        position = SIMD2(x, y)
        tracker.beginEpisode()
        return Reset(observation: [position.x, position.y])
    }

    public mutating func step(_ action: [Float]) throws(EnvironmentError) -> Step {
        try tracker.beginStep(action, count: 2, environment: PointMass.id)
        position.x = PointMass.clip(position.x + PointMass.stepSize * PointMass.clip(action[0]))
        position.y = PointMass.clip(position.y + PointMass.stepSize * PointMass.clip(action[1]))
        let reward = PointTask.reward(at: position, goal: goal)
        let isTruncated = tracker.endStep(isTerminated: false)
        return Step(observation: [position.x, position.y], reward: reward, isTruncated: isTruncated)
    }

    @inline(__always)
    private static func clip(_ x: Float) -> Float { Swift.min(Swift.max(x, -1), 1) }

    /// `"agent"`: the point.
    public var positions: [String: SIMD2<Float>] { ["agent": position] }

    /// The arena, the point and, when given, the goal: 400x400 pixels, drawn with the same
    /// colours as PointMaze-v0.
    public mutating func render() throws -> Frame {
        let canvas = try Canvas(width: 400, height: 400, background: Color(hex: 0x505A64))
        try canvas.setView(minimum: [-1.08, -1.08], maximum: [1.08, 1.08])
        canvas.fillRectangle(center: .zero, halfSize: [1, 1], color: Color(hex: 0xF4F1EA))
        if let goal {
            canvas.strokeCircle(center: goal, radius: 0.05, color: Color(hex: 0x2CA02C), lineWidth: 3)
        }
        canvas.fillCircle(center: position, radius: 0.03, color: Color.categorical(3))
        canvas.strokeCircle(center: position, radius: 0.03, color: Color(hex: 0x202020), lineWidth: 1.5)
        return canvas.frame()
    }

    private struct State: Sendable {
        var position: SIMD2<Float>
        var tracker: EpisodeTracker
        var generator: Xoshiro256
    }

    /// The position, episode counters and generator.
    public func snapshot() throws -> EnvironmentSnapshot {
        EnvironmentSnapshot(environmentID: spec.id, payload: State(position: position, tracker: tracker, generator: generator))
    }

    public mutating func restore(_ snapshot: EnvironmentSnapshot) throws {
        let state = try snapshot.payload(as: State.self, for: spec.id)
        position = state.position
        tracker = state.tracker
        generator = state.generator
    }
}
