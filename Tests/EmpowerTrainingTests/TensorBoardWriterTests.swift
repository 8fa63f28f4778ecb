import EmpowerBase
import EmpowerTestSupport
@testable import EmpowerTraining
import Testing

@Suite("TensorBoard event files")
struct TensorBoardWriterTests {
    @Test("scalars, text and an image are read back as written, after the version event")
    func roundTrip() throws {
        let directory = try TemporaryDirectory(prefix: "empower-tensorboard-writer")
        defer { directory.remove() }
        var writer = try TensorBoardWriter(directory: directory.file("tb"), configurationText: "{\"seed\": 1}\n")
        var record = MetricsRecord(step: 100)
        record.set("train/critic_loss", 0.25)
        record.set("eval/accuracy", .nan)
        try writer.write(record)
        let frame = try Frame(width: 3, height: 2, pixels: [UInt8](repeating: 200, count: 18))
        try writer.writeImage(tag: "evaluation/trajectories", frame: frame, step: 100)
        try writer.close()

        let events = try TensorBoardWriter.read(writer.path)
        #expect(events.count == 4)
        #expect(events[0].content == .fileVersion("brain.Event:2"))
        #expect(events[1].step == 0 && events[1].content == .summary([TensorBoardValue(tag: "configuration", .text("```\n{\"seed\": 1}\n```"))]))
        guard case let .summary(scalars) = events[2].content else { Issue.record("no summary"); return }
        #expect(events[2].step == 100)
        #expect(scalars.map(\.tag) == ["train/critic_loss", "eval/accuracy"])
        #expect(scalars[0].kind == .scalar(0.25))
        if case let .scalar(value) = scalars[1].kind { #expect(value.isNaN) } else { Issue.record("not a scalar") }
        guard case let .summary(images) = events[3].content, case let .image(width, height, png)? = images.first?.kind else {
            Issue.record("no image"); return
        }
        #expect(width == 3 && height == 2 && Array(png.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
        #expect(throws: MetricsError.self) { try writer.write(record) }
    }

    @Test("a wrong checksum is an error naming the file and the record; a cut-short record is left out")
    func damage() throws {
        let directory = try TemporaryDirectory(prefix: "empower-tensorboard-damage")
        defer { directory.remove() }
        var writer = try TensorBoardWriter(directory: directory.path, configurationText: nil)
        for step in [1, 2, 3] {
            var record = MetricsRecord(step: step)
            record.set("a", Double(step))
            try writer.write(record)
        }
        var bytes = try AtomicFile.read(writer.path)
        try AtomicFile.write(bytes.dropLast(3), to: writer.path)
        #expect(try TensorBoardWriter.read(writer.path).map(\.step) == [0, 1, 2])
        bytes[bytes.count - 10] ^= 0xFF
        try AtomicFile.write(bytes, to: writer.path)
        let error = #expect(throws: MetricsError.self) { try TensorBoardWriter.read(writer.path) }
        #expect(error?.code == .malformed && error?.message.contains("record 4") == true, "\(String(describing: error))")
        #expect(try TensorBoardWriter.read(writer.path, droppingDamagedTail: true).map(\.step) == [0, 1, 2])
    }

    @Test("resuming keeps the events up to the checkpoint's step and appends after them; a new run starts a new file")
    func resume() throws {
        let directory = try TemporaryDirectory(prefix: "empower-tensorboard-resume")
        defer { directory.remove() }
        var writer = try TensorBoardWriter(directory: directory.path, configurationText: "{}")
        for step in stride(from: 100, through: 500, by: 100) {
            var record = MetricsRecord(step: step)
            record.set("a", Double(step))
            try writer.write(record)
        }
        var resumed = try TensorBoardWriter(directory: directory.path, resumingAfter: 300, configurationText: "{}")
        #expect(resumed.path == writer.path)
        var record = MetricsRecord(step: 400)
        record.set("a", 4)
        try resumed.write(record)
        let events = try TensorBoardWriter.read(resumed.path)
        #expect(events.map(\.step) == [0, 0, 100, 200, 300, 400])
        #expect(events.last?.content == .summary([TensorBoardValue(tag: "a", .scalar(4))]))

        _ = try TensorBoardWriter(directory: directory.path, configurationText: nil)
        let files = try TensorBoardWriter.eventFiles(in: directory.path)
        #expect(files.count == 1)
        #expect(try TensorBoardWriter.read(files[0]).count == 1, "only the version event of the new run")
    }
}
