import EmpowerAgents
import EmpowerBase
import EmpowerNN
import EmpowerTestSupport
import Testing
@testable import EmpowerTraining

/// Appends transition `i` whose every field encodes `i`, so a sampled row can be checked
/// field by field against the index it came from.
private func appendNumbered(_ i: Int, to buffer: inout ReplayBuffer) {
    let observation: [Float] = [Float(i), Float(i) + 0.5]
    let next: [Float] = [Float(i) + 1, Float(i) + 1.5]
    let action: [Float] = [-Float(i)]
    observation.withUnsafeBufferPointer { o in
        action.withUnsafeBufferPointer { a in
            next.withUnsafeBufferPointer { n in
                buffer.append(observation: o, action: a, reward: Float(i) * 10, nextObservation: n,
                              isTerminated: i % 3 == 0, skill: Int32(i % 7))
            }
        }
    }
}

/// The transition number a batch row was built from, after checking every field agrees.
private func rowIndex(_ batch: TransitionBatch, _ row: Int) -> Int? {
    let i = batch.observations[row * 2]
    let consistent = batch.observations[row * 2 + 1] == i + 0.5
        && batch.nextObservations[row * 2] == i + 1
        && batch.nextObservations[row * 2 + 1] == i + 1.5
        && batch.actions[row] == -i
        && batch.rewards[row] == i * 10
        && batch.terminated[row] == (Int(i) % 3 == 0 ? 1 : 0)
        && batch.skills[row] == Int32(Int(i) % 7)
    return consistent ? Int(i) : nil
}

@Suite("ReplayBuffer")
struct ReplayBufferTests {
    @Test func appendStoresExactRowsAndCounts() {
        var buffer = ReplayBuffer(capacity: 8, observationSize: 2, actionSize: 1)
        #expect(buffer.count == 0)
        for i in 0..<5 { appendNumbered(i, to: &buffer) }
        #expect(buffer.count == 5)
        #expect(buffer.writeIndex == 5)
        #expect(!buffer.isFull)
        #expect(Array(buffer.observations[0..<10]) == [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5])
        #expect(Array(buffer.nextObservations[2..<4]) == [2, 2.5])
        #expect(Array(buffer.actions[0..<5]) == [0, -1, -2, -3, -4])
        #expect(Array(buffer.rewards[0..<5]) == [0, 10, 20, 30, 40])
        #expect(Array(buffer.terminated[0..<5]) == [1, 0, 0, 1, 0])
        #expect(Array(buffer.skills[0..<5]) == [0, 1, 2, 3, 4])
    }

    @Test func samplesOnlyStoredTransitionsWithAllFieldsFromOneRow() {
        var buffer = ReplayBuffer(capacity: 100, observationSize: 2, actionSize: 1)
        for i in 0..<10 { appendNumbered(i, to: &buffer) }
        var batch = TransitionBatch(batchSize: 64, observationSize: 2, actionSize: 1)
        var rng = Xoshiro256(seed: 1)
        var seen = Set<Int>()
        for _ in 0..<20 {
            buffer.sample(64, into: &batch, using: &rng)
            for row in 0..<64 {
                let index = rowIndex(batch, row)
                #expect(index != nil)
                if let index { seen.insert(index) }
            }
        }
        #expect(seen == Set(0..<10))
    }

    @Test func wrapsAroundOverwritingTheOldest() {
        var buffer = ReplayBuffer(capacity: 4, observationSize: 2, actionSize: 1)
        for i in 0..<6 { appendNumbered(i, to: &buffer) }
        #expect(buffer.count == 4)
        #expect(buffer.isFull)
        #expect(buffer.writeIndex == 2)
        // Rows 0 and 1 now hold transitions 4 and 5; rows 2 and 3 still hold 2 and 3.
        #expect(Array(buffer.observations[0..<8]) == [4, 4.5, 5, 5.5, 2, 2.5, 3, 3.5])
        var batch = TransitionBatch(batchSize: 200, observationSize: 2, actionSize: 1)
        var rng = Xoshiro256(seed: 2)
        buffer.sample(200, into: &batch, using: &rng)
        let indices = Set((0..<200).compactMap { rowIndex(batch, $0) })
        #expect(indices == [2, 3, 4, 5])
    }

    @Test func samplingIsReproducibleFromASeed() {
        var buffer = ReplayBuffer(capacity: 50, observationSize: 2, actionSize: 1)
        for i in 0..<50 { appendNumbered(i, to: &buffer) }
        var first = TransitionBatch(batchSize: 32, observationSize: 2, actionSize: 1)
        var second = TransitionBatch(batchSize: 32, observationSize: 2, actionSize: 1)
        var a = Xoshiro256(seed: 99)
        var b = Xoshiro256(seed: 99)
        buffer.sample(32, into: &first, using: &a)
        buffer.sample(32, into: &second, using: &b)
        #expect(first.observations == second.observations)
        #expect(first.skills == second.skills)
        // The batch is exactly the rows picked by nextIndex(below:) on the same stream.
        var c = Xoshiro256(seed: 99)
        let expected = (0..<32).map { _ in c.nextIndex(below: 50) }
        #expect((0..<32).map { rowIndex(first, $0) } == expected)
        var d = Xoshiro256(seed: 100)
        buffer.sample(32, into: &second, using: &d)
        #expect(first.observations != second.observations)
    }

    @Test func resizesABatchOfTheWrongSize() {
        var buffer = ReplayBuffer(capacity: 10, observationSize: 2, actionSize: 1)
        appendNumbered(7, to: &buffer)
        var batch = TransitionBatch(batchSize: 3, observationSize: 5, actionSize: 5)
        var rng = Xoshiro256(seed: 3)
        buffer.sample(4, into: &batch, using: &rng)
        #expect(batch.batchSize == 4)
        #expect(batch.observations.shape == [4, 2])
        #expect(batch.actions.shape == [4, 1])
        #expect((0..<4).map { rowIndex(batch, $0) } == [7, 7, 7, 7])
    }

    @Test func appendAndSampleDoNotAllocateOnceWarm() {
        var buffer = ReplayBuffer(capacity: 1000, observationSize: 2, actionSize: 1)
        for i in 0..<100 { appendNumbered(i, to: &buffer) }
        var batch = TransitionBatch(batchSize: 64, observationSize: 2, actionSize: 1)
        var rng = Xoshiro256(seed: 4)
        buffer.sample(64, into: &batch, using: &rng)
        let observation: [Float] = [1, 2]
        let action: [Float] = [3]
        let allocations = countAllocations {
            observation.withUnsafeBufferPointer { o in
                action.withUnsafeBufferPointer { a in
                    for _ in 0..<50 {
                        buffer.append(observation: o, action: a, reward: 1, nextObservation: o, isTerminated: false, skill: 1)
                        buffer.sample(64, into: &batch, using: &rng)
                    }
                }
            }
        }
        #expect(allocations == 0)
    }
}

@Suite("ReplayBuffer checkpoints")
struct ReplayBufferCheckpointTests {
    private func filled(_ total: Int, capacity: Int) -> ReplayBuffer {
        var buffer = ReplayBuffer(capacity: capacity, observationSize: 2, actionSize: 1)
        for i in 0..<total { appendNumbered(i, to: &buffer) }
        return buffer
    }

    private func dictionary(_ tensors: [(name: String, tensor: Tensor)]) -> [String: Tensor] {
        Dictionary(uniqueKeysWithValues: tensors.map { ($0.name, $0.tensor) })
    }

    @Test(arguments: [3, 10, 17])
    func roundTripSamplesTheSameBatches(total: Int) throws {
        let original = filled(total, capacity: 10)
        let tensors = original.checkpointTensors(under: "replay")
        #expect(tensors.first { $0.name == "replay.observations" }?.tensor.shape == Shape(rows: min(total, 10), columns: 2))
        // Through the binary format, as a checkpoint would.
        let decoded = try ParameterFile.decode(ParameterFile.encode(tensors))
        var restored = ReplayBuffer(capacity: 10, observationSize: 2, actionSize: 1)
        appendNumbered(42, to: &restored)
        try restored.restore(from: CheckpointSection(tensors: dictionary(decoded), prefix: "replay", source: "the test checkpoint"))
        #expect(restored.count == original.count)
        #expect(restored.writeIndex == original.writeIndex)
        #expect(restored.observations == original.observations)
        #expect(restored.skills == original.skills)
        var a = Xoshiro256(seed: 5)
        var b = Xoshiro256(seed: 5)
        var batchA = TransitionBatch(batchSize: 16, observationSize: 2, actionSize: 1)
        var batchB = TransitionBatch(batchSize: 16, observationSize: 2, actionSize: 1)
        original.sample(16, into: &batchA, using: &a)
        restored.sample(16, into: &batchB, using: &b)
        #expect(batchA.observations == batchB.observations)
        #expect(batchA.terminated == batchB.terminated)
        #expect(batchA.skills == batchB.skills)
    }

    @Test func missingTensorIsATypedErrorAndLeavesTheBufferUnchanged() {
        var tensors = dictionary(filled(5, capacity: 10).checkpointTensors(under: "replay"))
        tensors["replay.actions"] = nil
        var buffer = filled(2, capacity: 10)
        #expect(throws: CheckpointError.self) { try buffer.restore(from: CheckpointSection(tensors: tensors, prefix: "replay", source: "the test checkpoint")) }
        do {
            try buffer.restore(from: CheckpointSection(tensors: tensors, prefix: "replay", source: "the test checkpoint"))
        } catch {
            #expect(error.code == .missingTensor)
            #expect(error.message.contains("replay.actions"))
        }
        #expect(buffer.count == 2)
        #expect(rowIndex(sampleOne(buffer), 0).map { $0 < 2 } == true)
    }

    @Test func wrongPrefixIsMissing() {
        let tensors = dictionary(filled(5, capacity: 10).checkpointTensors(under: "replay"))
        var buffer = ReplayBuffer(capacity: 10, observationSize: 2, actionSize: 1)
        do {
            try buffer.restore(from: CheckpointSection(tensors: tensors, prefix: "buffer", source: "the test checkpoint"))
            Issue.record("restore with the wrong prefix succeeded")
        } catch {
            #expect(error.code == .missingTensor)
        }
    }

    @Test func differentCapacityIsIncompatible() {
        let tensors = dictionary(filled(5, capacity: 10).checkpointTensors(under: "replay"))
        var buffer = ReplayBuffer(capacity: 20, observationSize: 2, actionSize: 1)
        do {
            try buffer.restore(from: CheckpointSection(tensors: tensors, prefix: "replay", source: "the test checkpoint"))
            Issue.record("restore into another capacity succeeded")
        } catch {
            #expect(error.code == .incompatibleState)
            #expect(error.message.contains("capacity 10"))
        }
    }

    @Test func mismatchedShapeIsAnError() throws {
        var tensors = dictionary(filled(5, capacity: 10).checkpointTensors(under: "replay"))
        tensors["replay.rewards"] = Tensor(shape: [4])
        var buffer = ReplayBuffer(capacity: 10, observationSize: 2, actionSize: 1)
        do {
            try buffer.restore(from: CheckpointSection(tensors: tensors, prefix: "replay", source: "the test checkpoint"))
            Issue.record("restore with a short reward tensor succeeded")
        } catch {
            #expect(error.code == .shapeMismatch)
            #expect(error.context["tensor"] == "replay.rewards")
        }
    }

    @Test func inconsistentWriteIndexIsAnError() {
        var tensors = dictionary(filled(5, capacity: 10).checkpointTensors(under: "replay"))
        tensors["replay.state"] = IntegerTensor.encode([10, 2, 1, 7])
        var buffer = ReplayBuffer(capacity: 10, observationSize: 2, actionSize: 1)
        do {
            try buffer.restore(from: CheckpointSection(tensors: tensors, prefix: "replay", source: "the test checkpoint"))
            Issue.record("restore with write index 7 for 5 rows succeeded")
        } catch {
            #expect(error.code == .incompatibleState)
        }
    }

    private func sampleOne(_ buffer: ReplayBuffer) -> TransitionBatch {
        var batch = TransitionBatch(batchSize: 1, observationSize: 2, actionSize: 1)
        var rng = Xoshiro256(seed: 0)
        buffer.sample(1, into: &batch, using: &rng)
        return batch
    }
}

@Suite("IntegerTensor")
struct IntegerTensorTests {
    @Test func roundTripsLargeAndNegativeIntegersExactly() {
        let values = [0, 1, 16_777_217, 12_000_000_000, -1, Int.max, Int.min]
        #expect(IntegerTensor.decode(IntegerTensor.encode(values), count: values.count) == values)
    }

    @Test func rejectsNonIntegerDigits() {
        var tensor = IntegerTensor.encode([5])
        tensor[0] = 0.5
        #expect(IntegerTensor.decode(tensor, count: 1) == nil)
        #expect(IntegerTensor.decode(IntegerTensor.encode([5]), count: 2) == nil)
    }
}

@Suite("ReplayBuffer episode starts")
struct ReplayBufferEpisodeStartTests {
    /// A buffer keeping starts, transition i started its episode at (100 + i / 4, -i / 4).
    private func filled(_ total: Int, capacity: Int) -> ReplayBuffer {
        var buffer = ReplayBuffer(capacity: capacity, observationSize: 2, actionSize: 1, storingEpisodeStarts: true)
        for i in 0..<total {
            let observation: [Float] = [Float(i), Float(i) + 0.5], next: [Float] = [Float(i) + 1, Float(i) + 1.5], action: [Float] = [-Float(i)]
            let start: [Float] = [100 + Float(i / 4), -Float(i / 4)]
            observation.withUnsafeBufferPointer { o in
                action.withUnsafeBufferPointer { a in
                    next.withUnsafeBufferPointer { n in
                        start.withUnsafeBufferPointer { s in
                            buffer.append(observation: o, action: a, reward: Float(i) * 10, nextObservation: n, isTerminated: i % 3 == 0, skill: Int32(i % 7), episodeStart: s)
                        }
                    }
                }
            }
        }
        return buffer
    }

    @Test("each sampled row carries its own episode's start; the draws are the same as without starts")
    func sampledWithTheirRows() {
        let buffer = filled(30, capacity: 20)
        var batch = TransitionBatch(batchSize: 64, observationSize: 2, actionSize: 1)
        var rng = Xoshiro256(seed: 9)
        buffer.sample(64, into: &batch, using: &rng)
        let starts = batch.episodeStarts
        #expect(starts?.shape == [64, 2])
        for row in 0..<64 {
            guard let i = rowIndex(batch, row), let starts else { Issue.record("row \(row) is inconsistent"); continue }
            #expect(starts[row * 2] == 100 + Float(i / 4) && starts[row * 2 + 1] == -Float(i / 4))
        }
        var plain = ReplayBuffer(capacity: 20, observationSize: 2, actionSize: 1)
        for i in 0..<30 { appendNumbered(i, to: &plain) }
        var plainBatch = TransitionBatch(batchSize: 64, observationSize: 2, actionSize: 1)
        var same = Xoshiro256(seed: 9)
        plain.sample(64, into: &plainBatch, using: &same)
        #expect(plainBatch.observations == batch.observations && plainBatch.episodeStarts == nil)
        #expect(rng.next() == same.next(), "the same number of draws")
    }

    @Test("sampling with starts allocates nothing once warm")
    func noAllocation() {
        let buffer = filled(100, capacity: 1000)
        var batch = TransitionBatch(batchSize: 64, observationSize: 2, actionSize: 1)
        var rng = Xoshiro256(seed: 4)
        buffer.sample(64, into: &batch, using: &rng)
        let allocations = countAllocations {
            for _ in 0..<50 { buffer.sample(64, into: &batch, using: &rng) }
        }
        #expect(allocations == 0)
    }

    @Test("the starts round-trip through a checkpoint, and a checkpoint without them is refused")
    func checkpoint() throws {
        let original = filled(25, capacity: 20)
        let tensors = Dictionary(uniqueKeysWithValues: original.checkpointTensors(under: "replay").map { ($0.name, $0.tensor) })
        #expect(tensors["replay.episode_starts"]?.shape == Shape(rows: 20, columns: 2))
        var restored = ReplayBuffer(capacity: 20, observationSize: 2, actionSize: 1, storingEpisodeStarts: true)
        try restored.restore(from: CheckpointSection(tensors: tensors, prefix: "replay", source: "the test checkpoint"))
        #expect(restored.episodeStarts == original.episodeStarts)
        var without = tensors
        without["replay.episode_starts"] = nil
        var other = ReplayBuffer(capacity: 20, observationSize: 2, actionSize: 1, storingEpisodeStarts: true)
        #expect(throws: CheckpointError.self) { try other.restore(from: CheckpointSection(tensors: without, prefix: "replay", source: "the test checkpoint")) }
    }
}
