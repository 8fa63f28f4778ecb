import EmpowerAgents
import EmpowerBase
import EmpowerNN

extension ReplayBuffer: CheckpointPart {
    /// The buffer's contents as named tensors for a checkpoint (see ``CheckpointPart``).
    ///
    /// Only the filled rows are written, in storage order, together with the write position,
    /// so a restored buffer samples exactly the same batches from the same generator state as
    /// the buffer that was saved. Names (the trainers put them under `replay.`):
    ///
    ///     state                     [4, 4]     capacity, observationSize, actionSize, writeIndex
    ///                                          (see IntegerTensor)
    ///     observations              [count, observationSize]
    ///     actions                   [count, actionSize]
    ///     rewards                   [count]
    ///     next_observations         [count, observationSize]
    ///     terminated                [count]
    ///     skills                    [count]    (exact: skills are below 2^24)
    ///     episode_starts            [count, observationSize], only in a buffer that stores them
    ///
    /// Cost: one copy of the filled part (a full 1e6-transition PointMass buffer is 32 MB).
    public func checkpointTensors() -> [NamedTensor] {
        func rows(_ storage: [Float], width: Int, isVector: Bool = false) -> Tensor {
            var tensor = Tensor(shape: isVector ? [count] : Shape(rows: count, columns: width))
            tensor.withUnsafeMutableBufferPointer { target in
                storage.withUnsafeBufferPointer { source in
                    for i in 0..<(count * width) { target[i] = source[i] }
                }
            }
            return tensor
        }
        var skillTensor = Tensor(shape: [count])
        skillTensor.withUnsafeMutableBufferPointer { target in
            for i in 0..<count { target[i] = Float(skills[i]) }
        }
        var tensors: [NamedTensor] = [
            ("state", IntegerTensor.encode([capacity, observationSize, actionSize, writeIndex])),
            ("observations", rows(observations, width: observationSize)),
            ("actions", rows(actions, width: actionSize)),
            ("rewards", rows(rewards, width: 1, isVector: true)),
            ("next_observations", rows(nextObservations, width: observationSize)),
            ("terminated", rows(terminated, width: 1, isVector: true)),
            ("skills", skillTensor),
        ]
        if storesEpisodeStarts { tensors.append(("episode_starts", rows(episodeStarts, width: observationSize))) }
        return tensors
    }

    /// Replaces the contents with the tensors written by ``checkpointTensors()``.
    ///
    /// All or nothing: the buffer is unchanged unless every tensor is present and consistent.
    /// - Throws: ``CheckpointError`` `.missingTensor` when a tensor is absent,
    ///   `.incompatibleState` when the saved capacity or sizes differ from this buffer's (a
    ///   configuration changed since the checkpoint), `.shapeMismatch` when a tensor's shape does
    ///   not fit the saved counters.
    public mutating func restore(from section: CheckpointSection) throws(CheckpointError) {
        func tensor(_ name: String) throws(CheckpointError) -> Tensor {
            guard let value = section[name] else {
                throw CheckpointError(
                    .missingTensor,
                    "\(section.source) has no replay-buffer tensor '\(section.fullName(name))'; it was saved without a replay buffer or with another prefix",
                    context: ["tensor": "\(section.fullName(name))"])
            }
            return value
        }
        let stateTensor = try tensor("state")
        guard let state = IntegerTensor.decode(stateTensor, count: 4) else {
            throw CheckpointError(.incompatibleState, "'\(section.fullName("state"))' is not a valid replay-buffer state (shape \(stateTensor.shape)); the checkpoint is damaged",
                                  context: ["tensor": section.fullName("state")])
        }
        let (savedCapacity, savedObservationSize, savedActionSize, savedWriteIndex) = (state[0], state[1], state[2], state[3])
        guard savedCapacity == capacity, savedObservationSize == observationSize, savedActionSize == actionSize else {
            throw CheckpointError(
                .incompatibleState,
                "the checkpoint's replay buffer has capacity \(savedCapacity), observation size \(savedObservationSize), action size \(savedActionSize); "
                    + "this run's has \(capacity), \(observationSize), \(actionSize); resume with the configuration the run was started with",
                context: ["saved_capacity": "\(savedCapacity)", "capacity": "\(capacity)",
                          "saved_observation_size": "\(savedObservationSize)", "observation_size": "\(observationSize)",
                          "saved_action_size": "\(savedActionSize)", "action_size": "\(actionSize)"])
        }
        let savedObservations = try tensor("observations")
        let savedCount = savedObservations.shape.rank == 2 ? savedObservations.shape[0] : -1
        guard savedCount >= 0, savedCount <= capacity,
              savedWriteIndex >= 0, savedWriteIndex < capacity,
              savedCount == capacity || savedWriteIndex == savedCount % capacity
        else {
            throw CheckpointError(
                .incompatibleState,
                "the checkpoint's replay buffer has \(savedCount) rows and write index \(savedWriteIndex), which do not fit capacity \(capacity); the checkpoint is damaged",
                context: ["rows": "\(savedCount)", "write_index": "\(savedWriteIndex)"])
        }
        let expected: [(String, Shape)] = [
            ("observations", Shape(rows: savedCount, columns: observationSize)),
            ("actions", Shape(rows: savedCount, columns: actionSize)),
            ("rewards", [savedCount]),
            ("next_observations", Shape(rows: savedCount, columns: observationSize)),
            ("terminated", [savedCount]),
            ("skills", [savedCount]),
        ] + (storesEpisodeStarts ? [("episode_starts", Shape(rows: savedCount, columns: observationSize))] : [])
        var loaded: [String: Tensor] = [:]
        for (name, shape) in expected {
            let value = try tensor(name)
            guard value.shape == shape else {
                throw CheckpointError(
                    .shapeMismatch, "'\(section.fullName(name))' has shape \(value.shape), expected \(shape); the checkpoint is damaged",
                    context: ["tensor": "\(section.fullName(name))", "shape": value.shape.description, "expected": shape.description])
            }
            loaded[name] = value
        }
        var restoredSkills = [Int32](repeating: 0, count: savedCount)
        if let skillTensor = loaded["skills"] {
            for i in 0..<savedCount {
                let value = skillTensor[i]
                guard value >= 0, value < Float(ReplayBuffer.skillLimit), value.rounded(.towardZero) == value else {
                    throw CheckpointError(.incompatibleState, "'\(section.fullName("skills"))' holds \(value) at row \(i), not a skill index; the checkpoint is damaged",
                                          context: ["tensor": section.fullName("skills"), "row": "\(i)"])
                }
                restoredSkills[i] = Int32(value)
            }
        }
        func fill(_ storage: inout [Float], from name: String) {
            guard let value = loaded[name] else { return }
            value.withUnsafeBufferPointer { source in
                storage.withUnsafeMutableBufferPointer { target in
                    for i in 0..<source.count { target[i] = source[i] }
                    for i in source.count..<target.count { target[i] = 0 }
                }
            }
        }
        fill(&observations, from: "observations")
        fill(&actions, from: "actions")
        fill(&rewards, from: "rewards")
        fill(&nextObservations, from: "next_observations")
        fill(&terminated, from: "terminated")
        fill(&episodeStarts, from: "episode_starts")
        skills.withUnsafeMutableBufferPointer { target in
            for i in target.indices { target[i] = i < savedCount ? restoredSkills[i] : 0 }
        }
        count = savedCount
        writeIndex = savedWriteIndex
    }
}
