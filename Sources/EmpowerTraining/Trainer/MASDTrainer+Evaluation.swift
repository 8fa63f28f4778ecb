import EmpowerBase
import EmpowerSkills

extension MASDTrainer {
    /// Rolls out every skill `episodesPerSkill` times and measures joint accuracy, per-agent
    /// accuracy and the coordination measure (``MASDEvaluation``).
    ///
    /// Episode e of skill z starts from `Seed.derive(seed, stream: "evaluation", index: z * 100_000 + e)`
    /// (the seeds ``SkillEvaluation`` uses), with every agent's deterministic action tanh(mean)
    /// unless `stochastic`. Returns the episodes too, for pictures.
    public func evaluateSkills(episodesPerSkill: Int = 3, seed: UInt64 = 1_000_003, stochastic: Bool = false) throws -> (episodes: [SkillEpisode], evaluation: MASDEvaluation) {
        var generator = Xoshiro256(seed: Seed.derive(seed, stream: "evaluation-policy"))
        var episodes: [SkillEpisode] = []
        for skill in 0..<skillCount {
            for episode in 0..<episodesPerSkill {
                episodes.append(try rolloutSkill(
                    skill, seed: Seed.derive(seed, stream: "evaluation", index: UInt64(skill * 100_000 + episode)),
                    stochastic: stochastic, recordFrames: false, using: &generator))
            }
        }
        return (episodes, MASDEvaluation(episodes: episodes, skillCount: skillCount))
    }
}
