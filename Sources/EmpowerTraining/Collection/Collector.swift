import EmpowerBase
import EmpowerCore
import EmpowerSkills

/// Steps N environments with a policy's actions and keeps everything per environment that a
/// trainer would otherwise write itself: the current observations, each environment's skill
/// (index and code), the return, length, safety events and actions of its current episode,
/// the episode log, and the skill draws. Every trainer (SAC, DIAYN, PPO, SLIM, MASD) collects
/// through it; a multi-agent environment arrives as rows of its ``JointAgentEnvironment`` view.
///
/// ```swift
/// var collector = try Collector(environments: setup, configuration: configuration, skills: .discrete(10))
/// let collected = try collector.step(actions, at: step)      // actions in [-1, 1], N rows
/// // collected.observations[i], collected.actions[i], collected.rewards[i],
/// // collected.nextObservations[i] (the true final observation where an episode ended)
/// ```
///
/// Skills: each environment draws one when its episode starts (and, with `skillInterval`, again
/// every that many steps), from the generator `Seed.derive(seed, stream: "skills")`.
///
/// Checkpoints: the collector's tensors (``checkpointTensors()``, under `collector.`) and its
/// metadata (``CollectorState``) hold each environment's episode index and the actions of its
/// current episode; restoring replays every episode from its seed, which rebuilds each
/// environment's exact state without serializing it.
struct Collector {
    var environments: any VectorEnvironment
    let setup: TrainerEnvironments
    let skillSpace: SkillSpace
    /// Steps after which a running episode draws a new skill (`nil`: once per episode).
    let skillInterval: Int?
    /// Whether actions are clipped to [-1, 1] before scaling (unbounded Gaussian policies).
    let clipsActions: Bool
    var skillGenerator: Xoshiro256

    var observations: [Float]
    /// N x observation size: the first observation of every environment's current episode.
    var episodeStarts: [Float]
    var skills: [Int32]
    /// N x `skillSpace.codeSize` codes.
    var codes: [Float]
    var stepsSinceSkill: [Int]
    var episodeReturns: [Float]
    var episodeLengths: [Int]
    var episodeSafety: [Float]
    /// The environment actions of every environment's current episode (what resuming replays).
    var episodeActions: [[Float]]
    var episodes = 0
    /// Finished episodes and the latest update metrics, until the next metrics record.
    var log = EpisodeLog()

    /// Builds the vector environment, resets it with `seed` (the configuration's, or a rank's
    /// in data-parallel training) and draws every environment's first skill.
    /// - Throws: what the environments throw, ``TrainingError`` for NaN in a reset observation.
    init(
        environments setup: TrainerEnvironments, configuration: TrainingConfiguration, seed: UInt64, skills skillSpace: SkillSpace, skillInterval: Int? = nil,
        clipsActions: Bool = false
    ) throws {
        self.setup = setup
        self.skillSpace = skillSpace
        self.skillInterval = skillInterval
        self.clipsActions = clipsActions
        environments = try setup.makeVector(configuration: configuration)
        skillGenerator = Xoshiro256(seed: Seed.derive(seed, stream: "skills"))
        let count = configuration.environments
        skills = [Int32](repeating: 0, count: count)
        codes = [Float](repeating: 0, count: count * skillSpace.codeSize)
        stepsSinceSkill = [Int](repeating: 0, count: count)
        episodeReturns = [Float](repeating: 0, count: count)
        episodeLengths = [Int](repeating: 0, count: count)
        episodeSafety = [Float](repeating: 0, count: count)
        episodeActions = [[Float]](repeating: [], count: count)
        observations = try environments.reset(seed: seed).observations
        episodeStarts = observations
        for i in 0..<count { drawSkill(for: i) }
        try setup.checkFinite(observations, rewards: [], stage: "reset", step: 0)
    }

    /// The number of environments.
    var count: Int { skills.count }
    var observationSize: Int { setup.observationSize }
    var actionSize: Int { setup.actionSize }

    /// One step of every environment with `actions` (N rows in [-1, 1]), scaled to the action
    /// space. Books each environment's episode; where one ended, logs it, clears its actions and
    /// draws its next skill (the returned step keeps the skills the actions were taken with).
    /// - Throws: what the environments throw; ``TrainingError`` `.nonFiniteEnvironmentOutput`
    ///   for NaN or infinity in an observation, a final observation or a reward.
    mutating func step(_ actions: [Float], at step: Int) throws -> CollectedStep {
        let environmentActions = setup.scaled(actions, clipping: clipsActions)
        let result = try environments.step(environmentActions)
        try setup.checkFinite(result.observations, rewards: result.rewards, stage: "step", step: step)
        var collected = CollectedStep(
            observations: observations, actions: actions, rewards: result.rewards, nextObservations: result.observations,
            terminations: result.terminations, truncations: result.truncations, skills: skills, codes: codes, episodeStarts: episodeStarts,
            infos: result.infos)
        let size = observationSize
        for i in 0..<count {
            if let final = result.finalObservations[i] {
                try setup.checkFinite(final, rewards: [], stage: "final observation", step: step)
                collected.nextObservations.replaceSubrange((i * size)..<((i + 1) * size), with: final)
            }
            episodeReturns[i] += result.rewards[i]
            episodeLengths[i] += 1
            stepsSinceSkill[i] += 1
            episodeSafety[i] += Float(result.infos[i].safetyEvents?.total ?? 0)
            if result.isDone(i) {
                log.finish(episodeReturn: episodeReturns[i], length: episodeLengths[i], safetyEvents: episodeSafety[i])
                episodes += 1
                episodeReturns[i] = 0
                episodeLengths[i] = 0
                episodeSafety[i] = 0
                episodeActions[i].removeAll(keepingCapacity: true)
                episodeStarts.replaceSubrange((i * size)..<((i + 1) * size), with: result.observations[(i * size)..<((i + 1) * size)])
                drawSkill(for: i)
            } else {
                episodeActions[i].append(contentsOf: environmentActions[(i * actionSize)..<((i + 1) * actionSize)])
                if let skillInterval, stepsSinceSkill[i] >= skillInterval { drawSkill(for: i) }
            }
        }
        observations = result.observations
        return collected
    }

    mutating func drawSkill(for i: Int) {
        skills[i] = skillSpace.draw(into: &codes, row: i, using: &skillGenerator)
        stepsSinceSkill[i] = 0
    }
}

/// What one ``Collector/step(_:at:)`` produced, row i for environment i.
struct CollectedStep {
    /// s: the observations the actions were taken at.
    var observations: [Float]
    /// a: the policy's actions, in [-1, 1] (before scaling to the action space).
    var actions: [Float]
    var rewards: [Float]
    /// s': the next observations, the true final observation where an episode ended.
    var nextObservations: [Float]
    var terminations: [Bool]
    var truncations: [Bool]
    /// The skills (and codes) the actions were taken with.
    var skills: [Int32]
    var codes: [Float]
    /// The first observation of each transition's episode.
    var episodeStarts: [Float]
    var infos: [Info]

    func isDone(_ i: Int) -> Bool { terminations[i] || truncations[i] }
}
