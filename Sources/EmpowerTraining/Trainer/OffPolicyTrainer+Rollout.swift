import EmpowerAgents
import EmpowerBase
import EmpowerCore
import EmpowerNN
import EmpowerSkills

extension OffPolicyTrainer {
    /// Runs the policy conditioned on `skill` for one episode of a fresh environment reset with
    /// `seed` (see ``SkillTrainer/rolloutSkill(_:seed:stochastic:recordFrames:using:)``). The
    /// discriminator's log q(. | s') of every step is recorded under the name `"skill"`.
    public func rolloutSkill(_ skill: Int, seed: UInt64, stochastic: Bool, recordFrames: Bool, using generator: inout Xoshiro256) throws -> SkillEpisode {
        try checkSkill(skill)
        return try recordRollout(skill, seed: seed, stochastic: stochastic, recordFrames: recordFrames, using: &generator) { states, _ in
            guard let objective else { return [:] }
            return ["skill": objective.discriminator.logProbabilityTable(of: states)]
        }
    }

    public func skillAction(for observation: [Float], skill: Int, stochastic: Bool, using generator: inout Xoshiro256) throws -> [Float] {
        try checkSkill(skill)
        guard observation.count == observationSize else {
            throw TrainingError(
                .unsupportedEnvironment, "an observation of \(observation.count) floats was given, \(configuration.environment) has \(observationSize)",
                context: ["observation_count": "\(observation.count)"])
        }
        var inputs = Tensor(shape: [1, 1])
        observation.withUnsafeBufferPointer { source in
            SkillConditioning.fill(&inputs, observations: source, rows: 1, observationSize: observationSize, skills: [Int32(skill)], skillCount: skillCount)
        }
        var sampler = ActorSampler(actor: learner.actor)
        return scaledToActionSpace(sampler.act(inputs, deterministic: !stochastic, using: &generator))
    }

    func checkSkill(_ skill: Int) throws {
        guard skillCount == 0 ? skill == 0 : (0..<skillCount).contains(skill) else {
            throw TrainingError(
                .unsupportedEnvironment, skillCount == 0 ? "this \(configuration.algorithm.rawValue) run learns no skills; use skill 0" : "skill \(skill) does not exist: this run has skills 0 to \(skillCount - 1)",
                context: ["skill": "\(skill)"])
        }
    }
}
