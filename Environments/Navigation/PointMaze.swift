import EmpowerCore
import EmpowerPhysics
import EmpowerPhysicsRendering
import EmpowerRender

/// PointMaze-v0: the PointMass point among walls, simulated with Box2D.
///
/// ## Description
/// The point of `PointMass-v0` (a disc of radius 0.03) moves in the square [-1, 1]² closed by
/// walls, with a U-shaped wall around the start that opens toward +y (``MazeScene``'s default
/// maze). Skills that go "down" have to leave the U through the top first, so the picture of
/// skills partitioning the plane is bent by the walls. The walls are static Box2D bodies; the
/// point has no floor friction and stops (or slides along) where it hits a wall.
///
/// ## Action space
/// `Box(-1.0, 1.0, shape: [2])`, as in PointMass-v0: values outside are clipped to [-1, 1].
/// The point is given the velocity `0.05 · a / Δt` for one control step of Δt = 1/60 s, so
/// without walls in the way it moves by exactly the PointMass displacement `0.05 · a`.
///
/// ## Observation space
/// `Box(-1.0, 1.0, shape: [2])`: the position p (the disc's centre).
///
/// ## Dynamics
/// One control step is one Box2D step of 1/60 s (8 velocity, 3 position iterations). Contacts
/// with walls stop the normal component of the motion; there is no bounce (restitution 0) and
/// no friction, so the point slides along a wall it is pushed into.
///
/// ## Reward
/// 0 by default (skill discovery supplies its own). With the `goal` argument, `-|p - goal|`
/// after the step (straight-line distance: it ignores the walls, as a shaped reward would).
///
/// ## Starting state
/// p = (0, -0.3) + U(-0.05, 0.05)², inside the U, at rest.
///
/// ## Episode end
/// Never terminates; truncated after 100 steps (argument `maxEpisodeSteps`).
///
/// ## Positions
/// `"agent"`: p.
///
/// ## Snapshots
/// ``snapshot()`` captures the Box2D world (``World/snapshot()``: the world is rebuilt, so the
/// solver caches start cold), the episode counters and the generator. Restoring and then
/// stepping N times gives bit-identical results to stepping N times right after the snapshot.
///
/// ## Arguments
/// - `goal` ([Float] of 2 values in [-1, 1], default none): enables the goal-distance reward.
/// - `maxEpisodeSteps` (Int, default 100): the truncation step.
///
/// ## Version history
/// - v0: initial version.
public final class PointMaze: SimulatedEnvironment {
    public static let id = "PointMaze-v0"
    public static let defaultMaxEpisodeSteps = 100
    /// How far one unit action moves the point in one step when no wall is in the way.
    public static let stepSize: Float = 0.05
    /// Half the side of the square around the maze's start the start is drawn from.
    public static let startRange: Float = 0.05
    static let summary = "The PointMass point among Box2D walls: a U around the start, open toward +y; reward 0 unless a goal is given."

    /// The goal of the optional distance reward.
    public let goal: SIMD2<Float>?
    public let spec: EnvironmentSpec
    public let observationSpace: Space
    public let actionSpace: Space
    /// The Box2D scene: walls and the point.
    public let scene: MazeScene

    /// The world as built, restored at every reset so every episode starts with cold solver caches.
    private let initialWorld: WorldSnapshot
    /// Metres per second per unit of action: `stepSize` over the control step's duration.
    private let velocityScale: Float
    private var tracker: EpisodeTracker
    private var generator = Xoshiro256(seed: 0)
    private var position = SIMD2<Float>(0, 0)

    /// - Throws: ``EnvironmentError`` `.invalidArgument` for a goal outside [-1, 1]² or not of
    ///   two values, or a non-positive episode limit.
    public init(goal: [Float]? = nil, maxEpisodeSteps: Int = PointMaze.defaultMaxEpisodeSteps) throws {
        self.goal = try PointTask.goal(goal, environment: PointMaze.id)
        try PointTask.checkMaxEpisodeSteps(maxEpisodeSteps, environment: PointMaze.id)
        spec = PointTask.spec(id: PointMaze.id, summary: PointMaze.summary, maxEpisodeSteps: maxEpisodeSteps)
        observationSpace = try PointTask.square()
        actionSpace = try PointTask.square()
        tracker = EpisodeTracker(maxEpisodeSteps: maxEpisodeSteps)
        scene = try MazeScene()
        initialWorld = scene.world.snapshot()
        velocityScale = PointMaze.stepSize / scene.stepSettings.duration
        position = scene.pointPosition
    }

    public func reset(seed: UInt64?) throws -> Reset {
        if let seed { generator = Xoshiro256(seed: seed) }
        let x = generator.nextFloat(in: -PointMaze.startRange, PointMaze.startRange)
        let y = generator.nextFloat(in: -PointMaze.startRange, PointMaze.startRange)
        try scene.world.restore(initialWorld)
        try scene.world.setTransform(of: scene.point, position: scene.configuration.start + SIMD2(x, y), angle: 0)
        position = PointMaze.clip(scene.pointPosition)
        tracker.beginEpisode()
        return Reset(observation: [position.x, position.y])
    }

    public func step(_ action: [Float]) throws -> Step {
        try tracker.beginStep(action, count: 2, environment: PointMaze.id)
        let direction = PointMaze.clip(SIMD2(action[0], action[1]))
        try scene.setPointVelocity(direction * velocityScale)
        scene.step()
        position = PointMaze.clip(scene.pointPosition)
        let reward = PointTask.reward(at: position, goal: goal)
        let isTruncated = tracker.endStep(isTerminated: false)
        return Step(observation: [position.x, position.y], reward: reward, isTruncated: isTruncated)
    }

    /// One Box2D control step with the point's velocity as the last action left it.
    public func stepSimulationOnly() { scene.step() }

    @inline(__always)
    private static func clip(_ p: SIMD2<Float>) -> SIMD2<Float> { p.clamped(lowerBound: [-1, -1], upperBound: [1, 1]) }

    /// `"agent"`: the point.
    public var positions: [String: SIMD2<Float>] { ["agent": position] }

    /// The maze, the point and, when given, the goal (a green ring).
    public func render() throws -> Frame {
        let canvas = try Canvas(width: 400, height: 400)
        canvas.draw(scene)
        if let goal {
            canvas.strokeCircle(center: goal, radius: 0.05, color: Color(hex: 0x2CA02C), lineWidth: 3)
        }
        return canvas.frame()
    }

    private struct State: Sendable {
        var world: WorldSnapshot
        var position: SIMD2<Float>
        var tracker: EpisodeTracker
        var generator: Xoshiro256
    }

    /// The Box2D world (rebuilt, see the type's documentation), episode counters and generator.
    public func snapshot() throws -> EnvironmentSnapshot {
        EnvironmentSnapshot(
            environmentID: spec.id,
            payload: State(world: scene.world.snapshot(), position: position, tracker: tracker, generator: generator))
    }

    public func restore(_ snapshot: EnvironmentSnapshot) throws {
        let state = try snapshot.payload(as: State.self, for: spec.id)
        try scene.world.restore(state.world)
        position = state.position
        tracker = state.tracker
        generator = state.generator
    }
}
