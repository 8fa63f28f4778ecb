import EmpowerAgents
import EmpowerBase
import EmpowerNN

/// A replay buffer of joint transitions for multi-agent off-policy learners (MASD): every
/// agent's observation, the global state, the joint action, the team reward, the next
/// observations and state, the termination flag and the shared skill.
///
/// Stored in one ``ReplayBuffer`` whose "observation" row packs `[o_0, ..., o_{N-1}, s]`
/// (N × observationSize + stateSize floats) and whose action row is the joint action, so the
/// ring, the uniform sampling and the checkpoint format (``ReplayBuffer/namedTensors(prefix:)``)
/// are the single-agent buffer's. ``sample(_:into:using:)`` unpacks a batch into a
/// ``MultiAgentTransitionBatch``.
///
/// ```swift
/// var buffer = MultiAgentReplayBuffer(capacity: 100_000, agentCount: 3, observationSize: 14, stateSize: 18, actionSize: 2)
/// buffer.append(observations: o, state: s, actions: a, reward: 0, nextObservations: o2, nextState: s2, isTerminated: false, skill: 4)
/// buffer.sample(256, into: &batch, using: &rng)
/// ```
///
/// Memory: `capacity x (2 (N obs + state) + N act + 2) x 4 + capacity x 4` bytes.
public struct MultiAgentReplayBuffer: Sendable, CheckpointPart {
    public let agentCount: Int
    public let observationSize: Int
    public let stateSize: Int
    public let actionSize: Int
    /// The packed storage.
    public internal(set) var storage: ReplayBuffer
    var packedBatch: TransitionBatch
    var row: [Float]
    var nextRow: [Float]

    public init(capacity: Int, agentCount: Int, observationSize: Int, stateSize: Int, actionSize: Int) {
        self.agentCount = agentCount
        self.observationSize = observationSize
        self.stateSize = stateSize
        self.actionSize = actionSize
        let width = agentCount * observationSize + stateSize
        storage = ReplayBuffer(capacity: capacity, observationSize: width, actionSize: agentCount * actionSize)
        packedBatch = TransitionBatch(batchSize: 1, observationSize: width, actionSize: agentCount * actionSize)
        row = [Float](repeating: 0, count: width)
        nextRow = [Float](repeating: 0, count: width)
    }

    public var count: Int { storage.count }
    public var capacity: Int { storage.capacity }

    /// Stores one joint transition. `observations` and `nextObservations` hold N ×
    /// observationSize floats (agent 0 first), `actions` N × actionSize.
    public mutating func append(
        observations: ArraySlice<Float>, state: ArraySlice<Float>, actions: ArraySlice<Float>, reward: Float,
        nextObservations: ArraySlice<Float>, nextState: ArraySlice<Float>, isTerminated: Bool, skill: Int32
    ) {
        let split = agentCount * observationSize
        precondition(observations.count == split && nextObservations.count == split && state.count == stateSize && nextState.count == stateSize,
                     "MultiAgentReplayBuffer.append: observations \(observations.count)/\(nextObservations.count) (expected \(split)), states \(state.count)/\(nextState.count) (expected \(stateSize))")
        row.replaceSubrange(0..<split, with: observations)
        row.replaceSubrange(split..<row.count, with: state)
        nextRow.replaceSubrange(0..<split, with: nextObservations)
        nextRow.replaceSubrange(split..<nextRow.count, with: nextState)
        row.withUnsafeBufferPointer { o in
            nextRow.withUnsafeBufferPointer { n in
                Array(actions).withUnsafeBufferPointer { a in
                    storage.append(observation: o, action: a, reward: reward, nextObservation: n, isTerminated: isTerminated, skill: skill)
                }
            }
        }
    }

    /// Samples `batchSize` joint transitions uniformly, with replacement (the draws of
    /// ``ReplayBuffer/sample(_:into:using:)``), into `batch`, resizing it when needed.
    public mutating func sample(_ batchSize: Int, into batch: inout MultiAgentTransitionBatch, using generator: inout some RandomNumberGenerator) {
        storage.sample(batchSize, into: &packedBatch, using: &generator)
        if batch.batchSize != batchSize || batch.agentCount != agentCount || batch.observationSize != observationSize
            || batch.stateSize != stateSize || batch.actionSize != actionSize {
            batch = MultiAgentTransitionBatch(batchSize: batchSize, agentCount: agentCount, observationSize: observationSize, stateSize: stateSize, actionSize: actionSize)
        }
        let split = agentCount * observationSize
        let width = split + stateSize
        func unpack(_ packed: Tensor, into observations: inout Tensor, _ states: inout Tensor) {
            packed.withUnsafeBufferPointer { source in
                observations.withUnsafeMutableBufferPointer { o in
                    states.withUnsafeMutableBufferPointer { s in
                        for r in 0..<batchSize {
                            for k in 0..<split { o[r * split + k] = source[r * width + k] }
                            for k in 0..<stateSize { s[r * stateSize + k] = source[r * width + split + k] }
                        }
                    }
                }
            }
        }
        unpack(packedBatch.observations, into: &batch.observations, &batch.states)
        unpack(packedBatch.nextObservations, into: &batch.nextObservations, &batch.nextStates)
        batch.actions = packedBatch.actions
        batch.rewards = packedBatch.rewards
        batch.terminated = packedBatch.terminated
        batch.skills = packedBatch.skills
    }

    /// The packed buffer's checkpoint tensors (see ``ReplayBuffer/checkpointTensors()``).
    public func checkpointTensors() -> [NamedTensor] { storage.checkpointTensors() }

    /// Restores what ``checkpointTensors()`` wrote.
    public mutating func restore(from section: CheckpointSection) throws(CheckpointError) {
        try storage.restore(from: section)
    }
}
