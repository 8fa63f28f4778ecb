import EmpowerBase
import EmpowerTestSupport
import Testing
@testable import EmpowerTraining

@Suite("MetricsRecord")
struct MetricsRecordTests {
    @Test func setKeepsFirstInsertionOrderAndReplaces() {
        var record = MetricsRecord(step: 5)
        record.set("train/critic_loss", 1)
        record.set("skills/accuracy", 0.5)
        record.set("train/critic_loss", 2)
        #expect(record.keys == ["train/critic_loss", "skills/accuracy"])
        #expect(record["train/critic_loss"] == 2)
        #expect(record["rollout/episode_return"] == nil)
    }
}

@Suite("JSONLinesMetricsWriter")
struct JSONLinesMetricsWriterTests {
    @Test func writesOneObjectPerLineAndReadsBack() throws {
        let directory = try TemporaryDirectory(prefix: "empower-training-test")
        defer { directory.remove() }
        let path = directory.file("metrics.jsonl")
        var writer = try JSONLinesMetricsWriter(path: path)
        let first = MetricsRecord(step: 1000, values: [("rollout/episode_return", -12.5), ("train/critic_loss", 0.1)])
        let second = MetricsRecord(step: 2000, values: [("skills/accuracy", 0.875), ("train/alpha", .nan)])
        try writer.write(first)
        // Written through immediately, before close.
        #expect(directory.read("metrics.jsonl") == #"{"step":1000,"rollout/episode_return":-12.5,"train/critic_loss":0.1}"# + "\n")
        try writer.write(second)
        try writer.close()
        #expect(try MetricsLog.read(jsonLines: path) == [first, second])
        #expect(throws: MetricsError.self) { try writer.write(first) }
    }

    @Test func partialLastLineIsIgnoredButBadMiddleLineIsAnError() throws {
        let directory = try TemporaryDirectory(prefix: "empower-training-test")
        defer { directory.remove() }
        try directory.write("{\"step\":1,\"a/b\":2}\n{\"step\":2,\"a/b\":3}\n{\"step\":3,\"a/", to: "cut.jsonl")
        let records = try MetricsLog.read(jsonLines: directory.file("cut.jsonl"))
        #expect(records.map(\.step) == [1, 2])
        try directory.write("{\"step\":1}\nnot json\n{\"step\":2}\n", to: "bad.jsonl")
        do {
            _ = try MetricsLog.read(jsonLines: directory.file("bad.jsonl"))
            Issue.record("a malformed line was accepted")
        } catch {
            #expect(error.code == .malformed)
            #expect(error.context["line"] == "2")
        }
    }

    @Test func resumingDropsLinesAfterTheCheckpointStepAndAppends() throws {
        let directory = try TemporaryDirectory(prefix: "empower-training-test")
        defer { directory.remove() }
        let path = directory.file("metrics.jsonl")
        var writer = try JSONLinesMetricsWriter(path: path)
        for step in [100, 200, 300, 400] { try writer.write(MetricsRecord(step: step, values: [("time/steps_per_second", Double(step))])) }
        try FileSystem.append("{\"step\":500,\"ti", to: path)   // killed mid-line
        var resumed = try JSONLinesMetricsWriter(path: path, resumingAfter: 250)
        try resumed.write(MetricsRecord(step: 300, values: [("time/steps_per_second", 7)]))
        let records = try MetricsLog.read(jsonLines: path)
        #expect(records.map(\.step) == [100, 200, 300])
        #expect(records.last?["time/steps_per_second"] == 7)
    }

    @Test func stepIsNotAValidKey() throws {
        let directory = try TemporaryDirectory(prefix: "empower-training-test")
        defer { directory.remove() }
        var writer = try JSONLinesMetricsWriter(path: directory.file("m.jsonl"))
        do {
            try writer.write(MetricsRecord(step: 1, values: [("step", 1)]))
            Issue.record("a metric named step was accepted")
        } catch {
            #expect(error.code == .invalidRecord)
        }
    }
}

@Suite("CSVMetricsWriter")
struct CSVMetricsWriterTests {
    @Test func widensTheHeaderWhenANewKeyAppears() throws {
        let directory = try TemporaryDirectory(prefix: "empower-training-test")
        defer { directory.remove() }
        let path = directory.file("metrics.csv")
        var writer = try CSVMetricsWriter(path: path)
        try writer.write(MetricsRecord(step: 1000, values: [("rollout/episode_return", -12.5)]))
        try writer.write(MetricsRecord(step: 2000, values: [("rollout/episode_return", -10.25), ("train/critic_loss", 0.42)]))
        try writer.write(MetricsRecord(step: 3000, values: [("train/critic_loss", 0.5)]))
        try writer.close()
        #expect(directory.read("metrics.csv") == """
            step,rollout/episode_return,train/critic_loss
            1000,-12.5,
            2000,-10.25,0.42
            3000,,0.5

            """)
        let records = try MetricsLog.read(csv: path)
        #expect(records.count == 3)
        #expect(records[0] == MetricsRecord(step: 1000, values: [("rollout/episode_return", -12.5)]))
        #expect(records[2] == MetricsRecord(step: 3000, values: [("train/critic_loss", 0.5)]))
    }

    @Test func specialValuesAndQuotedKeysRoundTrip() throws {
        let directory = try TemporaryDirectory(prefix: "empower-training-test")
        defer { directory.remove() }
        let path = directory.file("metrics.csv")
        var writer = try CSVMetricsWriter(path: path)
        let record = MetricsRecord(step: 1, values: [("eval/odd,\"key\"", .infinity), ("train/nan", .nan), ("train/small", 1e-7), ("train/big", 12345678)])
        try writer.write(record)
        #expect(try MetricsLog.read(csv: path) == [record])
        #expect(directory.read("metrics.csv")?.hasPrefix("step,\"eval/odd,\"\"key\"\"\",") == true)
    }

    @Test func resumingDropsLaterRowsAndKeepsColumns() throws {
        let directory = try TemporaryDirectory(prefix: "empower-training-test")
        defer { directory.remove() }
        let path = directory.file("metrics.csv")
        var writer = try CSVMetricsWriter(path: path)
        for step in [10, 20, 30] {
            try writer.write(MetricsRecord(step: step, values: [("a/x", Double(step)), ("a/y", 1)]))
        }
        var resumed = try CSVMetricsWriter(path: path, resumingAfter: 20)
        #expect(resumed.columns == ["a/x", "a/y"])
        try resumed.write(MetricsRecord(step: 25, values: [("a/y", 2)]))
        #expect(directory.read("metrics.csv") == "step,a/x,a/y\n10,10,1\n20,20,1\n25,,2\n")
    }

    @Test func malformedRowNamesTheLine() throws {
        let directory = try TemporaryDirectory(prefix: "empower-training-test")
        defer { directory.remove() }
        try directory.write("step,a/x\n1,2\n2,3,4\n", to: "bad.csv")
        do {
            _ = try MetricsLog.read(csv: directory.file("bad.csv"))
            Issue.record("a row with too many cells was accepted")
        } catch {
            #expect(error.code == .malformed)
            #expect(error.context["line"] == "3")
        }
    }
}
