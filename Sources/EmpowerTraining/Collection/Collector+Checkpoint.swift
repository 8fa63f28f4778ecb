import EmpowerBase
import EmpowerCore
import EmpowerNN

extension Collector {
    /// The collector's tensors (the trainers put them under `collector.`): `skill_codes`
    /// (N x code size, one 0 when skills have no code), `episode_safety` (N), `episode_starts`
    /// (N x observation size, each current episode's first observation) and
    /// `episode_actions.<i>`, the environment actions of environment i's current episode.
    func checkpointTensors() -> [NamedTensor] {
        var tensors: [NamedTensor] = [
            ("skill_codes", Tensor(codes.isEmpty ? [0] : codes)),
            ("episode_safety", Tensor(episodeSafety)),
            ("episode_starts", Tensor(episodeStarts)),
        ]
        for (i, actions) in episodeActions.enumerated() { tensors.append(("episode_actions.\(i)", Tensor(actions))) }
        return tensors
    }

    /// Writes the collector's per-environment counters into a checkpoint's metadata.
    func record(into state: inout TrainingState) {
        state.episodes = episodes
        state.episodeIndices = environments.episodeIndices
        state.skills = skills
        state.stepsSinceSkill = stepsSinceSkill
        state.episodeReturnBits = episodeReturns.map(\.bitPattern)
        state.episodeLengths = episodeLengths
        state.generators["skills"] = skillGenerator.words
    }

    /// Restores what ``checkpointTensors()`` and ``record(into:)`` wrote, and replays every
    /// environment's current episode from its seed (derived from `seed`).
    /// - Throws: ``TrainingError`` `.incompatibleCheckpoint` for missing or mismatched state,
    ///   or what the environments throw while replaying.
    mutating func restore(from section: CheckpointSection, state: TrainingState, seed: UInt64) throws {
        let n = count
        guard state.episodeIndices.count == n, state.skills.count == n, state.stepsSinceSkill.count == n,
              state.episodeReturnBits.count == n, state.episodeLengths.count == n
        else {
            throw TrainingError(.incompatibleCheckpoint, "\(section.source) describes \(state.skills.count) environments, this run has \(n); resume with the run's own config.json")
        }
        do {
            // Discrete codes follow from the skills; continuous ones were drawn and are read back.
            var restoredCodes = codes
            if skillSpace.kind == .continuous {
                restoredCodes = try section.tensor("skill_codes", count: codes.count).scalars
            } else if skillSpace.kind == .discrete {
                for i in 0..<n {
                    let z = Int(state.skills[i])
                    guard (0..<skillSpace.count).contains(z) else {
                        throw CheckpointError(.incompatibleState, "\(section.source) gives environment \(i) skill \(z); this run has skills 0 to \(skillSpace.count - 1)")
                    }
                    for j in 0..<skillSpace.codeSize { restoredCodes[i * skillSpace.codeSize + j] = j == z ? 1 : 0 }
                }
            }
            // Checkpoints of earlier versions kept no safety counts outside SLIM: start them at 0.
            let restoredSafety = try section["episode_safety"] == nil ? [Float](repeating: 0, count: n) : section.tensor("episode_safety", count: n).scalars
            var actions: [[Float]] = []
            for i in 0..<n { actions.append(try section.tensor("episode_actions.\(i)").scalars) }
            skillGenerator = try Xoshiro256(words: state.generators["skills"])
            observations = try environments.replayEpisodes(master: seed, episodes: state.episodeIndices, actions: actions)
            // Checkpoints of earlier versions kept no episode starts; nothing of those runs read
            // them (features relative to the start came later), so the current observations stand in.
            episodeStarts = try section["episode_starts"] == nil ? observations : section.tensor("episode_starts", count: observations.count).scalars
            codes = restoredCodes
            episodeSafety = restoredSafety
            episodeActions = actions
        } catch let error as CheckpointError {
            throw TrainingError(.incompatibleCheckpoint, error.message, context: error.context)
        }
        episodes = state.episodes
        skills = state.skills
        stepsSinceSkill = state.stepsSinceSkill
        episodeReturns = state.episodeReturnBits.map(Float.init(bitPattern:))
        episodeLengths = state.episodeLengths
    }
}
