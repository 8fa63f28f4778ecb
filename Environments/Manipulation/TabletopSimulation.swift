#if canImport(Glibc)
import Glibc
#endif
import EmpowerCore
import EmpowerPhysics
import EmpowerPhysicsRendering
import EmpowerRender

/// What `TabletopReach-v0` and `TabletopPush-v0` share: the scene, the action mapping, the
/// seeded start state, the observation and the safety checks. Each public environment owns
/// one and adds its reward and documentation.
///
/// Observation layout for `n` objects (`12 + 7n` floats):
///
///     [0, 3)    sin of the joint angles (shoulder, elbow, wrist)
///     [3, 6)    cos of the joint angles
///     [6, 9)    joint speeds (rad/s)
///     [9, 12)   end effector x, y (m) and pointing angle (rad, wrapped to [-pi, pi])
///     [12 + 7k, 19 + 7k)  object k: x, y, sin, cos of its angle, vx, vy, angular speed
final class TabletopSimulation {
    /// Motor speed (rad/s) of a joint-velocity action of 1, and the cap in end-effector mode.
    static let maxJointSpeed: Float = 2
    /// End-effector displacement (m) of an end-effector action of 1 over one control step.
    static let maxEndEffectorStep: Float = 0.02
    /// Start joint angles are the scene's fold plus U(-noise, noise) each (rad).
    static let jointNoise: Float = 0.1
    /// Where object starts are drawn from (m): the part of the table in front of the arm.
    static let objectRegion = Rectangle(center: [0, 0.05], halfSize: [0.35, 0.25])
    /// Least distance between object centres at the start (m).
    static let objectSpacing: Float = 0.1
    /// Least distance between an object centre and an arm link's axis at the start (m).
    static let armClearance: Float = 0.09
    /// Default contact-impulse threshold (N*s) for the excessive-impulse safety event.
    static let defaultImpulseThreshold: Float = 0.5

    let id: String
    let scene: TabletopScene
    let actionMode: TabletopActionMode
    let impulseThreshold: Float
    let observationSpace: Space
    let actionSpace: Space
    let featureGroups: [String: [Int]]
    var tracker: EpisodeTracker
    var generator = Xoshiro256(seed: 0)
    /// Reused batch read of every body's state.
    private var states: [BodyState] = []
    /// Scratch for the end-effector action mode's IK, reused every step.
    private var jointSpeeds: [Float] = []
    /// The end effector after the last reset or step.
    private(set) var endEffector: SIMD2<Float> = .zero

    var objectCount: Int { scene.objects.count }
    var observationCount: Int { armObservationCount(joints: 3) + bodyObservationCount * objectCount }
    /// Index of object `k`'s x in the observation.
    static func objectOffset(_ k: Int) -> Int { armObservationCount(joints: 3) + bodyObservationCount * k }

    init(id: String, objectCount: Int, actionMode: TabletopActionMode, impulseThreshold: Float, maxEpisodeSteps: Int) throws {
        guard (1...3).contains(objectCount) else {
            throw ArgumentChecks.invalid(id, "objects", "\(objectCount)", "objects must be 1, 2 or 3, got \(objectCount)")
        }
        try ArgumentChecks.impulseThreshold(impulseThreshold, environment: id)
        try ArgumentChecks.maxEpisodeSteps(maxEpisodeSteps, environment: id)
        self.id = id
        self.actionMode = actionMode
        self.impulseThreshold = impulseThreshold
        scene = try TabletopScene(configuration: .init(objectCount: objectCount))
        tracker = EpisodeTracker(maxEpisodeSteps: maxEpisodeSteps)

        let arm = armObservationCount(joints: 3)
        let count = arm + bodyObservationCount * objectCount
        var low = [Float](repeating: -.infinity, count: count), high = [Float](repeating: .infinity, count: count)
        for i in 0..<6 { (low[i], high[i]) = (-1, 1) }
        (low[11], high[11]) = (-.pi, .pi)
        for k in 0..<objectCount {
            let o = arm + bodyObservationCount * k
            for i in (o + 2)...(o + 3) { (low[i], high[i]) = (-1, 1) }
        }
        observationSpace = .box(try Box(low: low, high: high))
        actionSpace = .box(try Box(low: -1, high: 1, shape: [actionMode == .jointVelocity ? 3 : 2]))
        let objectXY = (0..<objectCount).flatMap { [Self.objectOffset($0), Self.objectOffset($0) + 1] }
        featureGroups = [
            "xy": [9, 10], "end_effector": [9, 10], "object": [arm, arm + 1], "objects": objectXY,
            "joints": Array(0..<9),
        ]
    }

    // MARK: Episodes

    /// Re-seeds when asked, folds the arm to a jittered start pose, scatters the objects on the
    /// table (clear of each other and of the arm, at random angles), stops every motor, then
    /// rebuilds the world so no solver cache from the previous episode survives: the start
    /// state is a function of the generator alone.
    func reset(seed: UInt64?) throws -> [Float] {
        if let seed { generator = Xoshiro256(seed: seed) }
        let world = scene.world
        let base = scene.configuration.initialJointAngles
        let angles = base.map { $0 + generator.nextFloat(in: -Self.jointNoise, Self.jointNoise) }
        try scene.arm.fold(to: angles, in: world)
        let joints = scene.arm.jointPositions(in: world)
        var placed: [SIMD2<Float>] = []
        for k in 0..<objectCount {
            let p = samplePosition(avoiding: placed, armPoints: joints, fallback: TabletopScene.defaultObjectPositions[k])
            placed.append(p)
            try world.setTransform(of: scene.objects[k], position: p, angle: generator.nextFloat(in: -.pi, .pi))
            try world.setVelocity(.zero, of: scene.objects[k])
        }
        for joint in scene.arm.joints { try world.setMotorSpeed(0, of: joint) }
        _ = world.snapshot()  // rebuild: fresh contact and joint caches
        tracker.beginEpisode()
        var events = SafetyEvents()
        return observe(events: &events)
    }

    /// A point of ``objectRegion`` clear of `others` and the arm, by rejection sampling (at
    /// most 200 draws, then `fallback`).
    private func samplePosition(avoiding others: [SIMD2<Float>], armPoints: [SIMD2<Float>], fallback: SIMD2<Float>) -> SIMD2<Float> {
        let lo = Self.objectRegion.minimum, hi = Self.objectRegion.maximum
        draws: for _ in 0..<200 {
            let p = SIMD2(generator.nextFloat(in: lo.x, hi.x), generator.nextFloat(in: lo.y, hi.y))
            for q in others where length(p - q) < Self.objectSpacing { continue draws }
            for i in 0..<(armPoints.count - 1) where distance(from: p, toSegment: armPoints[i], armPoints[i + 1]) < Self.armClearance {
                continue draws
            }
            return p
        }
        return fallback
    }

    /// The spec of the environment that owns this simulation: its `summary` and
    /// `maxEpisodeSteps`, with the feature groups of the observation layout.
    func spec(summary: String, maxEpisodeSteps: Int) -> EnvironmentSpec {
        // Coverage cells: 0.1 of the table's larger side.
        EnvironmentSpec(
            id: id, maxEpisodeSteps: maxEpisodeSteps, summary: summary, featureGroups: featureGroups,
            coverageCellSize: 0.2 * max(scene.table.halfSize.x, scene.table.halfSize.y))
    }

    /// One step of the owning environment: ``advance(_:)`` with `action`, the reward
    /// `reward(observation)`, termination when an object left the table, truncation at the
    /// episode limit, and the step's safety events in `info`.
    func step(_ action: [Float], reward: ([Float]) -> Float) throws -> Step {
        let (observation, events) = try advance(action)
        let reward = reward(observation)
        let isTerminated = events.objectOffTable > 0
        let isTruncated = tracker.endStep(isTerminated: isTerminated)
        return Step(
            observation: observation, reward: reward, isTerminated: isTerminated, isTruncated: isTruncated,
            info: Info(safetyEvents: events))
    }

    /// Checks the action, sets the motors, advances one control step, and returns the new
    /// observation with the step's safety events.
    func advance(_ action: [Float]) throws -> (observation: [Float], events: SafetyEvents) {
        try tracker.beginStep(action, count: actionSpace.flatSize, environment: id)
        switch actionMode {
        case .jointVelocity:
            try scene.arm.driveJoints(action, maxSpeed: Self.maxJointSpeed, in: scene.world)
        case .endEffector:
            let delta = SIMD2(Swift.min(Swift.max(action[0], -1), 1), Swift.min(Swift.max(action[1], -1), 1)) * Self.maxEndEffectorStep
            try scene.arm.driveEndEffector(
                by: delta, duration: scene.stepSettings.duration, maxSpeed: Self.maxJointSpeed, in: scene.world,
                speeds: &jointSpeeds)
        }
        scene.step()
        var events = SafetyEvents()
        let observation = observe(events: &events)
        return (observation, events)
    }

    /// Reads the world once and builds the observation, counting safety events on the way.
    private func observe(events: inout SafetyEvents) -> [Float] {
        let world = scene.world
        world.readStates(into: &states)
        var observation = [Float](repeating: 0, count: observationCount)
        let arm = scene.arm.writeObservation(world: world, states: states, into: &observation, at: 0)
        endEffector = arm.endEffector
        events.jointAtLimit = arm.jointsAtLimit
        let table = scene.table
        if !table.contains(arm.endEffector) { events.endEffectorOutOfWorkspace = 1 }
        for k in 0..<objectCount {
            let s = states[Int(scene.objects[k].id)]
            writeBodyObservation(s, into: &observation, at: Self.objectOffset(k))
            if !table.contains(s.position) { events.objectOffTable += 1 }
        }
        if world.maxContactImpulse > impulseThreshold { events.excessiveImpulse = 1 }
        return observation
    }

    /// Position of object `k`.
    func objectPosition(_ k: Int) -> SIMD2<Float> { scene.world.state(of: scene.objects[k]).position }

    /// `"end_effector"` and `"object0"`, `"object1"`, ...
    var positions: [String: SIMD2<Float>] {
        var result = ["end_effector": scene.endEffector().position]
        for k in 0..<objectCount { result["object\(k)"] = objectPosition(k) }
        return result
    }

    /// The scene, with the goal (if any) as a ring with a cross.
    func render(goal: SIMD2<Float>?) throws -> Frame {
        let canvas = try Canvas(width: 400, height: 320)
        canvas.draw(scene)
        if let goal {
            let r: Float = 0.035
            let color = Color(hex: 0x2E7D32)
            canvas.strokeCircle(center: goal, radius: r, color: color, lineWidth: 2.5)
            canvas.strokeLine(from: goal - [r, 0], to: goal + [r, 0], color: color, lineWidth: 1.5)
            canvas.strokeLine(from: goal - [0, r], to: goal + [0, r], color: color, lineWidth: 1.5)
        }
        return canvas.frame()
    }

    // MARK: Snapshots

    struct State: Sendable {
        var world: WorldSnapshot
        var tracker: EpisodeTracker
        var generator: Xoshiro256
        var endEffector: SIMD2<Float>
    }

    func snapshot() -> EnvironmentSnapshot {
        EnvironmentSnapshot(
            environmentID: id,
            payload: State(world: scene.world.snapshot(), tracker: tracker, generator: generator, endEffector: endEffector))
    }

    func restore(_ snapshot: EnvironmentSnapshot) throws {
        let state = try snapshot.payload(as: State.self, for: id)
        guard snapshot.environmentID == id else {
            throw EnvironmentError(
                .invalidSnapshot, "\(id) cannot restore a snapshot taken from \(snapshot.environmentID)",
                context: ["environment": id, "snapshot": snapshot.environmentID])
        }
        try scene.world.restore(state.world)
        tracker = state.tracker
        generator = state.generator
        endEffector = state.endEffector
    }
}
