#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import EmpowerCore
import EmpowerRender

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
/// ## Rendering
/// ``render()`` draws the rod from the pivot to the tip (y up, so θ = 0 points up), the bob at
/// the tip and an arc at the pivot showing the last torque (its length grows with |u|, its
/// direction is the torque's sign), 400x400 pixels.
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
    /// The torque applied in the last step (0 after a reset), for ``render()``.
    public private(set) var lastTorque: Double = 0
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
            featureGroups: ["angle": [0, 1], "velocity": [2]], coverageCellSize: Float(0.2 * Pendulum.length))
        let speed = Float(Pendulum.maxSpeed)
        self.observationSpace = .box(try Box(low: [-1, -1, -speed], high: [1, 1, speed]))
        self.actionSpace = .box(try Box(low: -Pendulum.maxTorque, high: Pendulum.maxTorque, shape: [1]))
        self.tracker = EpisodeTracker(maxEpisodeSteps: maxEpisodeSteps)
    }

    public mutating func reset(seed: UInt64?) throws(EnvironmentError) -> Reset {
        if let seed { generator = Xoshiro256(seed: seed) }
        angle = Double.pi * (2 * generator.nextUnitDouble() - 1)
        angularVelocity = 2 * generator.nextUnitDouble() - 1
        lastTorque = 0
        tracker.beginEpisode()
        return Reset(observation: observation)
    }

    public mutating func step(_ action: [Float]) throws(EnvironmentError) -> Step {
        try tracker.beginStep(action, count: 1, environment: Pendulum.id)
        let torque = Double(Swift.min(Swift.max(action[0], -Pendulum.maxTorque), Pendulum.maxTorque))
        lastTorque = torque
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

    /// The rod, the bob and the last torque: 400x400 pixels.
    public mutating func render() throws -> Frame {
        let canvas = try Canvas(width: 400, height: 400, background: Color(hex: 0xF4F1EA))
        try canvas.setView(minimum: [-1.3, -1.3], maximum: [1.3, 1.3])
        let tip = SIMD2(Float(Pendulum.length * sin(angle)), Float(Pendulum.length * cos(angle)))
        // Torque arc: counter-clockwise for positive u, a quarter turn at full torque.
        let sweep = lastTorque / Double(Pendulum.maxTorque) * Double.pi / 2
        if abs(sweep) > 1e-3 {
            let start = Double.pi / 2
            let points = (0...24).map { (i: Int) -> SIMD2<Float> in
                let a = start + sweep * Double(i) / 24
                return SIMD2(Float(0.35 * cos(a)), Float(0.35 * sin(a)))
            }
            canvas.strokePolyline(points, color: Color(hex: 0x2F5D8A), lineWidth: 4)
        }
        canvas.strokeLine(from: .zero, to: tip, color: Color(hex: 0x6D4C41), lineWidth: 14)
        canvas.fillCircle(center: tip, radius: 0.1, color: Color.categorical(3))
        canvas.strokeCircle(center: tip, radius: 0.1, color: Color(hex: 0x202020), lineWidth: 1.5)
        canvas.fillCircle(center: .zero, radius: 0.04, color: Color(hex: 0x202020))
        return canvas.frame()
    }

    private struct State: Sendable {
        var angle: Double
        var angularVelocity: Double
        var lastTorque: Double
        var tracker: EpisodeTracker
        var generator: Xoshiro256
    }

    /// The angle, velocity, episode counters and generator.
    public func snapshot() throws -> EnvironmentSnapshot {
        EnvironmentSnapshot(
            environmentID: spec.id,
            payload: State(angle: angle, angularVelocity: angularVelocity, lastTorque: lastTorque, tracker: tracker, generator: generator))
    }

    public mutating func restore(_ snapshot: EnvironmentSnapshot) throws {
        let state = try snapshot.payload(as: State.self, for: spec.id)
        angle = state.angle
        angularVelocity = state.angularVelocity
        lastTorque = state.lastTorque
        tracker = state.tracker
        generator = state.generator
    }
}
