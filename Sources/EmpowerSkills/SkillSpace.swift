import EmpowerBase

/// The skills a run learns, built once from its configuration and handed to the learner, the
/// objective and the collector: how many there are, whether they are discrete or continuous,
/// the width of the code the networks see, and how a skill is drawn.
///
/// - `none`: SAC and PPO learn no skill; the code is empty and every draw is skill 0.
/// - `discrete(K)`: z uniform over 0..<K (``SkillPrior``), code onehot(z), K wide.
/// - `continuous(K, dimension: D)`: z a unit vector in D dimensions (a draw of N(0, I),
///   normalized), the code is z itself. K is the number of fixed unit directions evaluation
///   rolls out (``evaluationCodes(seed:)``).
///
/// ```swift
/// let space = SkillSpace.discrete(10)
/// var codes = [Float](repeating: 0, count: 2 * space.codeSize)
/// var generator = Xoshiro256(seed: 1)
/// let z = space.draw(into: &codes, row: 1, using: &generator)   // codes[10 + z] == 1
/// ```
public struct SkillSpace: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        case none, discrete, continuous
    }

    public let kind: Kind
    /// K: discrete skills, or evaluation directions of continuous ones; 0 for `none`.
    public let count: Int
    /// The width of the code appended to observations.
    public let codeSize: Int

    /// No skills (SAC, PPO).
    public static let none = SkillSpace(kind: .none, count: 0, codeSize: 0)

    /// K discrete skills with a uniform prior.
    public static func discrete(_ count: Int) -> SkillSpace {
        precondition(count >= 1, "a discrete skill space needs at least one skill, got \(count)")
        return SkillSpace(kind: .discrete, count: count, codeSize: count)
    }

    /// Continuous skills in `dimension` dimensions, evaluated along `count` directions.
    public static func continuous(_ count: Int, dimension: Int) -> SkillSpace {
        precondition(count >= 1 && dimension >= 1, "a continuous skill space needs directions and dimensions, got \(count) and \(dimension)")
        return SkillSpace(kind: .continuous, count: count, codeSize: dimension)
    }

    /// The uniform prior over discrete skills (`nil` otherwise).
    public var prior: SkillPrior? { kind == .discrete ? SkillPrior(skillCount: count) : nil }

    /// Draws a skill, writes its code into `codes[row * codeSize ..< (row + 1) * codeSize]` and
    /// returns its index (0 for continuous skills and for `none`). Draws nothing for `none`.
    public func draw(into codes: inout [Float], row: Int, using generator: inout some RandomNumberGenerator) -> Int32 {
        let base = row * codeSize
        switch kind {
        case .none:
            return 0
        case .discrete:
            let skill = SkillPrior(skillCount: count).sample(using: &generator)
            for j in 0..<codeSize { codes[base + j] = j == Int(skill) ? 1 : 0 }
            return skill
        case .continuous:
            var norm: Float = 0
            for j in 0..<codeSize {
                codes[base + j] = generator.nextStandardNormal()
                norm += codes[base + j] * codes[base + j]
            }
            for j in 0..<codeSize { codes[base + j] /= max(norm.squareRoot(), 1e-6) }
            return 0
        }
    }

    /// The K codes evaluation conditions skills 0..<K on, row after row: one-hot rows for
    /// discrete skills; unit vectors for continuous ones (evenly spaced on the circle in 2-D,
    /// otherwise drawn from `Seed.derive(seed, stream: "evaluation-skills", index: k)`).
    public func evaluationCodes(seed: UInt64) -> [Float] {
        var values = [Float](repeating: 0, count: count * codeSize)
        for k in 0..<count {
            switch kind {
            case .none:
                break
            case .discrete:
                values[k * codeSize + k] = 1
            case .continuous where codeSize == 2:
                let angle = 2 * Float.pi * Float(k) / Float(count)
                values[k * 2] = _cosf(angle)
                values[k * 2 + 1] = _sinf(angle)
            case .continuous:
                var generator = Xoshiro256(seed: Seed.derive(seed, stream: "evaluation-skills", index: UInt64(k)))
                var norm: Float = 0
                for j in 0..<codeSize {
                    values[k * codeSize + j] = generator.nextStandardNormal()
                    norm += values[k * codeSize + j] * values[k * codeSize + j]
                }
                for j in 0..<codeSize { values[k * codeSize + j] /= max(norm.squareRoot(), 1e-6) }
            }
        }
        return values
    }
}
