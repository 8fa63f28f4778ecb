// Drone2D-v0: the environment of this package, shared by the walkthrough (CustomEnvironment)
// and the package's own command line (drone-empower).

import Empower

/// Drone2D-v0: a point with inertia in the square [-1, 1]^2.
///
/// - Action: `Box(-1, 1, shape: [2])`, a thrust (clipped to [-1, 1]).
/// - Dynamics: v <- clip(0.9 v + 0.01 a, -0.1, 0.1); p <- p + v; a wall stops the drone
///   (p clipped to [-1, 1], that velocity component set to 0).
/// - Observation: [x, y, vx, vy] in [-1, 1]^2 x [-0.1, 0.1]^2. Feature group "xy": [0, 1].
/// - Reward: 0 (skill discovery brings its own). Start: p ~ U(-0.05, 0.05)^2, at rest.
/// - Episode end: never terminates; truncated after 100 steps. Positions: "agent".
///
public struct Drone: Environment, Sendable {
    public static let id = "Drone2D-v0"
    public static let drag: Float = 0.9, thrust: Float = 0.01, maxSpeed: Float = 0.1
    public let spec = EnvironmentSpec(
        id: Drone.id, maxEpisodeSteps: 100, summary: "A point with inertia in [-1, 1]^2, pushed by a thrust",
        featureGroups: ["xy": [0, 1]])
    public let observationSpace: Space
    public let actionSpace: Space
    var position = SIMD2<Float>.zero
    var velocity = SIMD2<Float>.zero
    var tracker = EpisodeTracker(maxEpisodeSteps: 100)     // reset/step/truncation bookkeeping
    var generator = Xoshiro256(seed: 0)                      // all randomness comes from here

    public init() throws {
        let s = Drone.maxSpeed
        observationSpace = .box(try Box(low: [-1, -1, -s, -s], high: [1, 1, s, s]))
        actionSpace = .box(try Box(low: -1, high: 1, shape: [2]))
    }

    public var observation: [Float] { [position.x, position.y, velocity.x, velocity.y] }
    public var positions: [String: SIMD2<Float>] { ["agent": position] }

    public mutating func reset(seed: UInt64?) throws -> Reset {
        if let seed { generator = Xoshiro256(seed: seed) }   // same seed, same episode
        position = SIMD2(generator.nextFloat(in: -0.05, 0.05), generator.nextFloat(in: -0.05, 0.05))
        velocity = .zero
        tracker.beginEpisode()
        return Reset(observation: observation)
    }

    public mutating func step(_ action: [Float]) throws -> Step {
        // Throws for a step before reset or after the end, a wrong length, or NaN.
        try tracker.beginStep(action, count: 2, environment: Drone.id)
        let one = SIMD2<Float>(repeating: 1), top = SIMD2<Float>(repeating: Drone.maxSpeed)
        let thrust = SIMD2(action[0], action[1]).clamped(lowerBound: -one, upperBound: one)
        velocity = (Drone.drag * velocity + Drone.thrust * thrust).clamped(lowerBound: -top, upperBound: top)
        position += velocity
        for axis in 0..<2 where abs(position[axis]) > 1 {
            position[axis] = position[axis] > 0 ? 1 : -1          // hit a wall: stop against it
            velocity[axis] = 0
        }
        // No terminal state, so only the time limit ends an episode (truncation: bootstrap).
        let isTruncated = tracker.endStep(isTerminated: false)
        return Step(observation: observation, reward: 0, isTruncated: isTruncated)
    }
}

extension Drone {
    /// One line for `envs list`.
    public static let summary = "A point with inertia in [-1, 1]^2, pushed by a thrust"

    /// Adds Drone2D-v0 to `catalog`.
    public static func register(in catalog: inout EnvironmentCatalog) throws {
        try catalog.register(id, summary: summary) { _ in try Drone() }
    }
}
