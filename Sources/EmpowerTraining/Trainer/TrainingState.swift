import EmpowerBase
import EmpowerNN
import FoundationEssentials

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

extension TrainingState {
    /// The state a checkpoint's metadata holds.
    /// - Throws: ``TrainingError`` `.incompatibleCheckpoint` when it does not decode.
    static func decode(_ checkpoint: Checkpoint) throws(TrainingError) -> TrainingState {
        do {
            return try JSONDecoder().decode(TrainingState.self, from: Data(checkpoint.metadata))
        } catch {
            throw TrainingError(.incompatibleCheckpoint, "the checkpoint at step \(checkpoint.step) has unreadable metadata (\(error)); it was not written by this version of Empower")
        }
    }

    /// Writes a checkpoint of `tensors` with this state as its metadata into the run's store
    /// (atomically; see ``CheckpointStore``).
    func save(tensors: [(name: String, tensor: Tensor)], into runDirectory: RunDirectory, keep: Int) throws {
        let store = try CheckpointStore(directory: runDirectory.checkpointsPath, keep: keep)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try store.save(step: step, tensors: tensors, metadata: Array(try encoder.encode(self)))
    }
}
