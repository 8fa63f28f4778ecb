import EmpowerTestSupport
import EmpowerBase
import EmpowerTraining
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `empower train` as a real process, stopped the hard way (SIGKILL at seeded moments) and the
/// polite way (SIGINT), then `empower resume` to the end: a crash never leaves a checkpoint that
/// does not load, and a resumed run finishes with one metrics record per logged step.
///
/// These tests run the `empower` executable built beside the test binary (see
/// ``EmpowerExecutable``); they fail, not skip, when it is missing. About 20 s in release.
@Suite("Killed and interrupted training runs", .serialized, .enabled(if: isOptimizedBuild, "trains real runs in child processes; the test script builds in release mode"))
struct KillResumeTests {
    /// The run every test starts: small networks, a checkpoint every 300 steps.
    static func trainArguments(steps: Int, runDirectory: String) -> [String] {
        [
            "train", "--steps", "\(steps)", "--set", "checkpoint_interval=300",
            "--set", "sac.hidden_sizes=[32,32]", "--set", "diayn.hidden_sizes=[32,32]", "--set", "sac.warmup_steps=200",
            "--run-dir", runDirectory,
        ]
    }

    /// Generous bound on any one process: a debug build trains far slower than a release one.
    static let processTimeout: Double = 900

    @Test("SIGKILL at seeded moments leaves only loadable checkpoints, and `empower resume` completes the run")
    func killedRunsResume() throws {
        let empower = try EmpowerExecutable.locate()
        let scratch = try TemporaryDirectory(prefix: "empower-kill")
        defer { scratch.remove() }
        // Attempt 0 kills as soon as the run directory holds config.json (the process is up and
        // building its trainer), most likely before the first checkpoint. Attempts 1 to 3 wait
        // for the first checkpoint file, then a delay drawn from a seeded generator, so the kill
        // lands in the middle of training whatever the build's speed (4000 steps take about 2 s
        // in release here; a debug build is some 25 times slower).
        var generator = Xoshiro256(seed: 0x6B696C6C)
        let delays = [nil] + (0..<3).map { _ in Double(generator.nextFloat(in: 0.05, 1.5)) }
        for (attempt, delay) in delays.enumerated() {
            let run = scratch.path + "/run-\(attempt)"
            let train = try ChildProcess(empower, Self.trainArguments(steps: 4000, runDirectory: run), in: scratch.path, logPrefix: scratch.path + "/train-\(attempt)")
            if let delay {
                let training = try train.wait(timeout: Self.processTimeout) { ((try? checkpointFileSteps(in: run + "/checkpoints")) ?? []).isEmpty == false }
                #expect(training, "attempt \(attempt): empower train ended before its first checkpoint: \(train.standardError)")
                usleep(UInt32(delay * 1_000_000))
            } else {
                let started = try train.wait(timeout: Self.processTimeout) { FileManager.default.fileExists(atPath: run + "/config.json") }
                #expect(started, "attempt \(attempt): empower train ended before writing config.json: \(train.standardError)")
            }
            train.send(SIGKILL)
            let ending = try train.waitForExit(timeout: Self.processTimeout)
            // Either the kill landed, or the run had already finished on its own.
            #expect(ending == .signalled(SIGKILL) || ending == .exited(0), "attempt \(attempt): \(ending)\n\(train.standardError)")

            // Every checkpoint file that exists loads (temporary `.tmp-*` files are not checkpoints).
            let store = try CheckpointStore(directory: run + "/checkpoints", keep: 3)
            let steps = try checkpointFileSteps(in: store.directory)
            for step in steps {
                let checkpoint = try store.load(step: step)
                #expect(checkpoint.step == step)
            }
            let latest = try store.latest()
            #expect(latest?.step == steps.max(), "attempt \(attempt): latest() is \(latest.map { "\($0.step)" } ?? "nil"), files \(steps)")

            print("kill attempt \(attempt): \(delay.map { "\(($0 * 100).rounded() / 100) s after the first checkpoint" } ?? "at once"), \(ending), checkpoint files at steps \(steps)")
            let resume = try ChildProcess(empower, ["resume", run], in: scratch.path, logPrefix: scratch.path + "/resume-\(attempt)")
            let resumed = try resume.waitForExit(timeout: Self.processTimeout)
            guard let latest else {
                // Killed before the first checkpoint: nothing to resume, and resume says so.
                #expect(resumed == .exited(1), "attempt \(attempt): resume without a checkpoint ended with \(resumed)")
                #expect(resume.standardError.contains("has no checkpoint yet"), "attempt \(attempt): \(resume.standardError)")
                continue
            }
            #expect(resumed == .exited(0), "attempt \(attempt): resume from step \(latest.step) ended with \(resumed)\n\(resume.standardError)")
            #expect(resume.standardOutput.contains("resuming \(run) at step \(latest.step) of 4000"), "\(resume.standardOutput)")
            #expect(resume.standardOutput.contains("trained 4000 steps"), "\(resume.standardOutput)")
            try expectCompleted(run: run, steps: 4000)
        }
    }

    @Test("SIGINT stops training with a checkpoint and exit status 0; `empower resume` completes the run")
    func interruptedRunResumes() throws {
        let empower = try EmpowerExecutable.locate()
        let scratch = try TemporaryDirectory(prefix: "empower-kill")
        defer { scratch.remove() }
        let run = scratch.path + "/run"
        let steps = 8000
        let train = try ChildProcess(empower, Self.trainArguments(steps: steps, runDirectory: run), in: scratch.path, logPrefix: scratch.path + "/train")
        // The stop handler is installed before training starts, so the first checkpoint file
        // proves it is in place; the signal then comes a seeded moment later, mid-training.
        // Test runners may block signals on their worker threads, and a child inherits that
        // mask: then this also checks that `empower` unblocks SIGINT when it installs the handler.
        let training = try train.wait(timeout: Self.processTimeout) { ((try? checkpointFileSteps(in: run + "/checkpoints")) ?? []).isEmpty == false }
        try #require(training, "empower train ended before its first checkpoint: \(train.standardError)")
        var generator = Xoshiro256(seed: 0x73696769)
        usleep(UInt32(generator.nextFloat(in: 0.2, 0.8) * 1_000_000))
        train.send(SIGINT)
        let ending = try train.waitForExit(timeout: Self.processTimeout)
        #expect(ending == .exited(0), "\(ending)\n\(train.standardError)")

        let output = train.standardOutput
        let stopped = try #require(
            output.split(separator: "\n").first { $0.hasPrefix("stopped at step ") },
            "no 'stopped at step' line in:\n\(output)")
        let stepText = stopped.dropFirst("stopped at step ".count).prefix { $0.isNumber }
        let stoppedStep = try #require(Int(stepText), "\(stopped)")
        #expect(stoppedStep > 0 && stoppedStep < steps)
        #expect(stopped.contains("empower resume \(run)"), "the stop line tells how to continue: \(stopped)")
        let store = try CheckpointStore(directory: run + "/checkpoints", keep: 3)
        #expect(try store.latest()?.step == stoppedStep, "the stop writes a checkpoint at the step it stopped")
        let events = (try? String(contentsOfFile: run + "/events.log", encoding: .utf8)) ?? ""
        #expect(events.contains("stopped at step \(stoppedStep) on request"), "events.log:\n\(events)")

        let resume = try ChildProcess(empower, ["resume", run], in: scratch.path, logPrefix: scratch.path + "/resume")
        let resumed = try resume.waitForExit(timeout: Self.processTimeout)
        #expect(resumed == .exited(0), "\(resumed)\n\(resume.standardError)")
        #expect(resume.standardOutput.contains("resuming \(run) at step \(stoppedStep) of \(steps)"), "\(resume.standardOutput)")
        try expectCompleted(run: run, steps: steps)
    }

    /// The run ended at `steps`: the latest checkpoint is there and every kept one loads;
    /// metrics.jsonl and metrics.csv hold one record per multiple of the log interval (1000),
    /// strictly increasing, and end with a complete line.
    func expectCompleted(run: String, steps: Int) throws {
        let store = try CheckpointStore(directory: run + "/checkpoints", keep: 3)
        #expect(try store.latest()?.step == steps)
        for step in try checkpointFileSteps(in: store.directory) { _ = try store.load(step: step) }

        let expected = Array(stride(from: 1000, through: steps, by: 1000))
        let jsonLines = try MetricsLog.read(jsonLines: run + "/metrics.jsonl").map(\.step)
        #expect(zip(jsonLines, jsonLines.dropFirst()).allSatisfy { $0 < $1 }, "metrics.jsonl steps: \(jsonLines)")
        #expect(jsonLines == expected, "metrics.jsonl steps: \(jsonLines)")
        let csv = try MetricsLog.read(csv: run + "/metrics.csv").map(\.step)
        #expect(csv == expected, "metrics.csv steps: \(csv)")
        let text = (try? String(contentsOfFile: run + "/metrics.jsonl", encoding: .utf8)) ?? ""
        #expect(text.hasSuffix("\n"), "metrics.jsonl ends with a cut line")
    }
}

/// The steps of the checkpoint files in `directory` (`step-000001200.ckpt` -> 1200), ascending;
/// temporary files (`step-000001200.ckpt.tmp-PID`) are not counted.
func checkpointFileSteps(in directory: String) throws -> [Int] {
    guard FileManager.default.fileExists(atPath: directory) else { return [] }
    return try FileManager.default.contentsOfDirectory(atPath: directory)
        .filter { $0.hasPrefix("step-") && $0.hasSuffix(".ckpt") }
        .map { name in
            guard let step = Int(name.dropFirst("step-".count).dropLast(".ckpt".count)) else {
                throw TestFailure("unexpected checkpoint file name \(name) in \(directory)")
            }
            return step
        }
        .sorted()
}
