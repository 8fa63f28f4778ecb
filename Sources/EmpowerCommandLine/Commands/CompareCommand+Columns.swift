import EmpowerBase
import EmpowerTraining

/// Reading a metric out of report.json by its key, for tables whose columns are chosen by name
/// (`empower sweep --columns joint_accuracy,per_agent_accuracy`).
extension CompareCommand {
    /// The metric keys `empower compare` shows, in its order; a table shows those that at least
    /// one of its runs has.
    static let defaultColumns = [
        "discriminator_accuracy", "mutual_information_lower_bound", "mutual_information_plugin", "state_coverage_cells",
        "object_coverage_cells", "skills_moving_objects", "object_displacement_cells", "object_move_directions", "joint_accuracy",
        "per_agent_accuracy", "relative_position_cells_per_pair", "assignment_patterns", "safety_violations_per_episode", "mean_return",
    ]

    /// The numeric metric keys of report.json (see ``EvaluationReport``), each also under
    /// `stochastic.` for the rollouts with sampled actions.
    static let metricKeys = EvaluationReport.ModeMetrics.CodingKeys.allCases.map(\.rawValue)

    /// Every key a column can name: the metrics, their `stochastic.` twins, and the numeric
    /// header keys.
    static let columnKeys = metricKeys + metricKeys.map { "stochastic." + $0 }
        + ["skills", "episodes_per_skill", "checkpoint_step", "cell_size"]

    /// The value of `key` (dotted for nested objects: `stochastic.joint_accuracy`) in a report;
    /// an array (`per_agent_accuracy`) gives the mean of its elements. Nil when the key is
    /// absent or not a number.
    static func value(of key: String, in report: JSONValue) -> Double? {
        var node: JSONValue? = report
        for component in key.split(separator: ".") { node = node?[String(component)] }
        switch node {
        case let .int(value)?: return Double(value)
        case let .number(value)?: return value
        case let .array(elements)?:
            let numbers = elements.compactMap { element -> Double? in
                switch element {
                case let .int(value): Double(value)
                case let .number(value): value
                default: nil
                }
            }
            guard !numbers.isEmpty, numbers.count == elements.count else { return nil }
            return numbers.reduce(0, +) / Double(numbers.count)
        default: return nil
        }
    }
}
