import EmpowerCore
import EmpowerPhysics
import EmpowerPhysicsRendering
import EmpowerRender

/// TabletopPush-v0: a planar 3-link arm pushing 1 to 3 boxes around a table, seen from above.
///
/// ## Description
/// The scene is `TabletopScene`: a 1.0 x 0.8 m table centred at the origin, no gravity (the
/// view is top-down), the arm's base at the middle of the near edge `(0, -0.4)` with links of
/// 0.35, 0.30 and 0.20 m (joint limits ±1.5, ±2.5, ±2.5 rad), and 6 cm boxes held back by
/// Coulomb-like table friction (friction joints): a pushed box stops within a few centimetres
/// once contact ends. Nothing stops a box at the table edge, so a box can be pushed off. One
/// control step is 2 Box2D steps of 1/60 s (30 Hz).
///
/// ## Action space
/// Argument `actionMode`:
/// - `"joint_velocity"` (default): `Box(-1.0, 1.0, shape: [3])`, the motor target speeds of
///   shoulder, elbow and wrist in units of 2 rad/s.
/// - `"end_effector"`: `Box(-1.0, 1.0, shape: [2])`, an xy displacement of the end effector in
///   units of 2 cm per step, turned into joint speeds by damped-least-squares IK (joint speeds
///   capped at 2 rad/s, the direction kept).
/// Values outside [-1, 1] are clipped.
///
/// ## Observation space
/// `12 + 7 * objects` floats (19 with the default single object):
/// `[sin q (3), cos q (3), qdot (3), end effector x, y, angle, then per object: x, y,
/// sin θ, cos θ, vx, vy, ω]`, with q the relative joint angles, lengths in metres and angles
/// in radians (the end-effector angle wrapped to [-π, π]). Sines and cosines are bounded by
/// [-1, 1], the rest is unbounded.
///
/// Feature groups (`spec.featureGroups`): `"xy"` and `"end_effector"` (end-effector xy,
/// indices 9, 10), `"object"` (object 0's xy, 12, 13), `"objects"` (every object's xy),
/// `"joints"` (0..<9).
///
/// ## Reward
/// 0 by default (skill discovery brings its own). With the `goal` argument, the task reward
/// `-|object0 - goal|` (metres) after the step.
///
/// ## Safety events (`info.safetyEvents`, every step)
/// - `objectOffTable`: objects whose centre is off the table; also **terminates** the episode.
/// - `jointAtLimit`: joints at one of their limits (within 0.02 rad).
/// - `excessiveImpulse`: 1 when a contact impulse during the step exceeded `impulseThreshold`.
/// - `endEffectorOutOfWorkspace`: 1 when the end effector is not over the table.
///
/// ## Starting state
/// Joint angles `(-0.5, 1.0, 1.0) + U(-0.1, 0.1)³`, at rest. Objects at rest at random angles,
/// uniformly in x ∈ [-0.35, 0.35], y ∈ [-0.2, 0.3], at least 10 cm apart and 9 cm from the
/// arm's links.
///
/// ## Episode end
/// Terminated when an object leaves the table; truncated after 200 steps (`maxEpisodeSteps`).
///
/// ## Positions
/// `"end_effector"`, `"object0"`, `"object1"`, ...
///
/// ## Snapshots
/// `snapshot()` captures the physics exactly (see `World.snapshot()`): the world is rebuilt
/// with cold solver caches both when the snapshot is taken and when it is restored, so
/// "restore, then N steps" equals "snapshot, then N steps" bit for bit. Taking a snapshot
/// nudges the live trajectory slightly (warm-starting restarts): about 1e-3 m after 100 steps.
///
/// ## Arguments
/// - `objects` (Int, 1...3, default 1)
/// - `actionMode` (String, `"joint_velocity"` or `"end_effector"`, default `"joint_velocity"`)
/// - `goal` ([Float] of 2 values on the table, default none): enables the task reward.
/// - `impulseThreshold` (Float, N*s, default 0.5): contact impulse that counts as unsafe.
/// - `maxEpisodeSteps` (Int, default 200)
///
/// ## Version history
/// - v0: initial version.
///
/// ```swift
/// let env = try TabletopPush(objects: 2, actionMode: .endEffector, goal: [0.2, 0.3])
/// _ = try env.reset(seed: 1)
/// let step = try env.step([0.5, 1])
/// step.info.safetyEvents?.total   // 0 on a calm step
/// ```
public final class TabletopPush: SimulatedEnvironment {
    public static let id = "TabletopPush-v0"
    public static let defaultMaxEpisodeSteps = 200
    public static let defaultImpulseThreshold = TabletopSimulation.defaultImpulseThreshold
    static let summary = "A 3-link arm pushing 1-3 boxes on a table (top-down, Box2D); pushing one off ends the episode."

    /// The target of the optional task reward.
    public let goal: SIMD2<Float>?
    public let spec: EnvironmentSpec
    let simulation: TabletopSimulation

    /// - Throws: ``EnvironmentError`` `.invalidArgument` for an object count outside 1...3, a
    ///   goal off the table, a non-positive threshold or episode limit.
    public init(
        objects: Int = 1, actionMode: TabletopActionMode = .jointVelocity, goal: [Float]? = nil,
        impulseThreshold: Float = TabletopPush.defaultImpulseThreshold, maxEpisodeSteps: Int = TabletopPush.defaultMaxEpisodeSteps
    ) throws {
        simulation = try TabletopSimulation(
            id: Self.id, objectCount: objects, actionMode: actionMode, impulseThreshold: impulseThreshold,
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
            let o = TabletopSimulation.objectOffset(0)
            return -length(SIMD2(observation[o], observation[o + 1]) - goal)
        }
    }

    public func stepSimulationOnly() { simulation.scene.step() }

    public func render() throws -> Frame { try simulation.render(goal: goal) }

    public var positions: [String: SIMD2<Float>] { simulation.positions }

    public func snapshot() throws -> EnvironmentSnapshot { simulation.snapshot() }

    public func restore(_ snapshot: EnvironmentSnapshot) throws { try simulation.restore(snapshot) }
}

extension TabletopPush: OverlayScene {
    public func sceneCanvas(width: Int, height: Int) throws -> Canvas {
        let canvas = try Canvas(width: width, height: height)
        canvas.draw(scene)
        return canvas
    }

    public var captionPosition: SIMD2<Float> { SIMD2(scene.table.minimum.x, scene.table.maximum.y + 0.04) }
}
