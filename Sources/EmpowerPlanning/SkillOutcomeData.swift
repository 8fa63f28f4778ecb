/// Examples for the skill outcome model: a start state's features, the skill run from it, and
/// the features after the skill ran for H steps (or until its episode ended).
///
/// Features are flattened named xy positions (`["object0", "end_effector"]` gives
/// `[object0.x, object0.y, end_effector.x, end_effector.y]`), stored row-major.
///
/// ```swift
/// var data = SkillOutcomeData(featureCount: 2, skillCount: 3)
/// data.append(start: [0, 0], skill: 1, end: [0.1, 0])
/// data.count   // 1
/// ```
public struct SkillOutcomeData: Sendable {
    /// F: features per state.
    public let featureCount: Int
    /// K: skills the `skill` column ranges over.
    public let skillCount: Int
    /// `[count x F]` features before each skill.
    public private(set) var starts: [Float] = []
    /// The skill of each example.
    public private(set) var skills: [Int] = []
    /// `[count x F]` features after each skill.
    public private(set) var ends: [Float] = []

    public init(featureCount: Int, skillCount: Int) {
        precondition(featureCount > 0 && skillCount > 0, "outcome data needs features and skills, got \(featureCount) and \(skillCount)")
        self.featureCount = featureCount
        self.skillCount = skillCount
    }

    public var count: Int { skills.count }

    /// Adds one example. The caller guarantees the lengths (F each) and the skill (< K).
    public mutating func append(start: [Float], skill: Int, end: [Float]) {
        precondition(start.count == featureCount && end.count == featureCount, "outcome examples need \(featureCount) features")
        precondition((0..<skillCount).contains(skill), "skill \(skill) is outside 0..<\(skillCount)")
        starts += start
        skills.append(skill)
        ends += end
    }

    /// The features before example `i`.
    public func start(_ i: Int) -> ArraySlice<Float> { starts[(i * featureCount)..<((i + 1) * featureCount)] }
    /// The features after example `i`.
    public func end(_ i: Int) -> ArraySlice<Float> { ends[(i * featureCount)..<((i + 1) * featureCount)] }
}
