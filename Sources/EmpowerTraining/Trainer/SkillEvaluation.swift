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
    /// - Precondition: the trainer runs DIAYN.
    public static func evaluate(
        _ trainer: OffPolicyTrainer, catalog: EnvironmentCatalog, episodesPerSkill: Int = 2, seed: UInt64 = 1_000_003,
        stochastic: Bool = false
    ) throws -> SkillEvaluation {
        guard let objective = trainer.objective else {
            throw TrainingError(.unsupportedEnvironment, "skill evaluation needs a skill-discovery run (algorithm diayn), this one is \(trainer.configuration.algorithm.rawValue)")
        }
        let skillCount = trainer.skillCount
        var sampler = ActorSampler(actor: trainer.learner.actor)
        var generator = Xoshiro256(seed: Seed.derive(seed, stream: "evaluation-policy"))
        var states: [Float] = []
        var labels: [Int32] = []
        var inputs = Tensor(shape: [1, 1])
        var trajectories: [[[SIMD2<Float>]]] = []
        var positionName: String?
        for skill in 0..<skillCount {
            var skillTrajectories: [[SIMD2<Float>]] = []
            for episode in 0..<episodesPerSkill {
                var env = try catalog.make(trainer.configuration.environment, arguments: trainer.configuration.catalogArguments)
                var observation = try env.reset(seed: Seed.derive(seed, stream: "evaluation", index: UInt64(skill * 100_000 + episode))).observation
                if positionName == nil { positionName = trackedPosition(in: env.positions) }
                var path: [SIMD2<Float>] = []
                if let name = positionName, let point = env.positions[name] { path.append(point) }
                while true {
                    observation.withUnsafeBufferPointer { source in
                        SkillConditioning.fill(&inputs, observations: source, rows: 1, observationSize: trainer.observationSize, skills: [Int32(skill)], skillCount: skillCount)
                    }
                    let action = trainer.scaledToActionSpace(sampler.act(inputs, deterministic: !stochastic, using: &generator))
                    let step = try env.step(action)
                    states += step.observation
                    labels.append(Int32(skill))
                    observation = step.observation
                    if let name = positionName, let point = env.positions[name] { path.append(point) }
                    if step.isDone { break }
                }
                skillTrajectories.append(path)
            }
            trajectories.append(skillTrajectories)
        }
        let observations = try Tensor(shape: Shape(rows: labels.count, columns: trainer.observationSize), scalars: states)
        var discriminator = objective.discriminator
        let result = discriminator.evaluate(on: observations, skills: labels)
        var correct = [Int](repeating: 0, count: skillCount)
        var total = [Int](repeating: 0, count: skillCount)
        var bound = 0.0
        let logK = Double(_logf(Float(skillCount)))
        discriminator.logProbabilities.withUnsafeBufferPointer { logQ in
            for i in labels.indices { bound += Double(logQ[i]) + logK }
        }
        let predictions = discriminator.lastPredictions
        for i in labels.indices {
            total[Int(labels[i])] += 1
            if predictions[i] == labels[i] { correct[Int(labels[i])] += 1 }
        }
        return SkillEvaluation(
            accuracy: Double(result.accuracy),
            perSkillAccuracy: (0..<skillCount).map { Double(correct[$0]) / Double(max(total[$0], 1)) },
            mutualInformationLowerBound: bound / Double(max(labels.count, 1)),
            states: labels.count, trajectories: trajectories, positionName: positionName)
    }
}
