import EmpowerBase


/// Errors of planning with skills: a goal that cannot be read or lies off the table, a run
/// without skills, an environment that cannot be planned in, a damaged outcome-model file.
///
/// ```swift
/// do { _ = try PlanningGoal.parse("0.1;0.2") }
/// catch let error as PlanningError { print(error) }   // invalid_goal: --goal must be two numbers "x,y" ...
/// ```
public typealias PlanningError = CodedError<PlanningErrorCode>

/// The codes of ``PlanningError``.
public enum PlanningErrorCode: String, Sendable {
    /// The goal text is not two finite numbers `x,y`.
    case invalidGoal = "invalid_goal"
    /// The goal is not on the environment's table (or whatever region it accepts goals in).
    case goalOutOfReach = "goal_out_of_reach"
    /// The run learned no skills (plain SAC or PPO), so there is nothing to plan over.
    case noSkills = "no_skills"
    /// The environment does not report the tracked position (e.g. `object0`).
    case missingPosition = "missing_position"
    /// The `simulate` planner needs `snapshot()` / `restore(_:)`, which the environment lacks.
    case snapshotUnsupported = "snapshot_unsupported"
    /// A search or model setting is out of range (depth, beam width, horizon, sizes, radius).
    case invalidSetting = "invalid_setting"
    /// An outcome-model file exists but belongs to another setup or is damaged.
    case incompatibleModel = "incompatible_model"
    /// There were too few rollouts to fit the outcome model.
    case notEnoughData = "not_enough_data"
}

extension PlanningError {
    /// `.invalidSetting` for `name = value`, saying what is allowed.
    static func setting(_ name: String, _ value: some CustomStringConvertible, allowed: String) -> PlanningError {
        PlanningError(.invalidSetting, "\(name) must be \(allowed), got \(value)", context: ["setting": name, "value": "\(value)"])
    }
}
