#if canImport(Glibc)
import Glibc
#endif
import EmpowerPhysics

// Observation pieces shared by the tabletop and lift environments. They write into a
// preallocated observation array so that a step allocates nothing but that array.

/// Floats ``PlanarArm/writeObservation(world:states:into:at:)`` writes for an arm of `joints`
/// joints: sin, cos and speed per joint, then end-effector x, y and angle.
func armObservationCount(joints: Int) -> Int { 3 * joints + 3 }

/// Floats ``writeBodyObservation(_:into:at:)`` writes: x, y, sin, cos, vx, vy, angular speed.
let bodyObservationCount = 7

/// An angle wrapped into [-pi, pi].
@inline(__always)
func wrappedAngle(_ angle: Float) -> Float {
    let turns = (angle / (2 * Float.pi)).rounded()
    return angle - turns * 2 * Float.pi
}

/// Writes a body's pose and velocity: x, y, sin(angle), cos(angle), vx, vy, angular speed.
@inline(__always)
func writeBodyObservation(_ s: BodyState, into observation: inout [Float], at offset: Int) {
    observation[offset] = s.position.x
    observation[offset + 1] = s.position.y
    observation[offset + 2] = sin(s.angle)
    observation[offset + 3] = cos(s.angle)
    observation[offset + 4] = s.linearVelocity.x
    observation[offset + 5] = s.linearVelocity.y
    observation[offset + 6] = s.angularVelocity
}

/// What reading the arm also tells the safety checks.
struct ArmReading {
    var endEffector: SIMD2<Float>
    var jointsAtLimit: Int
}

extension PlanarArm {
    /// Writes `sin q_i` (all joints), `cos q_i`, `qdot_i`, then the end effector's x, y and
    /// wrapped pointing angle, starting at `offset`; returns the end-effector position and the
    /// number of joints at a limit. `states` is the world's batch read (indexed by body id).
    ///
    /// Cost: one native joint read per joint, no allocation.
    func writeObservation(world: World, states: [BodyState], into observation: inout [Float], at offset: Int) -> ArmReading {
        let n = joints.count
        var atLimit = 0
        for i in 0..<n {
            let joint = world.state(of: joints[i])
            observation[offset + i] = sin(joint.value)
            observation[offset + n + i] = cos(joint.value)
            observation[offset + 2 * n + i] = joint.speed
            if joint.isAtLimit { atLimit += 1 }
        }
        var tip = basePosition
        var angle = baseAngle
        if let last = links.last, let length = linkLengths.last {
            let s = states[Int(last.id)]
            tip = s.position + SIMD2(cos(s.angle), sin(s.angle)) * length
            angle = s.angle
        }
        observation[offset + 3 * n] = tip.x
        observation[offset + 3 * n + 1] = tip.y
        observation[offset + 3 * n + 2] = wrappedAngle(angle)
        return ArmReading(endEffector: tip, jointsAtLimit: atLimit)
    }

    /// Sets the joint motors from an action in [-1, 1] per joint (values outside are clipped),
    /// scaled by `maxSpeed` (rad/s). Allocates nothing.
    func driveJoints(_ action: [Float], from start: Int = 0, maxSpeed: Float, in world: World) throws(PhysicsError) {
        for i in joints.indices {
            let a = Swift.min(Swift.max(action[start + i], -1), 1)
            try world.setMotorSpeed(a * maxSpeed, of: joints[i])
        }
    }

    /// Moves the end effector by `delta` metres over one control step of `duration` seconds
    /// through damped-least-squares IK, scaling the joint speeds down together when one would
    /// exceed `maxSpeed` (the direction of motion is kept). `speeds` is scratch space, reused
    /// from step to step so that nothing is allocated.
    func driveEndEffector(
        by delta: SIMD2<Float>, duration: Float, maxSpeed: Float, in world: World, speeds: inout [Float]
    ) throws(PhysicsError) {
        jointSpeeds(forEndEffectorVelocity: delta / duration, in: world, into: &speeds)
        var largest: Float = 0
        for v in speeds { largest = Swift.max(largest, abs(v)) }
        let scale = largest > maxSpeed ? maxSpeed / largest : 1
        for i in joints.indices { try world.setMotorSpeed(speeds[i] * scale, of: joints[i]) }
    }
}

/// Distance from `p` to the segment `a`-`b`.
func distance(from p: SIMD2<Float>, toSegment a: SIMD2<Float>, _ b: SIMD2<Float>) -> Float {
    let ab = b - a
    let lengthSquared = (ab * ab).sum()
    let t = lengthSquared > 0 ? Swift.min(Swift.max(((p - a) * ab).sum() / lengthSquared, 0), 1) : 0
    let d = p - (a + t * ab)
    return (d * d).sum().squareRoot()
}

/// Euclidean length.
@inline(__always)
func length(_ v: SIMD2<Float>) -> Float { (v * v).sum().squareRoot() }
