import EmpowerNN

/// Builds the inputs of skill-conditioned networks: each row is `[observation, onehot(z)]`.
///
/// With `skillCount == 0` (plain RL) the rows are the observations unchanged.
///
/// ```swift
/// // observations [B, 2], skills [B] in 0..<10  ->  inputs [B, 12]
/// SkillConditioning.fill(&inputs, observations: batch.observations, skills: batch.skills, skillCount: 10)
/// ```
public enum SkillConditioning {
    /// Writes `[observation, onehot(skill)]` rows into `inputs`, resizing it only when its
    /// shape is wrong (so a reused tensor is filled without allocation).
    public static func fill(_ inputs: inout Tensor, observations: Tensor, skills: [Int32], skillCount: Int) {
        let rows = observations.shape[0]
        let size = observations.shape[1]
        observations.withUnsafeBufferPointer { source in
            fill(&inputs, observations: source, rows: rows, observationSize: size, skills: skills, skillCount: skillCount)
        }
    }

    /// The same from raw row-major observations (`rows × observationSize` floats).
    public static func fill(
        _ inputs: inout Tensor, observations: UnsafeBufferPointer<Float>, rows: Int, observationSize: Int,
        skills: [Int32], skillCount: Int
    ) {
        precondition(observations.count == rows * observationSize, "SkillConditioning: \(observations.count) floats for \(rows) x \(observationSize)")
        precondition(skillCount == 0 || skills.count >= rows, "SkillConditioning: \(rows) rows need \(rows) skills, got \(skills.count)")
        let width = observationSize + skillCount
        if inputs.shape != Shape(rows: rows, columns: width) { inputs = Tensor(shape: Shape(rows: rows, columns: width)) }
        inputs.withUnsafeMutableBufferPointer { target in
            for r in 0..<rows {
                let row = target.baseAddress! + r * width
                row.update(from: observations.baseAddress! + r * observationSize, count: observationSize)
                if skillCount > 0 {
                    (row + observationSize).update(repeating: 0, count: skillCount)
                    let skill = Int(skills[r])
                    precondition(skill >= 0 && skill < skillCount, "SkillConditioning: skill \(skill) is outside 0..<\(skillCount)")
                    row[observationSize + skill] = 1
                }
            }
        }
    }
}
