import EmpowerBase
import EmpowerCore
import EmpowerTraining
import Foundation
import Testing

@Suite("SkillTrainer: rollouts and skill actions")
struct SkillTrainerTests {
    @Test("A rollout records the tracked position at reset and after every step, and one normalized log q row per step")
    func rolloutRecordsEverything() throws {
        var configuration = tinyConfiguration()
        configuration.steps = 200
        let trainer = try Trainers.make(configuration: configuration, catalog: try trainingCatalog())
        try trainer.train(until: 200, stop: nil, progress: nil)
        var generator = Xoshiro256(seed: 3)
        let episode = try trainer.rolloutSkill(2, seed: 9, stochastic: false, recordFrames: false, using: &generator)
        #expect(episode.skill == 2)
        #expect(episode.length == 100)
        #expect(episode.positions["agent"]?.count == 101)
        let table = try #require(episode.discriminatorLogProbabilities["skill"])
        #expect(table.count == 100 * 4)
        for row in 0..<100 {
            let total = table[(row * 4)..<((row + 1) * 4)].reduce(0) { $0 + exp(Double($1)) }
            #expect(abs(total - 1) < 1e-4)
        }
        // The path moves as the actions say: replaying the recorded policy gives the same end.
        var again = Xoshiro256(seed: 3)
        let repeated = try trainer.rolloutSkill(2, seed: 9, stochastic: false, recordFrames: false, using: &again)
        #expect(repeated.positions["agent"] == episode.positions["agent"])
        #expect(repeated.discriminatorLogProbabilities == episode.discriminatorLogProbabilities)
    }

    @Test("skillAction stays in the action bounds and rejects a bad skill or observation with a typed error")
    func skillActionChecksItsInput() throws {
        let trainer = try Trainers.make(configuration: tinyConfiguration(), catalog: try trainingCatalog())
        var generator = Xoshiro256(seed: 1)
        let action = try trainer.skillAction(for: [0.2, -0.1], skill: 1, stochastic: true, using: &generator)
        #expect(action.count == 2)
        #expect(action.allSatisfy { $0 >= -1 && $0 <= 1 })
        #expect { try trainer.skillAction(for: [0.2, -0.1], skill: 4, stochastic: false, using: &generator) } throws: { error in
            "\(error)".contains("skills 0 to 3")
        }
        #expect { try trainer.skillAction(for: [0.2], skill: 0, stochastic: false, using: &generator) } throws: { error in
            "\(error)".contains("1 floats") && "\(error)".contains("has 2")
        }
    }
}
