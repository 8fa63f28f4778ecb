import EmpowerBase
import EmpowerTestSupport
import EmpowerTraining
import Foundation
import Testing

/// A run's TensorBoard event files, read by TensorBoard's own reader
/// (`event_accumulator.EventAccumulator`, from the `.venv` that the README's test command
/// creates): every scalar of `metrics.csv` with its steps and values, the configuration text,
/// the evaluation pictures, and a file being written read while it grows.
@Suite("TensorBoard's reader on a run's event files", .serialized)
struct TensorBoardTests {
    /// The virtual environment's Python.
    static func python() throws -> String {
        let path = repositoryRoot + "/.venv/bin/python"
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw TestFailure("\(path) is missing: run the test suite with `bash scripts/test.sh`, which creates .venv with TensorBoard (or run `bash scripts/install-dependencies.sh --tests`)")
        }
        return path
    }

    /// What `Tests/Python/read_tensorboard.py` prints for `directory` (with `extra` arguments).
    static func read(_ directory: String, extra: [String] = [], in scratch: TemporaryDirectory, timeout: Double = 120) throws -> [String: Any] {
        let child = try ChildProcess(
            try python(), [repositoryRoot + "/Tests/Python/read_tensorboard.py", directory] + extra, in: scratch.path,
            logPrefix: scratch.file("reader-\(UUID().uuidString.prefix(8))"))
        let ending = try child.waitForExit(timeout: timeout)
        guard ending == .exited(0), let object = try JSONSerialization.jsonObject(with: Data(child.standardOutput.utf8)) as? [String: Any] else {
            throw TestFailure("TensorBoard's reader failed on \(directory) (\(ending)):\n\(child.standardError.suffix(3000))")
        }
        return object
    }

    /// Every scalar the reader found: tag -> [(step, value)], NaN where the reader gave null.
    static func scalars(_ contents: [String: Any]) -> [String: [(step: Int, value: Float)]] {
        let tags = contents["scalars"] as? [String: [[Any]]] ?? [:]
        return tags.mapValues { events in
            events.map { (($0[0] as? NSNumber)?.intValue ?? -1, ($0[1] as? NSNumber)?.floatValue ?? .nan) }
        }
    }

    /// Checks that the reader's scalars are exactly `metrics.csv`'s cells (as 32-bit floats).
    static func expectScalarsMatch(_ found: [String: [(step: Int, value: Float)]], csv path: String) throws {
        let records = try MetricsLog.read(csv: path)
        var expected: [String: [(step: Int, value: Float)]] = [:]
        for record in records {
            for (key, value) in record.values { expected[key, default: []].append((record.step, Float(value))) }
        }
        #expect(!expected.isEmpty)
        #expect(Set(found.keys) == Set(expected.keys), "tags only in TensorBoard: \(Set(found.keys).subtracting(expected.keys)); only in metrics.csv: \(Set(expected.keys).subtracting(found.keys))")
        for (key, events) in expected {
            let seen = found[key] ?? []
            #expect(seen.map(\.step) == events.map(\.step), "\(key): steps")
            let same = zip(seen, events).allSatisfy { $0.value == $1.value || ($0.value.isNaN && $1.value.isNaN) }
            #expect(same && seen.count == events.count, "\(key): TensorBoard \(seen.map(\.value)), metrics.csv \(events.map(\.value))")
        }
    }

    static func trainArguments(steps: Int, logInterval: Int, evaluationInterval: Int, runDirectory: String) -> [String] {
        [
            "train", "--env", "PointMass-v0", "--skills", "4", "--steps", "\(steps)", "--seed", "3", "--set", "sac.hidden_sizes=[16,16]",
            "--set", "diayn.hidden_sizes=[16,16]", "--set", "sac.warmup_steps=100", "--set", "log_interval=\(logInterval)",
            "--set", "evaluation_interval=\(evaluationInterval)", "--set", "evaluation_episodes=1", "--run-dir", runDirectory,
        ]
    }

    @Test("the reader finds every scalar of metrics.csv, the configuration text and one picture per evaluation")
    func everythingIsThere() throws {
        let scratch = try TemporaryDirectory(prefix: "empower-tensorboard")
        defer { scratch.remove() }
        let train = try ChildProcess(
            try EmpowerExecutable.locate(), Self.trainArguments(steps: 900, logInterval: 100, evaluationInterval: 300, runDirectory: "run"),
            in: scratch.path, logPrefix: scratch.file("train"))
        #expect(try train.waitForExit(timeout: 300) == .exited(0), "\(train.standardError)")

        let contents = try Self.read(scratch.file("run/tensorboard"), in: scratch)
        try Self.expectScalarsMatch(Self.scalars(contents), csv: scratch.file("run/metrics.csv"))

        let texts = contents["texts"] as? [String: [[Any]]] ?? [:]
        let configuration = try #require(texts[TensorBoardWriter.configurationTag]?.first)
        let config = (scratch.read("run/config.json") ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect((configuration[0] as? NSNumber)?.intValue == 0)
        #expect((configuration[1] as? String) == "```\n" + config + "\n```", "\(configuration)")

        let images = contents["images"] as? [String: [[Any]]] ?? [:]
        let pictures = images[RunDirectory.trajectoryImageTag] ?? []
        #expect(pictures.map { ($0[0] as? NSNumber)?.intValue ?? -1 } == [300, 600, 900], "\(images.keys)")
        for picture in pictures {
            #expect((picture[1] as? NSNumber)?.intValue == 760 && (picture[2] as? NSNumber)?.intValue == 600)
            #expect(picture[3] as? String == "89504e470d0a1a0a", "a PNG signature")
        }
    }

    @Test("a file being written is readable at every moment, and a record cut short is left for the next read")
    func readWhileWriting() throws {
        let scratch = try TemporaryDirectory(prefix: "empower-tensorboard-live")
        defer { scratch.remove() }
        let done = scratch.file("training-ended")
        let reader = try ChildProcess(
            try Self.python(), [repositoryRoot + "/Tests/Python/read_tensorboard.py", scratch.file("run/tensorboard"), "--follow", done, "--timeout", "300"],
            in: scratch.path, logPrefix: scratch.file("reader"))
        let train = try ChildProcess(
            try EmpowerExecutable.locate(), Self.trainArguments(steps: 6000, logInterval: 20, evaluationInterval: 0, runDirectory: "run"),
            in: scratch.path, logPrefix: scratch.file("train"))
        #expect(try train.waitForExit(timeout: 300) == .exited(0), "\(train.standardError)")
        try scratch.write("", to: "training-ended")
        #expect(try reader.waitForExit(timeout: 120) == .exited(0), "\(reader.standardError)")
        let followed = try #require(try JSONSerialization.jsonObject(with: Data(reader.standardOutput.utf8)) as? [String: Any], "\(reader.standardError)")
        let passes = (followed["passes"] as? [NSNumber] ?? []).map(\.intValue)
        let final = try #require(followed["final"] as? [String: Any])
        let total = Self.scalars(final).values.map(\.count).reduce(0, +)
        // Read again and again while the file grew: never an error, never fewer events than before.
        let partial = Set(passes.filter { $0 > 0 && $0 < total })
        #expect(partial.count >= 3, "passes while training: \(passes.count), distinct partial counts: \(partial.sorted())")
        #expect(zip(passes, passes.dropFirst()).allSatisfy { $0 <= $1 }, "\(passes)")
        try Self.expectScalarsMatch(Self.scalars(final), csv: scratch.file("run/metrics.csv"))

        // A record cut short (a write in progress, or a kill in the middle of one): both readers
        // stop before it and find everything else.
        let files = try TensorBoardWriter.eventFiles(in: scratch.file("run/tensorboard"))
        let bytes = try AtomicFile.read(try #require(files.last))
        try FileSystem.makeDirectory(scratch.file("cut"))
        try AtomicFile.write(bytes.dropLast(7), to: scratch.file("cut/events.out.tfevents.1.cut"))
        let cut = Self.scalars(try Self.read(scratch.file("cut"), in: scratch))
        let lastStep = try MetricsLog.read(csv: scratch.file("run/metrics.csv")).last?.step
        #expect(cut.values.allSatisfy { $0.last?.step != lastStep }, "the last record is gone")
        #expect(cut.values.map(\.count).reduce(0, +) == total - Self.scalars(final).count, "every other record is there")
        let events = try TensorBoardWriter.read(scratch.file("cut/events.out.tfevents.1.cut"))
        #expect(events.count == (try TensorBoardWriter.read(try #require(files.last))).count - 1)
    }

    @Test("a resumed run's event file is cut back to its checkpoint, as metrics.csv is")
    func resume() throws {
        let scratch = try TemporaryDirectory(prefix: "empower-tensorboard-resume")
        defer { scratch.remove() }
        let empower = try EmpowerExecutable.locate()
        let arguments = Self.trainArguments(steps: 600, logInterval: 100, evaluationInterval: 200, runDirectory: "run")
            + ["--set", "checkpoint_interval=200", "--set", "keep_checkpoints=5"]
        let train = try ChildProcess(empower, arguments, in: scratch.path, logPrefix: scratch.file("train"))
        #expect(try train.waitForExit(timeout: 300) == .exited(0), "\(train.standardError)")
        // A crash after the checkpoint of step 400, in the middle of writing an event, on a
        // machine that then lost power (zeros after the cut).
        try FileSystem.remove(scratch.file("run/checkpoints/step-000000600.ckpt"))
        let file = try #require(try TensorBoardWriter.eventFiles(in: scratch.file("run/tensorboard")).last)
        let bytes = try AtomicFile.read(file)
        try FileSystem.append(Array(bytes.prefix(40)) + [UInt8](repeating: 0, count: 64), to: file)
        let resume = try ChildProcess(empower, ["resume", "run"], in: scratch.path, logPrefix: scratch.file("resume"))
        #expect(try resume.waitForExit(timeout: 300) == .exited(0), "\(resume.standardError)")

        let contents = try Self.read(scratch.file("run/tensorboard"), in: scratch)
        try Self.expectScalarsMatch(Self.scalars(contents), csv: scratch.file("run/metrics.csv"))
        let images = (contents["images"] as? [String: [[Any]]] ?? [:])[RunDirectory.trajectoryImageTag] ?? []
        #expect(images.map { ($0[0] as? NSNumber)?.intValue ?? -1 } == [200, 400, 600])
        #expect((contents["texts"] as? [String: [[Any]]] ?? [:])[TensorBoardWriter.configurationTag]?.count == 1)
    }
}
