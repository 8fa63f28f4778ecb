/// Every problem the checker found in one environment.
///
/// ```swift
/// let report = checkEnvironment(try PointMass(), seed: 0, steps: 500)
/// if !report.isClean { print(report) }
/// ```
public struct CheckReport: Sendable, CustomStringConvertible {
    /// The id of the environment checked.
    public let environmentID: String
    /// The problems, in the order they were first found.
    public let problems: [CheckProblem]
    /// The number of steps the checker took in its main run.
    public let stepsTaken: Int

    public init(environmentID: String, problems: [CheckProblem], stepsTaken: Int) {
        self.environmentID = environmentID
        self.problems = problems
        self.stepsTaken = stepsTaken
    }

    /// Whether no problem was found.
    public var isClean: Bool { problems.isEmpty }

    /// The kinds of problem found.
    public var kinds: Set<CheckProblem.Kind> { Set(problems.map(\.kind)) }

    public var description: String {
        if problems.isEmpty { return "\(environmentID): no problems in \(stepsTaken) steps" }
        let lines = problems.map { "  - \($0)" }.joined(separator: "\n")
        return "\(environmentID): \(problems.count) problem\(problems.count == 1 ? "" : "s") in \(stepsTaken) steps\n\(lines)"
    }
}
