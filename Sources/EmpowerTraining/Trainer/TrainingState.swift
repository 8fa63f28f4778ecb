import EmpowerBase

/// The part of a checkpoint that is not tensors, stored as the checkpoint's JSON metadata:
/// counters, generator states and the collector's per-environment state. Together with the
/// tensors (networks, optimizer moments, replay buffer, the actions of every environment's
/// current episode) it lets a run continue exactly where it stopped.
struct TrainingState: Codable {
    static let currentFormat = 1

    var format = TrainingState.currentFormat
    var algorithm: String
    var environment: String
    var observationSize: Int
    var actionSize: Int
    var skillCount: Int
    var step: Int
    var episodes: Int
    var generators: [String: [UInt64]]
    var episodeIndices: [Int]
    var skills: [Int32]
    var stepsSinceSkill: [Int]
    var episodeReturnBits: [UInt32]
    var episodeLengths: [Int]
    /// Agents per environment (multi-agent runs; absent in single-agent checkpoints).
    var agentCount: Int?
    /// Floats of the global state (multi-agent runs).
    var stateSize: Int?
}

extension Xoshiro256 {
    var words: [UInt64] { [state.0, state.1, state.2, state.3] }

    init(words: [UInt64]?) throws(TrainingError) {
        guard let words, words.count == 4, let generator = try? Xoshiro256(state: (words[0], words[1], words[2], words[3])) else {
            throw TrainingError(.incompatibleCheckpoint, "the checkpoint's generator state is missing or invalid; the file was written by another program or altered")
        }
        self = generator
    }
}
