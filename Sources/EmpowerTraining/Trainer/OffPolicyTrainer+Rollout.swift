import EmpowerAgents
import EmpowerBase
import EmpowerCore
import EmpowerNN
import EmpowerSkills

extension OffPolicyTrainer: SkillTrainer, LoopingTrainer {
    var updateCount: Int { learner.updateCount }
    func addToLatestMetrics(_ values: [(key: String, value: Double)]) { log.addToLatest(values) }
    var progressMetrics: [String] { ["skills/accuracy", "train/critic_loss", "rollout/episode_return"] }

    /// Runs the policy conditioned on `skill` for one episode of a fresh environment reset with
    /// `seed` (see ``SkillTrainer/rolloutSkill(_:seed:stochastic:recordFrames:using:)``). The
    /// discriminator's log q(. | s') of every step is recorded under the name `"skill"`.
    public func rolloutSkill(_ skill: Int, seed: UInt64, stochastic: Bool, recordFrames: Bool, using generator: inout Xoshiro256) throws -> SkillEpisode {
        try checkSkill(skill)
        var env = try catalog.make(configuration.environment, arguments: configuration.catalogArguments)
        var observation = try env.reset(seed: seed).observation
        var episode = SkillEpisode(skill: skill)
        func recordPositions() {
            for (name, point) in env.positions { episode.positions[name, default: []].append(point) }
        }
        recordPositions()
        if recordFrames { episode.frames.append(try env.render()) }
        var states: [Float] = []
        while true {
            let action = try skillAction(for: observation, skill: skill, stochastic: stochastic, using: &generator)
            let result = try env.step(action)
            try checkFinite(result.observation, rewards: [result.reward], stage: "evaluation step")
            states += result.observation
            episode.length += 1
            episode.episodeReturn += Double(result.reward)
            episode.safetyViolations += result.info.safetyEvents?.total ?? 0
            recordPositions()
            if recordFrames { episode.frames.append(try env.render()) }
            observation = result.observation
            if result.isDone { break }
        }
        if let objective, episode.length > 0 {
            let visited = try Tensor(shape: Shape(rows: episode.length, columns: observationSize), scalars: states)
            episode.discriminatorLogProbabilities["skill"] = objective.discriminator.logProbabilityTable(of: visited)
        }
        return episode
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
