import EmpowerBase
import EmpowerTestSupport
import Glibc
import Testing
@testable import EmpowerTraining

@Suite("RunDirectory")
struct RunDirectoryTests {
    @Test func createsTheLayout() throws {
        let directory = try TemporaryDirectory(prefix: "empower-training-test")
        defer { directory.remove() }
        let run = try RunDirectory(path: directory.file("runs/first"), create: true)
        #expect(FileSystem.isDirectory(run.checkpointsPath))
        #expect(FileSystem.isDirectory(run.reportPath))
        #expect(run.configPath == directory.file("runs/first/config.json"))
        #expect(run.metricsCSVPath.hasSuffix("/metrics.csv"))
        #expect(run.metricsJSONLinesPath.hasSuffix("/metrics.jsonl"))
        #expect(run.eventsPath.hasSuffix("/events.log"))
    }

    @Test func refusesToCreateOverAnExistingRun() throws {
        let directory = try TemporaryDirectory(prefix: "empower-training-test")
        defer { directory.remove() }
        let run = try RunDirectory(path: directory.file("run"), create: true)
        try run.appendEvent("started")
        do {
            _ = try RunDirectory(path: run.path, create: true)
            Issue.record("a second run was created over the first")
        } catch {
            #expect(error.code == .alreadyExists)
            #expect(error.message.contains("empower resume"))
            #expect(error.message.contains("--run-dir"))
        }
        // Resuming the same directory is fine once it is a run (it has config.json).
        try ConfigurationLoader.write(TrainingConfiguration(), to: run.configPath)
        let reopened = try RunDirectory(path: run.path, create: false)
        #expect(reopened.path == run.path)
    }

    @Test func emptyExistingDirectoryIsAcceptedForANewRun() throws {
        let directory = try TemporaryDirectory(prefix: "empower-training-test")
        defer { directory.remove() }
        _ = try RunDirectory(path: directory.path, create: true)
        #expect(FileSystem.isDirectory(directory.file("checkpoints")))
    }

    @Test func openingAMissingRunOrAFileFails() throws {
        let directory = try TemporaryDirectory(prefix: "empower-training-test")
        defer { directory.remove() }
        do {
            _ = try RunDirectory(path: directory.file("missing"), create: false)
            Issue.record("a missing run opened")
        } catch {
            #expect(error.code == .notFound)
        }
        try directory.write("x", to: "file")
        do {
            _ = try RunDirectory(path: directory.file("file"), create: true)
            Issue.record("a file was used as a run directory")
        } catch {
            #expect(error.code == .notADirectory)
        }
    }

    @Test func eventsAreTimestampedLines() throws {
        let directory = try TemporaryDirectory(prefix: "empower-training-test")
        defer { directory.remove() }
        let run = try RunDirectory(path: directory.path, create: true)
        try run.appendEvent("started diayn\non PointMass-v0", at: 1_735_732_800)   // 2025-01-01 12:00:00 UTC
        try run.appendEvent("checkpoint step 1000", at: 1_735_732_861)
        #expect(directory.read("events.log") == "2025-01-01T12:00:00Z started diayn on PointMass-v0\n2025-01-01T12:01:01Z checkpoint step 1000\n")
    }

    @Test func defaultPathHasNameAndTimeAndAvoidsCollisions() throws {
        let directory = try TemporaryDirectory(prefix: "empower-training-test")
        defer { directory.remove() }
        let time = 1_735_732_800
        #expect(RunDirectory.timestamp(time, utc: true, style: .compact) == "20250101-120000")
        let local = RunDirectory.timestamp(time, utc: false, style: .compact)
        #expect(local.count == 15 && local.hasPrefix("2025010") || local.hasPrefix("2024123"))
        let first = RunDirectory.defaultPath(root: directory.path, algorithm: "diayn", environment: "PointMass-v0", time: time)
        #expect(first == directory.file("diayn-PointMass-v0-" + local))
        _ = try RunDirectory(path: first, create: true)
        let second = RunDirectory.defaultPath(root: directory.path, algorithm: "diayn", environment: "PointMass-v0", time: time)
        #expect(second == first + "-2")
        #expect(RunDirectory.sanitized("my env/v0") == "my_env_v0")
    }
}
