#if canImport(Glibc)
import Glibc
#endif
import EmpowerCore
import EmpowerPhysics
import EmpowerPhysicsRendering

/// TabletopLift-v0: a planar arm with a two-finger gripper picking a block up from the floor,
/// seen from the side.
///
/// ## Description
/// The scene is `LiftScene`: gravity -10 m/s² along y, a floor whose surface is `y = 0` from
/// `x = -0.6` to `0.6`, an arm on a pedestal at `(-0.3, 0.05)` with links of 0.40, 0.35 and
/// 0.10 m (joint limits ±2.6 rad) ending in a palm with two fingers on prismatic joints
/// (travel 0 = open ... 0.055 m = closed, 40 N each), and a 6 cm block of 0.72 kg. One control
/// step is 2 Box2D steps of 1/60 s (30 Hz). Grasp low: with the palm about 5.5 cm above the
/// block's top the fingers press at its centre height and the grasp holds while lifting.
///
/// ## Action space
/// `Box(-1.0, 1.0, shape: [4])`: shoulder, elbow and wrist motor speeds in units of 2 rad/s,
/// then the gripper command in units of 0.2 m/s (positive closes, negative opens).
/// Values outside [-1, 1] are clipped.
///
/// ## Observation space
/// 20 floats: `[sin q (3), cos q (3), qdot (3), palm x, y, wrist angle, gripper opening,
/// block x, y, sin θ, cos θ, vx, vy, ω]` (metres, radians; the gripper opening is the gap
/// between the fingers' inner faces, 0.12 m when open). Sines and cosines lie in [-1, 1],
/// the rest is unbounded.
/// Feature groups: `"xy"` and `"end_effector"` (9, 10), `"gripper"` (12), `"object"` and
/// `"objects"` (13, 14), `"joints"` (0..<9).
///
/// ## Reward
/// 0 by default. With the `targetHeight` argument (metres), `-|h - targetHeight|` where h is
/// the height of the block's bottom above the floor after the step.
///
/// ## Safety events (`info.safetyEvents`, every step)
/// - `objectOffTable`: the block's centre is beyond the floor's ends or below its surface;
///   also **terminates** the episode.
/// - `jointAtLimit`: arm joints at a limit (the fingers' stops are normal and not counted).
/// - `excessiveImpulse`: 1 when a contact impulse in the step exceeded `impulseThreshold`
///   (a firm grasp reaches about 0.7 N*s per contact point; slamming the block is far above).
/// - `endEffectorOutOfWorkspace`: the palm left x ∈ [-0.6, 0.6], y ∈ [0, 0.9].
///
/// ## Starting state
/// Joint angles `(0, -π/2, -π/2) + U(-0.05, 0.05)³` (upper arm up, forearm forward, wrist
/// down), gripper open, everything at rest; the block resting on the floor at x ~ U(0, 0.1).
///
/// ## Episode end
/// Terminated when the block leaves the floor's extent; truncated after 200 steps.
///
/// ## Positions
/// `"end_effector"` (the palm), `"object0"` (the block).
///
/// ## Snapshots
/// Exact: "restore, then N steps" equals "snapshot, then N steps" bit for bit (the world is
/// rebuilt with cold solver caches on both sides, see `World.snapshot()`).
///
/// ## Arguments
/// - `targetHeight` (Float, metres in 0...0.8, default none): enables the lift reward.
/// - `impulseThreshold` (Float, N*s, default 2)
/// - `maxEpisodeSteps` (Int, default 200)
///
/// ## Version history
/// - v0: initial version.
public final class TabletopLift: SimulatedEnvironment {
    public static let id = "TabletopLift-v0"
    public static let defaultMaxEpisodeSteps = 200
    public static let defaultImpulseThreshold: Float = 2
    /// Motor speed (rad/s) of a joint action of 1.
    public static let maxJointSpeed: Float = 2
    /// Finger speed (m/s) of a gripper action of 1.
    public static let maxGripperSpeed: Float = 0.2
    static let jointNoise: Float = 0.05
    static let blockRange: ClosedRange<Float> = 0...0.1
    static let summary = "A side-view arm with a two-finger gripper lifting a block (gravity, Box2D)."

    /// Observation indices.
    static let gripperIndex = 12
    static let blockIndex = 13

    /// The block height of the optional lift reward.
    public let targetHeight: Float?
    public let impulseThreshold: Float
    public let spec: EnvironmentSpec
    public let observationSpace: Space
    public let actionSpace: Space
    /// The scene being simulated (read it; drive it only through `step`).
    public let scene: LiftScene
    private var tracker: EpisodeTracker
    private var generator = Xoshiro256(seed: 0)
    private var states: [BodyState] = []

    /// - Throws: ``EnvironmentError`` `.invalidArgument` for a target height outside 0...0.8,
    ///   a non-positive threshold or episode limit.
    public init(
        targetHeight: Float? = nil, impulseThreshold: Float = TabletopLift.defaultImpulseThreshold,
        maxEpisodeSteps: Int = TabletopLift.defaultMaxEpisodeSteps
    ) throws {
        if let targetHeight, !(targetHeight >= 0 && targetHeight <= 0.8) {
            throw ArgumentChecks.invalid(
                Self.id, "targetHeight", "\(targetHeight)", "targetHeight must be in 0...0.8 metres, got \(targetHeight)")
        }
        try ArgumentChecks.impulseThreshold(impulseThreshold, environment: Self.id)
        try ArgumentChecks.maxEpisodeSteps(maxEpisodeSteps, environment: Self.id)
        self.targetHeight = targetHeight
        self.impulseThreshold = impulseThreshold
        scene = try LiftScene()
        tracker = EpisodeTracker(maxEpisodeSteps: maxEpisodeSteps)
        let count = Self.blockIndex + bodyObservationCount
        var low = [Float](repeating: -.infinity, count: count), high = [Float](repeating: .infinity, count: count)
        for i in 0..<6 { (low[i], high[i]) = (-1, 1) }
        (low[11], high[11]) = (-.pi, .pi)
        for i in (Self.blockIndex + 2)...(Self.blockIndex + 3) { (low[i], high[i]) = (-1, 1) }
        observationSpace = .box(try Box(low: low, high: high))
        actionSpace = .box(try Box(low: -1, high: 1, shape: [4]))
        spec = EnvironmentSpec(
            id: Self.id, maxEpisodeSteps: maxEpisodeSteps, summary: Self.summary,
            featureGroups: [
                "xy": [9, 10], "end_effector": [9, 10], "gripper": [Self.gripperIndex],
                "object": [Self.blockIndex, Self.blockIndex + 1], "objects": [Self.blockIndex, Self.blockIndex + 1],
                "joints": Array(0..<9),
            ],
            coverageCellSize: 0.2 * scene.workspace.halfSize.x,
            liftHeight: 2 * scene.configuration.blockHalfSize)   // one block height
    }

    /// Re-seeds when asked, folds the arm to a jittered start pose with the gripper open,
    /// places the block, stops every motor and rebuilds the world (no solver cache survives
    /// from the previous episode).
    public func reset(seed: UInt64?) throws -> Reset {
        if let seed { generator = Xoshiro256(seed: seed) }
        let world = scene.world
        let angles = scene.configuration.initialJointAngles.map { $0 + generator.nextFloat(in: -Self.jointNoise, Self.jointNoise) }
        try scene.arm.fold(to: angles, in: world)
        let x = generator.nextFloat(in: Self.blockRange.lowerBound, Self.blockRange.upperBound)
        try world.setTransform(of: scene.block, position: [x, scene.floorTop + scene.configuration.blockHalfSize], angle: 0)
        try world.setVelocity(.zero, of: scene.block)
        for joint in scene.arm.joints { try world.setMotorSpeed(0, of: joint) }
        try scene.setGripperSpeed(0)
        _ = world.snapshot()  // rebuild: fresh contact and joint caches
        tracker.beginEpisode()
        var events = SafetyEvents()
        return Reset(observation: observe(events: &events))
    }

    public func step(_ action: [Float]) throws -> Step {
        try tracker.beginStep(action, count: 4, environment: Self.id)
        try scene.arm.driveJoints(action, maxSpeed: Self.maxJointSpeed, in: scene.world)
        try scene.setGripperSpeed(Swift.min(Swift.max(action[3], -1), 1) * Self.maxGripperSpeed)
        scene.step()
        var events = SafetyEvents()
        let observation = observe(events: &events)
        var reward: Float = 0
        if let targetHeight {
            let height = observation[Self.blockIndex + 1] - scene.configuration.blockHalfSize - scene.floorTop
            reward = -abs(height - targetHeight)
        }
        let isTerminated = events.objectOffTable > 0
        let isTruncated = tracker.endStep(isTerminated: isTerminated)
        return Step(
            observation: observation, reward: reward, isTerminated: isTerminated, isTruncated: isTruncated,
            info: Info(safetyEvents: events))
    }

    /// Reads the world once and builds the observation, counting safety events on the way.
    private func observe(events: inout SafetyEvents) -> [Float] {
        let world = scene.world
        world.readStates(into: &states)
        var observation = [Float](repeating: 0, count: observationSpace.flatSize)
        let arm = scene.arm.writeObservation(world: world, states: states, into: &observation, at: 0)
        events.jointAtLimit = arm.jointsAtLimit
        if !scene.workspace.contains(arm.endEffector) { events.endEffectorOutOfWorkspace = 1 }
        let a = states[Int(scene.fingers[0].id)].position, b = states[Int(scene.fingers[1].id)].position
        observation[Self.gripperIndex] = length(b - a) - 0.02
        let block = states[Int(scene.block.id)]
        writeBodyObservation(block, into: &observation, at: Self.blockIndex)
        if abs(block.position.x) > scene.workspace.halfSize.x || block.position.y < scene.floorTop { events.objectOffTable = 1 }
        if world.maxContactImpulse > impulseThreshold { events.excessiveImpulse = 1 }
        return observation
    }

    public func stepSimulationOnly() { scene.step() }

    public func render() throws -> Frame { try renderFrame(of: scene) }

    /// `"end_effector"` (the palm) and `"object0"` (the block).
    public var positions: [String: SIMD2<Float>] {
        ["end_effector": scene.endEffector().position, "object0": scene.world.state(of: scene.block).position]
    }

    private struct State: Sendable {
        var world: WorldSnapshot
        var tracker: EpisodeTracker
        var generator: Xoshiro256
    }

    public func snapshot() throws -> EnvironmentSnapshot {
        EnvironmentSnapshot(environmentID: spec.id, payload: State(world: scene.world.snapshot(), tracker: tracker, generator: generator))
    }

    public func restore(_ snapshot: EnvironmentSnapshot) throws {
        let state = try snapshot.payload(as: State.self, for: spec.id)
        try scene.world.restore(state.world)
        tracker = state.tracker
        generator = state.generator
    }
}
