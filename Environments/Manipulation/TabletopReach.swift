import EmpowerCore
import EmpowerPhysics

/// TabletopReach-v0: a planar 3-link arm moving its end effector over a table, seen from
/// above, with one box on the table as an obstacle.
///
/// ## Description
/// The same scene, dynamics, actions and safety checks as `TabletopPush-v0` (see there for
/// the geometry), with exactly one box. The box is not the task: it is something the arm can
/// bump and knock off the table, which makes the safety events meaningful for reaching. The
/// optional goal is a marker (it has no body and is drawn as a green ring); skills that reach
/// for it are rewarded when the `goal` argument is given.
///
/// ## Action space
/// Argument `actionMode`:
/// - `"joint_velocity"` (default): `Box(-1.0, 1.0, shape: [3])`, joint motor speeds in units
///   of 2 rad/s.
/// - `"end_effector"`: `Box(-1.0, 1.0, shape: [2])`, an end-effector xy displacement in units
///   of 2 cm per step, through damped-least-squares IK (joint speeds capped at 2 rad/s).
///
/// ## Observation space
/// 19 floats: `[sin q (3), cos q (3), qdot (3), end effector x, y, angle, box x, y, sin θ,
/// cos θ, vx, vy, ω]` (metres, radians; sines and cosines in [-1, 1], the rest unbounded).
/// Feature groups: `"xy"` and `"end_effector"` (9, 10), `"object"` and `"objects"` (12, 13),
/// `"joints"` (0..<9).
///
/// ## Reward
/// 0 by default. With the `goal` argument, `-|end effector - goal|` (metres) after the step.
///
/// ## Safety events (`info.safetyEvents`, every step)
/// `objectOffTable` (also terminates), `jointAtLimit`, `excessiveImpulse` (a contact impulse
/// above `impulseThreshold`), `endEffectorOutOfWorkspace` (end effector not over the table).
///
/// ## Starting state
/// Joint angles `(-0.5, 1.0, 1.0) + U(-0.1, 0.1)³` at rest; the box at rest at a random angle,
/// uniformly in x ∈ [-0.35, 0.35], y ∈ [-0.2, 0.3], at least 9 cm from the arm's links.
///
/// ## Episode end
/// Terminated when the box leaves the table; truncated after 200 steps (`maxEpisodeSteps`).
///
/// ## Positions
/// `"end_effector"`, `"object0"`.
///
/// ## Snapshots
/// Exact: "restore, then N steps" equals "snapshot, then N steps" bit for bit (the world is
/// rebuilt with cold solver caches on both sides; see `TabletopPush`).
///
/// ## Arguments
/// - `actionMode` (String, `"joint_velocity"` or `"end_effector"`, default `"joint_velocity"`)
/// - `goal` ([Float] of 2 values on the table, default none): enables the reach reward.
/// - `impulseThreshold` (Float, N*s, default 0.5)
/// - `maxEpisodeSteps` (Int, default 200)
///
/// ## Version history
/// - v0: initial version.
public final class TabletopReach: SimulatedEnvironment {
    public static let id = "TabletopReach-v0"
    public static let defaultMaxEpisodeSteps = 200
    public static let defaultImpulseThreshold = TabletopSimulation.defaultImpulseThreshold
    static let summary = "A 3-link arm over a table with one box (top-down, Box2D); reward 0 unless a goal is given."

    /// The target of the optional reach reward.
    public let goal: SIMD2<Float>?
    public let spec: EnvironmentSpec
    let simulation: TabletopSimulation

    /// - Throws: ``EnvironmentError`` `.invalidArgument` for a goal off the table, a
    ///   non-positive threshold or episode limit.
    public init(
        actionMode: TabletopActionMode = .jointVelocity, goal: [Float]? = nil,
        impulseThreshold: Float = TabletopReach.defaultImpulseThreshold, maxEpisodeSteps: Int = TabletopReach.defaultMaxEpisodeSteps
    ) throws {
        simulation = try TabletopSimulation(
            id: Self.id, objectCount: 1, actionMode: actionMode, impulseThreshold: impulseThreshold,
            maxEpisodeSteps: maxEpisodeSteps)
        self.goal = try ArgumentChecks.goal(goal, inside: simulation.scene.table, environment: Self.id)
        spec = simulation.spec(summary: Self.summary, maxEpisodeSteps: maxEpisodeSteps)
    }

    public var observationSpace: Space { simulation.observationSpace }
    public var actionSpace: Space { simulation.actionSpace }
    public var actionMode: TabletopActionMode { simulation.actionMode }
    /// The scene being simulated (read it; drive it only through `step`).
    public var scene: TabletopScene { simulation.scene }

    public func reset(seed: UInt64?) throws -> Reset {
        Reset(observation: try simulation.reset(seed: seed))
    }

    public func step(_ action: [Float]) throws -> Step {
        try simulation.step(action) { observation in
            guard let goal else { return 0 }
            return -length(SIMD2(observation[9], observation[10]) - goal)
        }
    }

    public func stepSimulationOnly() { simulation.scene.step() }

    public func render() throws -> Frame { try simulation.render(goal: goal) }

    public var positions: [String: SIMD2<Float>] { simulation.positions }

    public func snapshot() throws -> EnvironmentSnapshot { simulation.snapshot() }

    public func restore(_ snapshot: EnvironmentSnapshot) throws { try simulation.restore(snapshot) }
}
