import EmpowerCore
import EmpowerManipulation

/// Scripted (hand-written, no learning) controllers that prove the physics supports the skills
/// skill discovery is expected to find.

/// Pushes object 0 of a `TabletopPush-v0` in `end_effector` mode a distance along a direction:
/// go to a point on the base side of the object, slide in behind it, then push through it
/// while steering the end effector back onto the push line.
struct ScriptedPusher {
    /// Base of the arm (the scene's layout).
    static let base = SIMD2<Float>(0, -0.4)

    var goal: SIMD2<Float>
    var direction: SIMD2<Float>
    /// Distance kept behind the object's centre while lining up (m).
    var standoff: Float = 0.09
    private var phase = 0

    init(goal: SIMD2<Float>, direction: SIMD2<Float>) {
        self.goal = goal
        self.direction = direction
    }

    /// A push of `distance` radially away from the arm's base, the direction the arm reaches
    /// naturally (its links stay between the base and the object), or `nil` when the goal
    /// would leave the table or the arm's comfortable reach, or the object is too close to
    /// the base to get behind it.
    static func plan(object: SIMD2<Float>, distance: Float) -> ScriptedPusher? {
        let d = normalized(object - base)
        let g = object + distance * d
        guard length(object - base) > 0.33, abs(g.x) < 0.42, g.y < 0.33, length(g - base) < 0.76 else { return nil }
        return ScriptedPusher(goal: g, direction: d)
    }

    /// The action for an observation (end-effector xy at 9, 10; object 0 at 12, 13).
    ///
    /// Waypoints: `home` near the base on the way to the object (curling the arm in first
    /// keeps its links from sweeping the object), then `approach` on the base side of the
    /// push line, then `behind` the object, then the push.
    mutating func action(for observation: [Float]) -> [Float] {
        let ee = SIMD2(observation[9], observation[10])
        let object = SIMD2(observation[12], observation[13])
        let behind = object - standoff * direction
        let approach = behind - 0.1 * normalized(object - Self.base) - 0.05 * direction
        let home = Self.base + min(0.3, length(approach - Self.base)) * normalized(approach - Self.base)
        let waypoints = [home, approach, behind]
        if phase < waypoints.count {
            if length(waypoints[phase] - ee) < 0.015 { phase += 1 }
            if phase < waypoints.count {
                var velocity = limited((waypoints[phase] - ee) / 0.02)
                // Until lined up behind it, steer around the object.
                let away = ee - object
                let gap = length(away)
                if phase < 2, gap < 0.12 {
                    let side = SIMD2(-away.y, away.x) * ((SIMD2(-away.y, away.x) * (waypoints[phase] - ee)).sum() >= 0 ? 1 : -1)
                    velocity += 3 * (0.12 - gap) / 0.12 * normalized(away + side)
                }
                return clip(velocity)
            }
        }
        // Push along the line, correcting sideways drift of the contact point, until the
        // object reaches the goal's line.
        if ((goal - object) * direction).sum() < 0 { return [0, 0] }
        let offset = ee - object
        let lateral = offset - (offset * direction).sum() * direction
        let velocity = 0.6 * direction - 4 * lateral
        return clip(velocity)
    }

    private func limited(_ v: SIMD2<Float>) -> SIMD2<Float> {
        let n = length(v)
        return n > 1 ? v / n : v
    }

    private func clip(_ v: SIMD2<Float>) -> [Float] {
        let n = length(v)
        let s = n > 1 ? 1 / n : 1
        return [v.x * s, v.y * s]
    }
}

func length(_ v: SIMD2<Float>) -> Float { (v * v).sum().squareRoot() }
func normalized(_ v: SIMD2<Float>) -> SIMD2<Float> { v / max(length(v), 1e-6) }

/// Grasps and lifts the block of a `TabletopLift-v0`: lower the open gripper around the block
/// (palm 5.5 cm above its top, so the fingers press at its centre height), close, lift, hold.
/// The arm is steered by the scene's damped-least-squares IK (read-only use of the scene);
/// everything is applied through `step`.
struct ScriptedLifter {
    var phase = 0
    var stepsInPhase = 0

    /// The action for the current state, given the block position seen at the start.
    mutating func action(env: TabletopLift, block: SIMD2<Float>) -> [Float] {
        let above = SIMD2<Float>(block.x, block.y + 0.03 + 0.055)
        let target: SIMD2<Float>, gripper: Float
        switch phase {
        case 0: (target, gripper) = (above, -1)  // descend open
        case 1: (target, gripper) = (above, 1)  // close
        default: (target, gripper) = ([block.x, block.y + 0.35], 1)  // lift and hold
        }
        stepsInPhase += 1
        if phase == 0 && stepsInPhase == 60 || phase == 1 && stepsInPhase == 30 { (phase, stepsInPhase) = (phase + 1, 0) }
        let effector = env.scene.endEffector()
        let speeds = env.scene.arm.jointSpeeds(
            forEndEffectorVelocity: 2 * (target - effector.position), angularVelocity: 2 * (-Float.pi / 2 - effector.angle),
            in: env.scene.world)
        let largest = speeds.map(abs).max() ?? 0
        let scale = largest > TabletopLift.maxJointSpeed ? 1 / largest : 1 / TabletopLift.maxJointSpeed
        return speeds.map { $0 * scale } + [gripper]
    }
}
