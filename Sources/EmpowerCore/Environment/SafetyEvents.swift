/// Counts of safety-relevant events during one step (or summed over an episode).
///
/// Manipulation environments fill these in ``Info/safetyEvents``; SLIM turns them into a safety
/// reward with a critic of its own.
///
/// ```swift
/// var events = SafetyEvents()
/// events[.jointAtLimit] += 1
/// events.total                       // 1
/// ```
public struct SafetyEvents: Hashable, Codable, Sendable {
    /// The kinds of event, with stable names for logs and metrics.
    public enum Kind: String, CaseIterable, Codable, Sendable {
        case objectOffTable = "object_off_table"
        case jointAtLimit = "joint_at_limit"
        case excessiveImpulse = "excessive_impulse"
        case endEffectorOutOfWorkspace = "end_effector_out_of_workspace"
    }

    /// An object fell off (or was pushed off) the table.
    public var objectOffTable: Int
    /// A joint reached one of its limits.
    public var jointAtLimit: Int
    /// A contact impulse above the environment's threshold.
    public var excessiveImpulse: Int
    /// The end effector left its allowed workspace.
    public var endEffectorOutOfWorkspace: Int

    public init(objectOffTable: Int = 0, jointAtLimit: Int = 0, excessiveImpulse: Int = 0, endEffectorOutOfWorkspace: Int = 0) {
        self.objectOffTable = objectOffTable
        self.jointAtLimit = jointAtLimit
        self.excessiveImpulse = excessiveImpulse
        self.endEffectorOutOfWorkspace = endEffectorOutOfWorkspace
    }

    /// The count of one kind.
    public subscript(kind: Kind) -> Int {
        get {
            switch kind {
            case .objectOffTable: objectOffTable
            case .jointAtLimit: jointAtLimit
            case .excessiveImpulse: excessiveImpulse
            case .endEffectorOutOfWorkspace: endEffectorOutOfWorkspace
            }
        }
        set {
            switch kind {
            case .objectOffTable: objectOffTable = newValue
            case .jointAtLimit: jointAtLimit = newValue
            case .excessiveImpulse: excessiveImpulse = newValue
            case .endEffectorOutOfWorkspace: endEffectorOutOfWorkspace = newValue
            }
        }
    }

    /// The number of events of every kind together.
    public var total: Int { objectOffTable + jointAtLimit + excessiveImpulse + endEffectorOutOfWorkspace }

    /// Element-wise sum, to accumulate over an episode.
    public static func + (lhs: SafetyEvents, rhs: SafetyEvents) -> SafetyEvents {
        SafetyEvents(
            objectOffTable: lhs.objectOffTable + rhs.objectOffTable,
            jointAtLimit: lhs.jointAtLimit + rhs.jointAtLimit,
            excessiveImpulse: lhs.excessiveImpulse + rhs.excessiveImpulse,
            endEffectorOutOfWorkspace: lhs.endEffectorOutOfWorkspace + rhs.endEffectorOutOfWorkspace)
    }

    public static func += (lhs: inout SafetyEvents, rhs: SafetyEvents) { lhs = lhs + rhs }
}
