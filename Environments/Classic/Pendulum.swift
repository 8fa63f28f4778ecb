#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import EmpowerCore

/// Pendulum-v0: swing a pendulum up and keep it upright with a limited torque.
///
/// ## Description
/// A rigid rod of length 1 and mass 1 hangs from a frictionless pivot. The motor is too weak to
/// lift it in one push, so the agent has to swing it back and forth to build up energy, then
/// balance it upright. The classic sanity check for continuous-control learners (SAC).
///
/// ## Action space
/// `Box(-2.0, 2.0, shape: [1])`: the torque at the pivot. Values outside are clipped to [-2, 2].
///
/// ## Observation space
/// `Box(low: [-1, -1, -8], high: [1, 1, 8], shape: [3])`: `[cos θ, sin θ, θ̇]`, with θ = 0
/// upright and θ̇ the angular velocity in rad/s.
///
/// ## Dynamics
/// With g = 10 (argument `gravity`), m = 1, l = 1, dt = 0.05, the torque u clipped to [-2, 2]:
///
///     θ̇' = clip(θ̇ + (3g / (2l) · sin θ + 3 / (m l²) · u) · dt, -8, 8)
///     θ'  = θ + θ̇' · dt
///
/// computed in `Double`; observations are rounded to `Float`.
///
/// ## Reward
/// `-(norm(θ)² + 0.1 θ̇² + 0.001 u²)` for the state before the step, with norm(θ) the angle
/// wrapped to [-π, π). The best reward is 0 (upright, still, no torque); the worst is about -16.27.
///
/// ## Starting state
/// θ ~ U(-π, π), θ̇ ~ U(-1, 1).
///
/// ## Episode end
/// Never terminates; truncated after 200 steps (argument `maxEpisodeSteps`).
///
/// ## Positions
/// `"tip"`: the end of the rod, `(sin θ, cos θ)` relative to the pivot (y up).
///
/// ## Arguments
/// - `gravity` (Float, default 10): the gravitational acceleration.
/// - `maxEpisodeSteps` (Int, default 200): the truncation step.
///
/// ## Version history
/// - v0: initial version.
public struct Pendulum: Environment, Sendable {
    public static let id = "Pendulum-v0"
    public static let defaultMaxEpisodeSteps = 200
    public static let maxSpeed = 8.0
    public static let maxTorque: Float = 2.0
    public static let timeStep = 0.05
    public static let mass = 1.0
    public static let length = 1.0

    /// The gravitational acceleration.
    public let gravity: Double
    public let spec: EnvironmentSpec
    public let observationSpace: Space
    public let actionSpace: Space

    /// The angle (0 = upright), in radians, not wrapped.
    public private(set) var angle: Double = 0
    /// The angular velocity, in rad/s.
    public private(set) var angularVelocity: Double = 0
    private var tracker: EpisodeTracker
    private var generator = Xoshiro256(seed: 0)

    /// - Throws: ``EnvironmentError`` `.invalidArgument` for a non-finite or negative gravity,
    ///   or a non-positive episode limit.
    public init(gravity: Float = 10, maxEpisodeSteps: Int = Pendulum.defaultMaxEpisodeSteps) throws {
        guard gravity.isFinite, gravity >= 0 else {
            throw EnvironmentError(
                .invalidArgument, "\(Pendulum.id): gravity must be finite and >= 0, got \(gravity)",
                context: ["environment": Pendulum.id, "argument": "gravity", "value": "\(gravity)"])
        }
        guard maxEpisodeSteps > 0 else {
            throw EnvironmentError(
                .invalidArgument, "\(Pendulum.id): maxEpisodeSteps must be positive, got \(maxEpisodeSteps)",
                context: ["environment": Pendulum.id, "argument": "maxEpisodeSteps", "value": "\(maxEpisodeSteps)"])
        }
        self.gravity = Double(gravity)
        self.spec = EnvironmentSpec(
            id: Pendulum.id, maxEpisodeSteps: maxEpisodeSteps,
            summary: "Swing a pendulum up and balance it with a torque in [-2, 2].",
            featureGroups: ["angle": [0, 1], "velocity": [2]])
        let speed = Float(Pendulum.maxSpeed)
        self.observationSpace = .box(try Box(low: [-1, -1, -speed], high: [1, 1, speed]))
        self.actionSpace = .box(try Box(low: -Pendulum.maxTorque, high: Pendulum.maxTorque, shape: [1]))
        self.tracker = EpisodeTracker(maxEpisodeSteps: maxEpisodeSteps)
    }

    public mutating func reset(seed: UInt64?) throws(EnvironmentError) -> Reset {
        if let seed { generator = Xoshiro256(seed: seed) }
        angle = Double.pi * (2 * generator.nextUnitDouble() - 1)
        angularVelocity = 2 * generator.nextUnitDouble() - 1
        tracker.beginEpisode()
        return Reset(observation: observation)
    }

    public mutating func step(_ action: [Float]) throws(EnvironmentError) -> Step {
        try tracker.beginStep(action, count: 1, environment: Pendulum.id)
        let torque = Double(Swift.min(Swift.max(action[0], -Pendulum.maxTorque), Pendulum.maxTorque))
        let wrapped = Pendulum.normalizedAngle(angle)
        let cost = wrapped * wrapped + 0.1 * angularVelocity * angularVelocity + 0.001 * torque * torque

        let l = Pendulum.length, m = Pendulum.mass, dt = Pendulum.timeStep
        let acceleration = 3 * gravity / (2 * l) * sin(angle) + 3 / (m * l * l) * torque
        angularVelocity = Swift.min(Swift.max(angularVelocity + acceleration * dt, -Pendulum.maxSpeed), Pendulum.maxSpeed)
        angle += angularVelocity * dt

        let isTruncated = tracker.endStep(isTerminated: false)
        return Step(observation: observation, reward: Float(-cost), isTruncated: isTruncated)
    }

    /// `[cos θ, sin θ, θ̇]`.
    public var observation: [Float] {
        [Float(cos(angle)), Float(sin(angle)), Float(angularVelocity)]
    }

    /// The angle wrapped to [-π, π).
    public static func normalizedAngle(_ angle: Double) -> Double {
        let turn = 2 * Double.pi
        var wrapped = (angle + Double.pi).truncatingRemainder(dividingBy: turn)
        if wrapped < 0 { wrapped += turn }
        return wrapped - Double.pi
    }

    /// `"tip"`: the end of the rod relative to the pivot.
    public var positions: [String: SIMD2<Float>] {
        ["tip": SIMD2(Float(Pendulum.length * sin(angle)), Float(Pendulum.length * cos(angle)))]
    }

    private struct State: Sendable {
        var angle: Double
        var angularVelocity: Double
        var tracker: EpisodeTracker
        var generator: Xoshiro256
    }

    /// The angle, velocity, episode counters and generator.
    public func snapshot() throws -> EnvironmentSnapshot {
        EnvironmentSnapshot(
            environmentID: spec.id,
            payload: State(angle: angle, angularVelocity: angularVelocity, tracker: tracker, generator: generator))
    }

    public mutating func restore(_ snapshot: EnvironmentSnapshot) throws {
        let state = try snapshot.payload(as: State.self, for: spec.id)
        angle = state.angle
        angularVelocity = state.angularVelocity
        tracker = state.tracker
        generator = state.generator
    }
}
