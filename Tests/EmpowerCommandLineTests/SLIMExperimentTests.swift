@testable import EmpowerCommandLine
import EmpowerSkills
import Testing

@Suite("SLIM experiment metrics")
struct SLIMExperimentTests {
    /// An episode of `skill` whose object goes from `start` to `end` through `via`, with a skill
    /// table whose most probable skill is `guess` on every step.
    func episode(skill: Int, start: SIMD2<Float>, via: SIMD2<Float>, end: SIMD2<Float>, guess: Int, safety: Int) -> SkillEpisode {
        var table = [Float](repeating: -3, count: 2 * 2)
        table[guess] = -0.1
        table[2 + guess] = -0.1
        return SkillEpisode(
            skill: skill, positions: ["object0": [start, via, end]], discriminatorLogProbabilities: ["skill": table],
            safetyViolations: safety, length: 2)
    }

    @Test("coverage counts 5 cm cells, a skill moves the object past 2 cm, accuracy is per state")
    func measures() {
        let episodes = [
            // Skill 0 pushes the object 12 cm to the right (cells x = 0, 1, 2 at y = 0), recognized.
            episode(skill: 0, start: [0.01, 0.01], via: [0.06, 0.01], end: [0.13, 0.01], guess: 0, safety: 1),
            // Skill 1 barely touches it (1 cm, one cell), mistaken for skill 0.
            episode(skill: 1, start: [0.01, 0.01], via: [0.015, 0.01], end: [0.02, 0.01], guess: 0, safety: 0),
        ]
        let result = SLIMExperiment.measure(episodes, skillCount: 2)
        #expect(result.coverage == 3)
        #expect(result.movingFraction == 0.5)
        #expect(result.safetyPerEpisode == 0.5)
        #expect(result.accuracy == 0.5)
        let (mean, spread) = ExperimentRuns.meanAndSpread([1, 2, 3])
        #expect(mean == 2 && spread == 1)
    }
}
