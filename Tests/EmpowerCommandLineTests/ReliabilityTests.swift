import EmpowerBase
import EmpowerTestSupport
import EmpowerTraining
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// What a careless or unlucky user does to `empower`, run as the real executable in a scratch
/// working directory: each ends in a clear error or the right result, never a hang, a crash,
/// silently wrong output, or files where the user did not ask for them.
@Suite("empower as a careless user runs it", .serialized)
struct ReliabilityTests {
    /// The executable's exit, standard output and standard error.
    struct Result {
        var ending: ChildProcess.Ending
        var output: String
        var error: String
        var status: Int32? { if case let .exited(status) = ending { status } else { nil } }
    }

    /// Runs `empower arguments...` in `directory`, through `/bin/sh -c shell` when given (the
    /// executable is `"$0"`, its arguments `"$@"`), with `environment` added to this process's
    /// variables. Killed and failed after `timeout` seconds.
    static func empower(
        _ arguments: [String], in directory: TemporaryDirectory, shell: String? = nil, environment: [String: String] = [:], timeout: Double = 300
    ) throws -> Result {
        let executable = try EmpowerExecutable.locate()
        let log = directory.path + "/.log-\(UUID().uuidString.prefix(8))"
        let child = shell.map { try? ChildProcess("/bin/sh", ["-c", $0, executable] + arguments, in: directory.path, logPrefix: log, environment: environment) }
            ?? (try? ChildProcess(executable, arguments, in: directory.path, logPrefix: log, environment: environment))
        guard let child else { throw TestFailure("cannot start empower \(arguments)") }
        let ending = try child.waitForExit(timeout: timeout)
        let result = Result(ending: ending, output: child.standardOutput, error: child.standardError)
        try? FileManager.default.removeItem(atPath: child.outputPath)
        try? FileManager.default.removeItem(atPath: child.errorPath)
        return result
    }

    /// A DIAYN run on PointMass-v0 (4 skills, 400 steps, 2x16 networks, checkpoints at 200 and
    /// 400), trained by the executable into `directory/name`; its report is written at the end.
    static func trainSmallRun(_ name: String, seed: Int, in directory: TemporaryDirectory) throws -> String {
        let result = try empower([
            "train", "--steps", "400", "--skills", "4", "--seed", "\(seed)", "--set", "sac.hidden_sizes=[16,16]",
            "--set", "diayn.hidden_sizes=[16,16]", "--set", "sac.warmup_steps=100", "--set", "log_interval=100",
            "--set", "checkpoint_interval=200", "--set", "evaluation_interval=0", "--run-dir", name,
        ], in: directory)
        #expect(result.status == 0, "\(result.error)")
        return directory.file(name)
    }

    /// The names in `path`, without the suite's log files.
    static func contents(_ path: String) throws -> [String] {
        try FileSystem.contents(of: path).filter { !$0.hasPrefix(".log-") }
    }

    @Test("an empty or blank --run-dir is refused before anything is written")
    func blankRunDirectory() throws {
        let scratch = try TemporaryDirectory(prefix: "empower-blank-run-dir")
        defer { scratch.remove() }
        for path in ["", "  "] {
            let result = try Self.empower(["train", "--run-dir", path, "--steps", "50"], in: scratch)
            #expect(result.status == 2 && result.error.contains("--run-dir must be a path, got an empty one"), "\(result.error)")
        }
        #expect(try Self.contents(scratch.path).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: "/config.json"))
    }

    @Test("a number that does not fit and a bad --set are named with the field, the value, the range and the source; no run starts")
    func configurationMessages() throws {
        let scratch = try TemporaryDirectory(prefix: "empower-bad-numbers")
        defer { scratch.remove() }
        for (json, field, value) in [(#"{"steps": 1e308}"#, "steps", "1e308"), (#"{"seed": -1}"#, "seed", "-1"), (#"{"skills": 2.5}"#, "skills", "2.5")] {
            try scratch.write(json, to: "config.json")
            let result = try Self.empower(["train", "--config", "config.json", "--run-dir", "run"], in: scratch)
            let line = result.error.split(separator: "\n").first.map(String.init) ?? ""
            #expect(result.status == 1 && line.contains("invalid_value: \(field) in config.json is \(value)") && line.contains("allowed: an integer from"), "\(result.error)")
            #expect(line.count < 400, "\(line)")
        }
        let set = try Self.empower(["train", "--set", "sac.learning_rate=fast", "--run-dir", "run"], in: scratch)
        #expect(set.status == 1 && set.error.contains("sac.learning_rate in --set sac.learning_rate=fast is \"fast\"; expected a number"), "\(set.error)")
        #expect(try Self.contents(scratch.path) == ["config.json"])
    }

    @Test("a checkpoint copied from another run is refused by resume and evaluate, naming the seed and the file", .enabled(if: isOptimizedBuild, "trains small runs"))
    func foreignCheckpoint() throws {
        let scratch = try TemporaryDirectory(prefix: "empower-foreign")
        defer { scratch.remove() }
        let first = try Self.trainSmallRun("first", seed: 1, in: scratch), second = try Self.trainSmallRun("second", seed: 2, in: scratch)
        for name in try FileSystem.contents(of: second + "/checkpoints") { try FileSystem.remove(second + "/checkpoints/" + name) }
        for name in try FileSystem.contents(of: first + "/checkpoints") {
            try FileManager.default.copyItem(atPath: first + "/checkpoints/" + name, toPath: second + "/checkpoints/" + name)
        }
        let before = try Self.contents(second + "/checkpoints")
        for command in ["resume", "evaluate"] {
            let result = try Self.empower([command, "second"], in: scratch)
            #expect(result.status == 1, "\(command): \(result.error)")
            #expect(result.error.contains("foreign_checkpoint") && result.error.contains("written with seed 1") && result.error.contains("step-000000400.ckpt"), "\(command): \(result.error)")
        }
        #expect(try Self.contents(second + "/checkpoints") == before)
    }

    @Test("plan and experiment downstream on a directory that is not a run leave it empty")
    func notARun() throws {
        let scratch = try TemporaryDirectory(prefix: "empower-plan-not-a-run")
        defer { scratch.remove() }
        try FileManager.default.createDirectory(atPath: scratch.file("empty"), withIntermediateDirectories: false)
        for arguments in [["plan", "empty", "--goal", "0.1,0.1"], ["experiment", "downstream", "--skills", "diayn=empty"]] {
            let result = try Self.empower(arguments, in: scratch)
            #expect(result.status == 1 && result.error.contains("not a run directory"), "\(arguments): \(result.error)")
            #expect(try Self.contents(scratch.file("empty")).isEmpty, "\(arguments) wrote into the directory")
        }
    }

    @Test("a named pipe in place of the newest checkpoint is skipped with a warning, never waited on", .enabled(if: isOptimizedBuild, "trains a small run"))
    func fifoCheckpoint() throws {
        let scratch = try TemporaryDirectory(prefix: "empower-fifo")
        defer { scratch.remove() }
        let run = try Self.trainSmallRun("run", seed: 3, in: scratch)
        let newest = run + "/checkpoints/step-000000400.ckpt"
        try FileSystem.remove(newest)
        #expect(mkfifo(newest, 0o644) == 0)
        let evaluated = try Self.empower(["evaluate", "run", "--episodes", "1"], in: scratch, timeout: 120)
        #expect(evaluated.status == 0, "\(evaluated.error)")
        #expect(evaluated.error.contains("skipping a damaged checkpoint") && evaluated.error.contains("is a named pipe, not a regular file"), "\(evaluated.error)")
        #expect(evaluated.output.contains("checkpoint at step 200"), "\(evaluated.output)")
        let resumed = try Self.empower(["resume", "run"], in: scratch, timeout: 120)
        #expect(resumed.status == 0 && resumed.output.contains("resuming run at step 200 of 400"), "\(resumed.output)\n\(resumed.error)")
    }

    @Test("a failed write to standard output is an error with a nonzero status", arguments: [["envs", "list"], ["version", "--json"], ["version"], ["--help"]])
    func standardOutputFull(arguments: [String]) throws {
        let scratch = try TemporaryDirectory(prefix: "empower-dev-full")
        defer { scratch.remove() }
        let result = try Self.empower(arguments, in: scratch, shell: #"exec "$0" "$@" > /dev/full"#)
        #expect(result.status == 1, "\(arguments): \(result.ending) \(result.error)")
        #expect(result.error.contains("cannot write to standard output: the disk is full"), "\(arguments): \(result.error)")
    }

    @Test("a report that cannot be written completely says why and leaves the previous report whole", .enabled(if: isOptimizedBuild, "trains a small run"))
    func reportOnAFullDisk() throws {
        let scratch = try TemporaryDirectory(prefix: "empower-full-report")
        defer { scratch.remove() }
        let run = try Self.trainSmallRun("run", seed: 4, in: scratch)
        let names = try Self.contents(run + "/report")
        let json = try AtomicFile.read(run + "/report/report.json")
        #expect(names.contains("index.html") && names.contains("trajectories.png"))
        // A file size limit fails the writes the way a full disk does (EFBIG instead of ENOSPC).
        let result = try Self.empower(["evaluate", "run", "--episodes", "1"], in: scratch, shell: #"ulimit -f 16; trap "" XFSZ; exec "$0" "$@""#)
        #expect(result.status == 1, "\(result.ending): \(result.error)")
        #expect(result.error.contains("the file is larger than this system allows (File too large)"), "\(result.error)")
        #expect(try Self.contents(run + "/report") == names)
        #expect(try AtomicFile.read(run + "/report/report.json") == json)
        let entries = try Self.contents(run)
        #expect(entries.allSatisfy { !$0.hasPrefix("report.") }, "\(entries)")
        // The next complete evaluation replaces it.
        let again = try Self.empower(["evaluate", "run", "--episodes", "1"], in: scratch)
        #expect(again.status == 0, "\(again.error)")
        #expect(try Self.contents(run + "/report").contains("skills.gif"))
        #expect(try Self.contents(run).allSatisfy { !$0.hasPrefix("report.") })
    }

    @Test("checkpoints/ replaced by a file is named, not taken for a run that never checkpointed")
    func checkpointsIsAFile() throws {
        let scratch = try TemporaryDirectory(prefix: "empower-checkpoints-file")
        defer { scratch.remove() }
        let run = try RunDirectory(path: scratch.file("run"), create: true)
        try ConfigurationLoader.write(TrainingConfiguration(), to: run.configPath)
        try FileSystem.removeTree(run.checkpointsPath)
        try scratch.write("", to: "run/checkpoints")
        for command in ["resume", "evaluate"] {
            let result = try Self.empower([command, "run"], in: scratch)
            #expect(result.status == 1 && result.error.contains("a file of that name is in the way") && !result.error.contains("first checkpoint"), "\(command): \(result.error)")
        }
    }

    @Test("compare without --out writes into a new comparisons/compare-DATE folder and says so", .enabled(if: isOptimizedBuild, "trains a small run"))
    func compareDefaultFolder() throws {
        let scratch = try TemporaryDirectory(prefix: "empower-compare-default")
        defer { scratch.remove() }
        _ = try Self.trainSmallRun("run", seed: 5, in: scratch)
        let result = try Self.empower(["compare", "run"], in: scratch)
        #expect(result.status == 0, "\(result.error)")
        #expect(try Self.contents(scratch.path).sorted() == ["comparisons", "run"])
        let folders = try Self.contents(scratch.file("comparisons"))
        #expect(folders.count == 1 && folders[0].hasPrefix("compare-"), "\(folders)")
        #expect(result.output.contains("comparison: comparisons/\(folders[0])/compare.html"), "\(result.output)")
        #expect(FileManager.default.fileExists(atPath: scratch.file("comparisons/\(folders[0])/compare.json")))
    }

    @Test("mutated configurations given to train: a rejected one never starts a run", .enabled(if: isOptimizedBuild, "accepted ones train 20 steps"))
    func rejectedConfigurationsStartNothing() throws {
        let scratch = try TemporaryDirectory(prefix: "empower-config-fuzz")
        defer { scratch.remove() }
        let text = try ConfigurationLoader.resolvedJSON(TrainingConfiguration())
        var generator = Xoshiro256(seed: 0x7A1)
        let replacements = ["null", "-1", "1e400", "2.5", "\"x\"", "[]", "{}", "true", "0"]
        var rejected = 0
        for case_ in 0..<30 {
            // Replace the value after a random key with something else, or cut the text short.
            var mutated = text
            let keys = text.ranges(of: "\": ")
            if case_ % 6 == 5 {
                mutated = String(text.prefix(Int(generator.next() % UInt64(text.count))))
            } else if let range = keys.isEmpty ? nil : keys[Int(generator.next() % UInt64(keys.count))] {
                let tail = text[range.upperBound...]
                let end = tail.firstIndex { $0 == "," || $0 == "\n" } ?? tail.endIndex
                mutated = String(text[..<range.upperBound]) + replacements[Int(generator.next() % UInt64(replacements.count))] + String(text[end...])
            }
            try scratch.write(mutated, to: "config-\(case_).json")
            let run = "run-\(case_)"
            let result = try Self.empower(["train", "--config", "config-\(case_).json", "--steps", "20", "--set", "log_interval=10", "--run-dir", run], in: scratch, timeout: 120)
            if result.status != 0 {
                rejected += 1
                #expect(!FileManager.default.fileExists(atPath: scratch.file(run)), "case \(case_): rejected but \(run) was created: \(result.error)")
                #expect(result.error.hasPrefix("error: ") && (result.error.contains("field=") || result.error.contains("path=")), "case \(case_): \(result.error)")
            }
        }
        #expect(rejected > 12)
    }
}
