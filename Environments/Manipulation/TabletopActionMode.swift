import EmpowerCore

/// How a tabletop action drives the arm.
///
/// - ``jointVelocity`` (`"joint_velocity"`, the default): one value per joint in [-1, 1],
///   scaled by the environment's maximum joint speed into motor target speeds (rad/s).
/// - ``endEffector`` (`"end_effector"`): an xy displacement of the end effector in [-1, 1]²,
///   scaled by the maximum end-effector step (metres per control step) and turned into joint
///   speeds by the arm's damped-least-squares inverse kinematics
///   (`PlanarArm.jointSpeeds(forEndEffectorVelocity:in:)`), capped at the maximum joint speed.
///
/// ```swift
/// let mode = try TabletopActionMode(argument: "end_effector", environment: "TabletopPush-v0")
/// ```
public enum TabletopActionMode: String, CaseIterable, Sendable, Hashable, Codable {
    case jointVelocity = "joint_velocity"
    case endEffector = "end_effector"

    /// Parses a catalog argument.
    /// - Throws: ``EnvironmentError`` `.invalidArgument` naming the accepted values, with a
    ///   "did you mean" when the value is close to one of them.
    public init(argument value: String, environment: String) throws(EnvironmentError) {
        if let mode = TabletopActionMode(rawValue: value) {
            self = mode
            return
        }
        let names = Self.allCases.map(\.rawValue)
        let hint = closestMatch(to: value, in: names).map { " Did you mean \"\($0)\"?" } ?? ""
        throw EnvironmentError(
            .invalidArgument,
            "\(environment): actionMode must be one of \(names.map { "\"\($0)\"" }.joined(separator: ", ")), got \"\(value)\".\(hint)",
            context: ["environment": environment, "argument": "actionMode", "value": value])
    }
}
