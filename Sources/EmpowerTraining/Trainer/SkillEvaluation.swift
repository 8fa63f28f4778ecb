import EmpowerAgents
import EmpowerBase
import EmpowerCore
import EmpowerNN
import EmpowerSkills

/// Discriminator accuracy on fresh rollouts of every skill (not on the replay buffer).
///
/// For each skill z and each of `episodesPerSkill` episodes, a new environment is reset with
/// `Seed.derive(seed, stream: "evaluation", index: z * 100_000 + episode)` and run to its end
/// with the policy conditioned on z (its deterministic action tanh(mean) unless `stochastic`).
/// Every visited next state s' is classified by the discriminator; accuracy is the fraction
/// whose most probable skill is z, overall and per skill.
public struct SkillEvaluation: Sendable {
    public var accuracy: Double
    public var perSkillAccuracy: [Double]
    /// The mean of log q(z|s') + log K over the visited states: the I(S;Z) lower bound, nats.
    public var mutualInformationLowerBound: Double
    public var states: Int
    /// The tracked position (`Environment.positions`, e.g. "agent" or "end_effector") along
    /// every evaluation episode: `trajectories[skill][episode]` is the list of points, the reset
    /// position first. Empty when the environment exposes no positions.
    public var trajectories: [[[SIMD2<Float>]]]
    /// The name of the tracked position.
    public var positionName: String?

    /// Which named position plots and coverage follow: the agent, else the end effector, else
    /// the first name in order.
    public static func trackedPosition(in positions: [String: SIMD2<Float>]) -> String? {
        for name in ["agent", "end_effector", "tip", "agent0"] where positions[name] != nil { return name }
        return positions.keys.sorted().first
    }

    /// Evaluates the trainer's current policy and discriminator.
    /// - Throws: ``TrainingError`` when the run learns no skills.
    public static func evaluate(
        _ trainer: any SkillTrainer, episodesPerSkill: Int = 2, seed: UInt64 = 1_000_003, stochastic: Bool = false
    ) throws -> SkillEvaluation {
        let skillCount = trainer.skillCount
        guard skillCount > 0 else {
            throw TrainingError(.unsupportedEnvironment, "skill evaluation needs a skill-discovery run, this one is \(trainer.configuration.algorithm.rawValue)")
        }
        var generator = Xoshiro256(seed: Seed.derive(seed, stream: "evaluation-policy"))
        var trajectories: [[[SIMD2<Float>]]] = []
        var positionName: String?
        var correct = [Int](repeating: 0, count: skillCount)
        var total = [Int](repeating: 0, count: skillCount)
        var bound = 0.0
        let logK = Double(_logf(Float(skillCount)))
        for skill in 0..<skillCount {
            var skillTrajectories: [[SIMD2<Float>]] = []
            for episode in 0..<episodesPerSkill {
                let rollout = try trainer.rolloutSkill(
                    skill, seed: Seed.derive(seed, stream: "evaluation", index: UInt64(skill * 100_000 + episode)),
                    stochastic: stochastic, recordFrames: false, using: &generator)
                if positionName == nil { positionName = trackedPosition(in: rollout.positions.mapValues { $0[0] }) }
                skillTrajectories.append(positionName.flatMap { rollout.positions[$0] } ?? [])
                let table = rollout.discriminatorLogProbabilities["skill"] ?? rollout.discriminatorLogProbabilities["joint"] ?? []
                for row in 0..<(table.count / skillCount) {
                    let scores = table[(row * skillCount)..<((row + 1) * skillCount)]
                    bound += Double(scores[scores.startIndex + skill]) + logK
                    total[skill] += 1
                    if scores.indices.max(by: { scores[$0] < scores[$1] }) == scores.startIndex + skill { correct[skill] += 1 }
                }
            }
            trajectories.append(skillTrajectories)
        }
        let states = total.reduce(0, +)
        return SkillEvaluation(
            accuracy: Double(correct.reduce(0, +)) / Double(max(states, 1)),
            perSkillAccuracy: (0..<skillCount).map { Double(correct[$0]) / Double(max(total[$0], 1)) },
            mutualInformationLowerBound: bound / Double(max(states, 1)),
            states: states, trajectories: trajectories, positionName: positionName)
    }
}
