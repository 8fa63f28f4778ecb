import EmpowerBase
import EmpowerNN
import EmpowerTestSupport
import Glibc
import Testing
@testable import EmpowerTraining

@Suite("CheckpointStore")
struct CheckpointStoreTests {
    private func tensors(_ step: Int) -> [(name: String, tensor: Tensor)] {
        [("actor.0.weight", Tensor([Float(step), 1, 2, 3])),
         ("critic.0.bias", (try? Tensor(shape: [2, 2], scalars: [4, 5, 6, Float(step)])) ?? Tensor([])),
         ("counters", IntegerTensor.encode([step, 7]))]
    }

    @Test func roundTripKeepsTensorsOrderAndMetadata() throws {
        let directory = try TemporaryDirectory(prefix: "empower-training-test")
        defer { directory.remove() }
        let store = try CheckpointStore(directory: directory.file("checkpoints"))
        let metadata = Array(#"{"step": 12000, "note": "é"}"#.utf8)
        try store.save(step: 12_000, tensors: tensors(12_000), metadata: metadata)
        #expect(FileSystem.exists(directory.file("checkpoints/step-000012000.ckpt")))
        #expect(store.steps == [12_000])
        let loaded = try store.load(step: 12_000)
        #expect(loaded.step == 12_000)
        #expect(loaded.orderedNames == ["actor.0.weight", "critic.0.bias", "counters"])
        #expect(loaded.tensors["critic.0.bias"] == tensors(12_000)[1].tensor)
        #expect(loaded.metadata == metadata)
        #expect(loaded.metadataText == #"{"step": 12000, "note": "é"}"#)
        #expect(loaded.named(withPrefix: "actor.").map(\.name) == ["actor.0.weight"])
        let latest = try #require(try store.latest())
        #expect(latest.step == 12_000)
    }

    @Test func emptyDirectoryHasNoLatest() throws {
        let directory = try TemporaryDirectory(prefix: "empower-training-test")
        defer { directory.remove() }
        let store = try CheckpointStore(directory: directory.path)
        #expect(try store.latest() == nil)
        do {
            _ = try store.load(step: 5)
            Issue.record("loading a missing step succeeded")
        } catch {
            #expect(error.code == .notFound)
        }
    }

    @Test func truncatedNewestFallsBackToThePreviousWithAWarning() throws {
        let directory = try TemporaryDirectory(prefix: "empower-training-test")
        defer { directory.remove() }
        let store = try CheckpointStore(directory: directory.path, keep: 5)
        try store.save(step: 1000, tensors: tensors(1000), metadata: [1])
        try store.save(step: 2000, tensors: tensors(2000), metadata: [2])
        let newest = store.path(forStep: 2000)
        #expect(truncate(newest, 100) == 0)
        var warnings: [CheckpointError] = []
        let latest = try #require(try store.latest { warnings.append($0) })
        #expect(latest.step == 1000)
        #expect(latest.metadata == [1])
        #expect(warnings.count == 1)
        #expect(warnings.first?.code == .corrupted)
        #expect(warnings.first?.context["path"] == newest)
        #expect(warnings.first?.message.contains("truncated") == true)
    }

    @Test func flippedByteIsDetected() throws {
        let directory = try TemporaryDirectory(prefix: "empower-training-test")
        defer { directory.remove() }
        let store = try CheckpointStore(directory: directory.path)
        try store.save(step: 10, tensors: tensors(10), metadata: [])
        var bytes = try AtomicFile.read(store.path(forStep: 10))
        bytes[60] ^= 0x40
        try AtomicFile.write(bytes, to: store.path(forStep: 10))
        do {
            _ = try store.load(step: 10)
            Issue.record("a corrupted checkpoint loaded")
        } catch {
            #expect(error.code == .corrupted)
            #expect(error.message.contains("checksum"))
        }
    }

    @Test func garbageFileErrorsClearlyAndAloneIsNoValidCheckpoint() throws {
        let directory = try TemporaryDirectory(prefix: "empower-training-test")
        defer { directory.remove() }
        try directory.write("this is not a checkpoint", to: "step-000000500.ckpt")
        let store = try CheckpointStore(directory: directory.path)
        do {
            _ = try store.load(step: 500)
            Issue.record("garbage loaded")
        } catch {
            #expect(error.code == .corrupted)
            #expect(error.message.contains("step-000000500.ckpt"))
            #expect(error.message.contains("not an Empower parameter file"))
        }
        var skipped = 0
        do {
            _ = try store.latest { _ in skipped += 1 }
            Issue.record("latest() returned with only a garbage file")
        } catch {
            #expect(error.code == .noValidCheckpoint)
        }
        #expect(skipped == 1)
    }

    @Test func plainParameterFileIsNotACheckpoint() throws {
        let directory = try TemporaryDirectory(prefix: "empower-training-test")
        defer { directory.remove() }
        let store = try CheckpointStore(directory: directory.path)
        try ParameterFile.write(tensors(3), to: store.path(forStep: 3))
        do {
            _ = try store.load(step: 3)
            Issue.record("a parameter file without metadata loaded as a checkpoint")
        } catch {
            #expect(error.code == .corrupted)
            #expect(error.message.contains("__metadata__"))
        }
    }

    @Test func keepsOnlyTheNewestN() throws {
        let directory = try TemporaryDirectory(prefix: "empower-training-test")
        defer { directory.remove() }
        let store = try CheckpointStore(directory: directory.path, keep: 2)
        for step in [100, 200, 300, 400] {
            try store.save(step: step, tensors: tensors(step), metadata: [])
        }
        #expect(store.steps == [300, 400])
        #expect(try store.latest()?.step == 400)
    }

    @Test func savingAnEarlierStepDropsTheAbandonedFuture() throws {
        let directory = try TemporaryDirectory(prefix: "empower-training-test")
        defer { directory.remove() }
        let store = try CheckpointStore(directory: directory.path, keep: 3)
        for step in [100, 200, 300] { try store.save(step: step, tensors: tensors(step), metadata: []) }
        try store.save(step: 250, tensors: tensors(250), metadata: [])
        #expect(store.steps == [100, 200, 250])
    }

    @Test func reservedNameIsRejected() throws {
        let directory = try TemporaryDirectory(prefix: "empower-training-test")
        defer { directory.remove() }
        let store = try CheckpointStore(directory: directory.path)
        do {
            try store.save(step: 1, tensors: [("__metadata__", Tensor([1]))], metadata: [])
            Issue.record("a reserved tensor name was accepted")
        } catch {
            #expect(error.code == .reservedName)
        }
        #expect(store.steps.isEmpty)
    }

    @Test func strayTemporaryFileFromAKilledWriteIsIgnoredThenCleaned() throws {
        let directory = try TemporaryDirectory(prefix: "empower-training-test")
        defer { directory.remove() }
        let store = try CheckpointStore(directory: directory.path)
        try store.save(step: 100, tensors: tensors(100), metadata: [9])
        // A process killed mid-write leaves its half-written temporary file behind.
        let full = try AtomicFile.read(store.path(forStep: 100))
        let stray = "step-000000200.ckpt.tmp-4242"
        try directory.write(String(decoding: full.prefix(50), as: UTF8.self), to: stray)
        #expect(store.steps == [100])
        var warnings = 0
        #expect(try store.latest { _ in warnings += 1 }?.step == 100)
        #expect(warnings == 0)
        try store.save(step: 300, tensors: tensors(300), metadata: [])
        #expect(!FileSystem.exists(directory.file(stray)))
    }

    @Test func fileNamesParseOnlyCheckpoints() {
        #expect(CheckpointStore.step(fromFileName: "step-000012000.ckpt") == 12_000)
        #expect(CheckpointStore.step(fromFileName: "step-1234567890.ckpt") == 1_234_567_890)
        #expect(CheckpointStore.step(fromFileName: "step-000012000.ckpt.tmp-12") == nil)
        #expect(CheckpointStore.step(fromFileName: "step-.ckpt") == nil)
        #expect(CheckpointStore.step(fromFileName: "step-12a.ckpt") == nil)
        #expect(CheckpointStore.step(fromFileName: "notes.txt") == nil)
    }
}
