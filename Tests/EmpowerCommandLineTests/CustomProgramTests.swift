import EmpowerBase
import EmpowerCommandLine
import EmpowerCore
import EmpowerEnvironments
import EmpowerTestSupport
import EmpowerTraining
import Foundation
import Testing

/// A user's own `empower`: a package outside this one (Examples/CustomEnvironment) that depends
/// on Empower by path, adds Drone2D-v0 in one call, and gets every command; and runs trained
/// through the API, which the command line opens like runs it trained itself.
@Suite("your own empower, with your environments", .serialized)
struct CustomProgramTests {
    /// Builds Examples/CustomEnvironment's `drone-empower` (debug, into
    /// `.build/examples/CustomEnvironment`, so a second run only relinks) and returns its path.
    static func buildDroneEmpower(in scratch: TemporaryDirectory) throws -> String {
        let package = repositoryRoot + "/Examples/CustomEnvironment"
        let buildPath = repositoryRoot + "/.build/examples/CustomEnvironment"
        let arguments = [
            "swift", "build", "--package-path", package, "--scratch-path", buildPath, "--product", "drone-empower",
        ]
        var build = try ChildProcess("/usr/bin/env", arguments, in: scratch.path, logPrefix: scratch.file("build"))
        var ending = try build.waitForExit(timeout: 1500)
        if ending != .exited(0) {
            // SwiftPM's incremental build of a path dependency can go stale after Empower's
            // sources change (a file added, an initializer's signature changed: the package's own
            // objects are not rebuilt against it). A clean build decides; a real error fails it too.
            try? FileManager.default.removeItem(atPath: buildPath)
            build = try ChildProcess("/usr/bin/env", arguments, in: scratch.path, logPrefix: scratch.file("build-again"))
            ending = try build.waitForExit(timeout: 1500)
        }
        guard ending == .exited(0) else {
            throw TestFailure("`\(arguments.joined(separator: " "))` failed (\(ending)):\n\(build.standardOutput.suffix(3000))\n\(build.standardError.suffix(3000))")
        }
        return buildPath + "/debug/drone-empower"
    }

    /// Runs `program arguments...` in `scratch`; fails the test on a non-zero status.
    @discardableResult
    static func run(_ program: String, _ arguments: [String], in scratch: TemporaryDirectory) throws -> String {
        let name = "log-\(UUID().uuidString.prefix(8))"
        let child = try ChildProcess(program, arguments, in: scratch.path, logPrefix: scratch.file(name))
        let ending = try child.waitForExit(timeout: 600)
        guard ending == .exited(0) else {
            throw TestFailure("`\(URL(fileURLWithPath: program).lastPathComponent) \(arguments.joined(separator: " "))` ended with \(ending):\n\(child.standardError.suffix(3000))")
        }
        return child.standardOutput + child.standardError
    }

    /// The records of a metrics file without the wall-clock columns (`time/...`).
    static func trainingMetrics(_ path: String) throws -> [[String]] {
        try MetricsLog.read(csv: path).map { record in
            ["\(record.step)"] + record.values.filter { !$0.key.hasPrefix("time/") }.map { "\($0.key)=\($0.value)" }
        }
    }

    static let smallRun = [
        "--env", "Drone2D-v0", "--skills", "4", "--steps", "400", "--set", "sac.hidden_sizes=[16,16]", "--set", "diayn.hidden_sizes=[16,16]",
        "--set", "diayn.features=xy", "--set", "sac.warmup_steps=100", "--set", "log_interval=100", "--set", "checkpoint_interval=200",
        "--set", "keep_checkpoints=5", "--set", "evaluation_interval=200", "--set", "evaluation_episodes=1",
    ]

    @Test("a package depending on Empower by path runs envs check, train, evaluate, resume and compare on its own environment")
    func outsidePackage() throws {
        let scratch = try TemporaryDirectory(prefix: "empower-custom-program")
        defer { scratch.remove() }
        let drone = try Self.buildDroneEmpower(in: scratch)

        #expect(try Self.run(drone, ["envs", "list"], in: scratch).contains("Drone2D-v0"))
        #expect(try Self.run(drone, ["envs", "check", "Drone2D-v0"], in: scratch).contains("Drone2D-v0: no problems"))

        try Self.run(drone, ["train", "--seed", "1", "--run-dir", "a"] + Self.smallRun, in: scratch)
        try Self.run(drone, ["train", "--seed", "2", "--run-dir", "b"] + Self.smallRun, in: scratch)
        let config = scratch.read("a/config.json") ?? ""
        #expect(config.contains("\"environment\": \"Drone2D-v0\""), "\(config)")

        // A crash after the checkpoint of step 200: resume trains steps 201-400 again.
        let checkpoints = try FileSystem.contents(of: scratch.file("a/checkpoints")).sorted()
        #expect(checkpoints.count == 2, "\(checkpoints)")
        let metricsBefore = try Self.trainingMetrics(scratch.file("a/metrics.csv"))
        try FileSystem.remove(scratch.file("a/checkpoints/" + (checkpoints.last ?? "")))
        let resumed = try Self.run(drone, ["resume", "a"], in: scratch)
        #expect(resumed.contains("resuming a at step 200 of 400"), "\(resumed)")
        #expect(try Self.trainingMetrics(scratch.file("a/metrics.csv")) == metricsBefore, "the resumed run repeats the steps after 200 exactly")

        let evaluated = try Self.run(drone, ["evaluate", "a", "--episodes", "2"], in: scratch)
        #expect(FileSystem.exists(scratch.file("a/report/report.json")), "\(evaluated)")
        #expect(evaluated.contains("Drone2D-v0"), "\(evaluated)")

        let compared = try Self.run(drone, ["compare", "a", "b", "--out", "comparison"], in: scratch)
        #expect(compared.contains("a") && compared.contains("b"), "\(compared)")
        #expect(FileSystem.exists(scratch.file("comparison")), "\(compared)")

        // The plain `empower` does not know Drone2D-v0, and says so.
        let plain = try EmpowerExecutable.locate()
        let child = try ChildProcess(plain, ["evaluate", "a"], in: scratch.path, logPrefix: scratch.file("plain"))
        #expect(try child.waitForExit(timeout: 120) != .exited(0))
        #expect(child.standardError.contains("Drone2D-v0"), "\(child.standardError)")
    }

    /// An environment defined in the test, registered in a catalog of its own.
    struct Walker: Environment, Sendable {
        let spec = EnvironmentSpec(id: "Walker1D-v0", maxEpisodeSteps: 20, summary: "A point on a line")
        let observationSpace: Space
        let actionSpace: Space
        var position: Float = 0
        var tracker = EpisodeTracker(maxEpisodeSteps: 20)
        init() throws {
            observationSpace = .box(try Box(low: [-1], high: [1]))
            actionSpace = .box(try Box(low: -1, high: 1, shape: [1]))
        }
        mutating func reset(seed: UInt64?) throws -> Reset {
            position = 0
            tracker.beginEpisode()
            return Reset(observation: [position])
        }
        mutating func step(_ action: [Float]) throws -> Step {
            try tracker.beginStep(action, count: 1, environment: spec.id)
            position = min(max(position + 0.1 * action[0], -1), 1)
            return Step(observation: [position], reward: 0, isTruncated: tracker.endStep(isTerminated: false))
        }
    }

    @Test("a run trained through the API with a run directory is complete: the command line evaluates and resumes it")
    func apiRunIsComplete() throws {
        let scratch = try TemporaryDirectory(prefix: "empower-api-run")
        defer { scratch.remove() }
        var catalog = BuiltInEnvironments.catalog
        try catalog.register("Walker1D-v0", summary: "A point on a line") { _ in try Walker() }
        var configuration = TrainingConfiguration()
        configuration.algorithm = .diayn
        configuration.environment = "Walker1D-v0"
        configuration.skills = 3
        configuration.steps = 300
        configuration.logInterval = 100
        configuration.checkpointInterval = 100
        configuration.keepCheckpoints = 5
        configuration.evaluationInterval = 0
        configuration.sac.hiddenSizes = [16, 16]
        configuration.sac.warmupSteps = 50
        configuration.diayn.hiddenSizes = [16, 16]
        let path = scratch.file("api-run")
        let trainer = try Trainers.make(configuration: configuration, catalog: catalog, runDirectory: try RunDirectory(path: path, create: true))
        try trainer.train(until: nil, stop: nil, progress: nil)

        #expect(try ConfigurationLoader.load(TrainingConfiguration.self, from: path + "/config.json") == configuration)
        #expect((scratch.read("api-run/events.log") ?? "").contains("started: diayn on Walker1D-v0"))
        #expect(FileSystem.exists(path + "/metrics.csv"))

        let capture = OutputCapture()
        let status = EmpowerProgram.run(["evaluate", path, "--episodes", "1"], catalog: catalog, io: capture.io())
        #expect(status == .success, "\(capture.error)")
        #expect(FileSystem.exists(path + "/report/report.json"))

        // A crash after the checkpoint of step 200: the command line resumes it.
        try FileSystem.remove(path + "/checkpoints/step-000000300.ckpt")
        let resume = OutputCapture()
        #expect(EmpowerProgram.run(["resume", path], catalog: catalog, io: resume.io()) == .success, "\(resume.error)")
        #expect(resume.output.contains("at step 200 of 300"), "\(resume.output)")

        // Without the environment, the command line names it.
        let plain = OutputCapture()
        #expect(EmpowerProgram.run(["evaluate", path], catalog: BuiltInEnvironments.catalog, io: plain.io()) == .failure)
        #expect(plain.error.contains("Walker1D-v0"), "\(plain.error)")
    }
}
