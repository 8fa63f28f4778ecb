import EmpowerBase
import EmpowerNN
import FoundationEssentials

/// Everything of a run that is not its algorithm, in one value: the step counter, every random
/// stream, and the collector (which holds the episode counter, each environment's episode and
/// the skill draws). A checkpoint is this plus the algorithm's parts (learner, objective,
/// replay buffer), written by ``TrainingLoop``.
///
/// Random streams, each derived from the master seed with ``Seed/derive(_:stream:index:)``
/// under its name: `"policy"` (exploration noise, warm-up actions), `"buffer"` (minibatches),
/// `"update"` (reparameterization noise, PPO's minibatch order), `"channels"` (reward
/// channels' minibatches), and the collector's `"skills"` (skill draws). Network weights come
/// from `"init"`, which is used only when a trainer is made.
struct RunState {
    var step = 0
    var policyGenerator: Xoshiro256
    var bufferGenerator: Xoshiro256
    var updateGenerator: Xoshiro256
    var channelGenerator: Xoshiro256
    var collector: Collector
    /// Off-policy runs: the fraction of an update earned and not yet run (a replay ratio of
    /// 0.25 earns a quarter of an update per environment step).
    var updateCredit = 0.0
    /// The ranks of data-parallel training that wrote the checkpoint restored (1 otherwise).
    var checkpointRanks = 1

    init(seed: UInt64, collector: Collector) {
        policyGenerator = Xoshiro256(seed: Seed.derive(seed, stream: "policy"))
        bufferGenerator = Xoshiro256(seed: Seed.derive(seed, stream: "buffer"))
        updateGenerator = Xoshiro256(seed: Seed.derive(seed, stream: "update"))
        channelGenerator = Xoshiro256(seed: Seed.derive(seed, stream: "channels"))
        self.collector = collector
    }

    var episodes: Int { collector.episodes }

    /// Writes the counters and generators into a checkpoint's metadata and the collector's
    /// tensors under `collector.`.
    func save(into state: inout TrainingState, tensors: inout CheckpointTensors) {
        state.step = step
        state.generators["policy"] = policyGenerator.words
        state.generators["buffer"] = bufferGenerator.words
        state.generators["update"] = updateGenerator.words
        state.generators["channels"] = channelGenerator.words
        state.updateCreditBits = updateCredit == 0 ? nil : updateCredit.bitPattern
        collector.record(into: &state)
        tensors.add(collector.checkpointTensors(), under: "collector")
    }

    /// Restores what ``save(into:tensors:)`` wrote. Checkpoints of format 1 kept only the
    /// streams their algorithm used; the others keep their fresh state.
    /// - Throws: ``TrainingError`` `.incompatibleCheckpoint`, or what replaying throws.
    mutating func restore(from section: CheckpointSection, state: TrainingState, seed: UInt64) throws {
        func stream(_ name: String, _ generator: inout Xoshiro256) throws {
            if state.format == 1 && state.generators[name] == nil { return }
            generator = try Xoshiro256(words: state.generators[name])
        }
        try stream("policy", &policyGenerator)
        try stream("buffer", &bufferGenerator)
        try stream("update", &updateGenerator)
        try stream("channels", &channelGenerator)
        try collector.restore(from: section.section("collector"), state: state, seed: seed)
        step = state.step
        updateCredit = Double(bitPattern: state.updateCreditBits ?? 0)
        checkpointRanks = state.ranks ?? 1
    }
}

/// The part of a checkpoint that is not tensors, stored as the checkpoint's JSON metadata: what
/// the run is (algorithm, environment, sizes), counters, generator states and the collector's
/// per-environment state.
struct TrainingState: Codable {
    static let currentFormat = 3
    /// Formats this version reads: 1 (before the collector), 2 (before the run's identity), 3.
    static let readableFormats = 1...3

    var format = TrainingState.currentFormat
    var algorithm: String
    var environment: String
    var observationSize: Int
    var actionSize: Int
    var skillCount: Int
    var step = 0
    var episodes = 0
    var generators: [String: [UInt64]] = [:]
    var episodeIndices: [Int] = []
    var skills: [Int32] = []
    var stepsSinceSkill: [Int] = []
    var episodeReturnBits: [UInt32] = []
    var episodeLengths: [Int] = []
    /// Agents per environment (multi-agent runs; absent in single-agent checkpoints).
    var agentCount: Int?
    /// Floats of the global state (multi-agent runs).
    var stateSize: Int?
    /// The run's identity (format 3): its master seed and ``ConfigurationLoader/identity(of:)``
    /// of its configuration, so a checkpoint of another run is refused.
    var seed: UInt64?
    var configurationIdentity: String?
    /// ``RunState/updateCredit``'s bits; absent when it is 0 (always, for a whole replay ratio).
    var updateCreditBits: UInt64?
    /// Data-parallel training (absent for one process): the number of ranks, every other
    /// rank's state (rank 1 first; its tensors are under `rank<r>.`), and the CRC-32 of the
    /// parameters and optimizer state every rank holds alike (``TrainingLoop/sharedDigest``).
    var ranks: Int?
    var otherRanks: [TrainingState]?
    var sharedDigest: UInt32?
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
    func save(tensors: [NamedTensor], into runDirectory: RunDirectory, keep: Int) throws {
        let store = try CheckpointStore(directory: runDirectory.checkpointsPath, keep: keep)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try store.save(step: step, tensors: tensors, metadata: Array(try encoder.encode(self)))
    }
}

extension TrainingState {
    /// The error for a data-parallel checkpoint resumed on another number of ranks.
    static func rankCountMismatch(step: Int, saved: Int, launched: Int) -> TrainingError {
        let how = saved == 1 ? "empower resume RUN_DIR without mpirun" : "mpirun -np \(saved) empower resume RUN_DIR"
        return TrainingError(
            .rankCountMismatch,
            "the checkpoint at step \(step) was written by \(saved == 1 ? "one process" : "data-parallel training on \(saved) ranks"), and this launch has \(launched == 1 ? "one process" : "\(launched) ranks"); each rank's environments and replay data are in the checkpoint, so the run continues only on as many ranks as it was trained on: \(how) (empower evaluate reads it on any number)",
            context: ["step": "\(step)", "checkpoint_ranks": "\(saved)", "ranks": "\(launched)"])
    }
}
