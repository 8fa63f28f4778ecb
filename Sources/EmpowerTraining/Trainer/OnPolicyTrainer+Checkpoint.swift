import EmpowerAgents
import EmpowerBase
import EmpowerCore
import EmpowerNN
import EmpowerSkills
import FoundationEssentials

extension OnPolicyTrainer: SkillTrainer {
    // MARK: Checkpoints

    /// Writes a checkpoint of the current state into the run directory (nothing without one).
    /// Called between rollouts only, so no half-collected rollout needs saving.
    public func saveCheckpoint() throws {
        guard let runDirectory else { return }
        let store = try CheckpointStore(directory: runDirectory.checkpointsPath, keep: configuration.keepCheckpoints)
        let state = TrainingState(
            algorithm: configuration.algorithm.rawValue, environment: configuration.environment,
            observationSize: observationSize, actionSize: actionSize, skillCount: skillCount,
            step: step, episodes: episodes,
            generators: [
                "policy": policyGenerator.words, "update": updateGenerator.words,
                "channels": channelGenerator.words, "skills": skillGenerator.words,
            ],
            episodeIndices: environments.episodeIndices, skills: skills,
            stepsSinceSkill: [Int](repeating: 0, count: environmentCount),
            episodeReturnBits: episodeReturns.map(\.bitPattern), episodeLengths: episodeLengths)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let metadata = Array(try encoder.encode(state))
        var tensors = learner.namedState()
        for channel in channels {
            tensors += channel.namedState().map { ("channel.\(channel.name).\($0.name)", $0.tensor) }
        }
        tensors.append(("collector.skill_codes", Tensor(codes.isEmpty ? [0] : codes)))
        tensors.append(("collector.episode_safety", Tensor(episodeSafety)))
        tensors.append(("collector.channel_returns", Tensor(episodeChannelReturns)))
        tensors += episodeActionTensors(episodeActions)
        try store.save(step: step, tensors: tensors, metadata: metadata)
    }

    /// Restores everything a checkpoint holds; the environments replay their current episodes.
    /// - Throws: ``TrainingError`` `.incompatibleCheckpoint` when it belongs to another setup.
    public func restore(from checkpoint: Checkpoint) throws {
        let source = "checkpoint at step \(checkpoint.step)"
        let state = try checkedState(of: checkpoint, observationSize: observationSize, actionSize: actionSize)
        try learner.restore(from: checkpoint.tensors, source: source)
        for channel in channels {
            let prefix = "channel.\(channel.name)."
            var own: [String: Tensor] = [:]
            for (name, tensor) in checkpoint.tensors where name.hasPrefix(prefix) { own[String(name.dropFirst(prefix.count))] = tensor }
            try channel.restore(from: own, source: source)
        }
        func floats(_ name: String, count: Int) throws -> [Float] {
            guard let tensor = checkpoint.tensors[name], tensor.elementCount == count else {
                throw TrainingError(.incompatibleCheckpoint, "the \(source) lacks '\(name)' of \(count) values; it was written for another setup", context: ["tensor": name])
            }
            return tensor.scalars
        }
        let restoredCodes = codes.isEmpty ? [] : try floats("collector.skill_codes", count: codes.count)
        let restoredSafety = try floats("collector.episode_safety", count: environmentCount)
        let restoredChannelReturns = try floats("collector.channel_returns", count: episodeChannelReturns.count)
        policyGenerator = try Xoshiro256(words: state.generators["policy"])
        updateGenerator = try Xoshiro256(words: state.generators["update"])
        channelGenerator = try Xoshiro256(words: state.generators["channels"])
        skillGenerator = try Xoshiro256(words: state.generators["skills"])
        let actions = try episodeActions(in: checkpoint)
        observations = try environments.replayEpisodes(master: configuration.seed, episodes: state.episodeIndices, actions: actions)
        episodeActions = actions
        step = state.step
        episodes = state.episodes
        skills = state.skills
        codes = restoredCodes
        episodeSafety = restoredSafety
        episodeChannelReturns = restoredChannelReturns
        episodeReturns = state.episodeReturnBits.map(Float.init(bitPattern:))
        episodeLengths = state.episodeLengths
    }

    // MARK: Evaluation rollouts

    /// Runs the policy conditioned on `skill` for one episode of a fresh environment reset with
    /// `seed` (see ``SkillTrainer/rolloutSkill(_:seed:stochastic:recordFrames:using:)``). The
    /// discovery channel's log q(. | s') of every step is recorded under the name `"skill"`.
    public func rolloutSkill(_ skill: Int, seed: UInt64, stochastic: Bool, recordFrames: Bool, using generator: inout Xoshiro256) throws -> SkillEpisode {
        _ = try skillCode(skill)
        return try recordRollout(skill, seed: seed, stochastic: stochastic, recordFrames: recordFrames, using: &generator) { states, initial in
            guard let discovery else { return [:] }
            return ["skill": discovery.skillLogProbabilities(of: states, initial: initial, codes: evaluationCodes)]
        }
    }
}
