/// Goals and position lists written as text, as on the command line (`--goal 0.2,0.25`,
/// `--positions object0,end_effector`).
public enum PlanningGoal {
    /// Reads `"x,y"`: two finite numbers separated by a comma (spaces allowed).
    ///
    /// ```swift
    /// try PlanningGoal.parse("0.2, 0.25")   // SIMD2(0.2, 0.25)
    /// ```
    /// - Throws: ``PlanningError`` `.invalidGoal` saying what was expected.
    public static func parse(_ text: String) throws(PlanningError) -> SIMD2<Float> {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingSpaces() }
        guard parts.count == 2, let x = Float(parts[0]), let y = Float(parts[1]), x.isFinite, y.isFinite else {
            throw PlanningError(
                .invalidGoal, "a goal must be two numbers \"x,y\" in metres, e.g. --goal 0.2,0.25; got '\(text)'",
                context: ["goal": text])
        }
        return SIMD2(x, y)
    }

    /// Reads a comma-separated list of position names (`"object0, end_effector"`), dropping
    /// empty entries.
    public static func positions(_ text: String) -> [String] {
        text.split(separator: ",").map { String($0).trimmingSpaces() }.filter { !$0.isEmpty }
    }
}
