import EmpowerBase

/// The distribution skills are drawn from: uniform over K discrete skills, p(z) = 1/K.
public struct SkillPrior: Hashable, Sendable, Codable {
    public let skillCount: Int

    public init(skillCount: Int) {
        precondition(skillCount >= 1, "a skill prior needs at least one skill, got \(skillCount)")
        self.skillCount = skillCount
    }

    /// log p(z) = -log K.
    public var logProbability: Float { -_logf(Float(skillCount)) }

    /// A skill index in 0..<K.
    public func sample(using generator: inout some RandomNumberGenerator) -> Int32 {
        Int32(generator.nextIndex(below: skillCount))
    }
}
