import EmpowerBase
import EmpowerNN

/// Reach: minus the distance from the end effector to the nearest object after the step,
/// divided by `scale` (metres), so a gripper that stays near objects is paid:
///
///     r = -min_j |ee(s') - object_j(s')| / scale
///
/// The positions are read from the observation at the indices the environment declares as
/// feature groups (`end_effector` and `objects` on the tabletop environments).
public final class ReachChannel: RewardChannel {
    public let name: String
    public let weight: Float
    /// Observation indices of the end effector's x and y.
    public let endEffector: [Int]
    /// Observation indices of every object's x and y, in pairs.
    public let objects: [Int]
    public let scale: Float

    /// - Precondition: two end-effector indices and an even, non-zero number of object indices.
    public init(name: String = "reach", weight: Float, endEffector: [Int], objects: [Int], scale: Float) {
        precondition(endEffector.count == 2 && !objects.isEmpty && objects.count % 2 == 0, "ReachChannel needs end-effector xy and object xy pairs")
        self.name = name
        self.weight = weight
        self.endEffector = endEffector
        self.objects = objects
        self.scale = scale
    }

    public func rewards(for rollout: RolloutTransitions, metrics: inout Metrics) -> [Float] {
        let size = rollout.observationSize
        var result = [Float](repeating: 0, count: rollout.count)
        rollout.nextObservations.withUnsafeBufferPointer { s in
            for m in 0..<rollout.count {
                let row = m * size
                let ex = s[row + endEffector[0]], ey = s[row + endEffector[1]]
                var nearest = Float.infinity
                for j in stride(from: 0, to: objects.count, by: 2) {
                    let dx = s[row + objects[j]] - ex, dy = s[row + objects[j + 1]] - ey
                    nearest = min(nearest, (dx * dx + dy * dy).squareRoot())
                }
                result[m] = -nearest / scale
            }
        }
        return result
    }
}

/// Safety: minus the number of safety events of the step (object off the table, joint at its
/// limit, excessive contact impulse, end effector out of the workspace), from
/// `info.safetyEvents`; 0 for environments that report none.
public final class SafetyChannel: RewardChannel {
    public let name: String
    public let weight: Float

    public init(name: String = "safety", weight: Float) {
        self.name = name
        self.weight = weight
    }

    public func rewards(for rollout: RolloutTransitions, metrics: inout Metrics) -> [Float] {
        rollout.safetyEvents.map { -$0 }
    }
}

/// Task: the environment's own reward (a downstream task, or plain PPO's only channel).
public final class TaskChannel: RewardChannel {
    public let name: String
    public let weight: Float

    public init(name: String = "task", weight: Float) {
        self.name = name
        self.weight = weight
    }

    public func rewards(for rollout: RolloutTransitions, metrics: inout Metrics) -> [Float] { rollout.environmentRewards }
}

/// A float the environment reports in `info.floats[key]` every step (0 on steps without it):
/// a channel a user adds from the configuration file as `"info.KEY": weight`.
public final class InfoChannel: RewardChannel {
    public let name: String
    public let weight: Float
    public let key: String

    public init(key: String, weight: Float) {
        name = "info.\(key)"
        self.key = key
        self.weight = weight
    }

    public var infoKeys: [String] { [key] }

    public func rewards(for rollout: RolloutTransitions, metrics: inout Metrics) -> [Float] {
        rollout.infoFloats[key] ?? [Float](repeating: 0, count: rollout.count)
    }
}
