import EmpowerBase
@testable import EmpowerCommandLine
import EmpowerEnvironments
import EmpowerTestSupport
import EmpowerTraining
import Foundation
import Testing

/// The repository's top folder (this file is Tests/EmpowerCommandLineTests/SweepTests.swift).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

@Suite("empower sweep: grids")
struct SweepGridTests {
    @Test("--grid values split at commas outside brackets and quotes")
    func splitting() throws {
        #expect(SweepAxis.splitValues("0,1") == ["0", "1"])
        #expect(SweepAxis.splitValues("[64,64],[128,128]") == ["[64,64]", "[128,128]"])
        #expect(SweepAxis.splitValues(#"{"a":1,"b":2},"x,y",z"#) == [#"{"a":1,"b":2}"#, #""x,y""#, "z"])
        #expect(SweepAxis.splitValues("") == [])
        let axis = try SweepAxis(parsing: "sac.hidden_sizes=[16,16],[32,32]")
        #expect(axis.name == "hidden_sizes")
        #expect(axis.values.map(\.overrides) == [["sac.hidden_sizes=[16,16]"], ["sac.hidden_sizes=[32,32]"]])
    }

    @Test("2 axes x 2 seeds: 4 runs with names from the values and seed, and their configurations")
    func expansion() throws {
        var grid = SweepGrid()
        grid.overrides = ["algorithm=diayn", "environment=PointMass-v0", "steps=300"]
        grid.axes = [try SweepAxis(parsing: "sac.hidden_sizes=[16,16],[32,32]"), try SweepAxis(parsing: "skills=3")]
        grid.seeds = [4, 7]
        let runs = try grid.runs(catalog: BuiltInEnvironments.catalog)
        #expect(runs.map(\.name) == [
            "hidden_sizes-16x16_skills-3_seed-4", "hidden_sizes-16x16_skills-3_seed-7",
            "hidden_sizes-32x32_skills-3_seed-4", "hidden_sizes-32x32_skills-3_seed-7",
        ])
        #expect(runs.map(\.point) == ["hidden_sizes-16x16_skills-3", "hidden_sizes-16x16_skills-3", "hidden_sizes-32x32_skills-3", "hidden_sizes-32x32_skills-3"])
        #expect(runs.map(\.configuration.sac.hiddenSizes) == [[16, 16], [16, 16], [32, 32], [32, 32]])
        #expect(runs.map(\.configuration.seed) == [4, 7, 4, 7])
        #expect(runs.allSatisfy { $0.configuration.skills == 3 && $0.configuration.steps == 300 && $0.configuration.algorithm == .diayn })
    }

    @Test("experiments/masd/grid.json: 2 environments with their agents x beta 1, 0 x seeds 1-3, the experiment's settings")
    func masdGridFile() throws {
        let grid = try SweepGrid(file: repositoryRoot + "/experiments/masd/grid.json")
        let runs = try grid.runs(catalog: BuiltInEnvironments.catalog)
        #expect(runs.count == 12)
        #expect(runs.first?.name == "env-ParticleSpread-v0_beta-1_seed-1")
        #expect(runs.last?.name == "env-CooperativePush-v0_beta-0_seed-3")
        for run in runs {
            let c = run.configuration
            #expect(c.algorithm == .masd && c.skills == 6 && c.steps == 40000 && c.sac.batchSize == 128 && c.sac.hiddenSizes == [64, 64])
            #expect(try c.catalogArguments.int("agents") == (c.environment == "ParticleSpread-v0" ? 3 : 2), "\(run.name)")
            #expect(c.masd.beta == (run.name.contains("beta-1") ? 1 : 0))
        }
        #expect(grid.columns == ["joint_accuracy", "per_agent_accuracy", "relative_position_cells_per_pair"])
    }

    @Test("experiments/slim/grid.json: slim, sum and diayn with their settings, seeds 0-2")
    func slimGridFile() throws {
        let runs = try SweepGrid(file: repositoryRoot + "/experiments/slim/grid.json").runs(catalog: BuiltInEnvironments.catalog)
        #expect(runs.map(\.name).prefix(4) == ["method-slim_seed-0", "method-slim_seed-1", "method-slim_seed-2", "method-sum_seed-0"])
        let byMethod = Dictionary(grouping: runs, by: { $0.labels[0] })
        #expect(byMethod["slim"]?.allSatisfy { $0.configuration.algorithm == .slim && $0.configuration.slim.combine == .critics && $0.configuration.slim.channels == ["discovery": 1, "reach": 2, "safety": 1] } == true)
        #expect(byMethod["sum"]?.allSatisfy { $0.configuration.slim.combine == .sum && $0.configuration.ppo.rolloutSteps == 128 } == true)
        #expect(byMethod["diayn"]?.allSatisfy { $0.configuration.algorithm == .diayn && $0.configuration.diayn.hiddenSizes == [128, 128] } == true)
        #expect(runs.allSatisfy { $0.configuration.environment == "TabletopPush-v0" && $0.configuration.steps == 300_000 && $0.configuration.environments == 8 })
    }

    @Test("a table cell is the mean and sample standard deviation over seeds; arrays count as their mean")
    func summaries() {
        #expect(ExperimentRuns.meanAndSpread([1, 2, 3]) == (2, 1))
        #expect(ExperimentRuns.meanAndSpread([0.5]) == (0.5, 0))
        let report: JSONValue = ["joint_accuracy": 0.75, "per_agent_accuracy": [0.25, 0.5], "stochastic": ["joint_accuracy": 0.5]]
        #expect(EmpowerCommandLine.CompareCommand.value(of: "per_agent_accuracy", in: report) == 0.375)
        #expect(EmpowerCommandLine.CompareCommand.value(of: "stochastic.joint_accuracy", in: report) == 0.5)
        #expect(EmpowerCommandLine.CompareCommand.value(of: "object_coverage_cells", in: report) == nil)
        #expect(GroupedComparison.format(0.3754, 3) == "0.375" && GroupedComparison.format(2, 1) == "2.0")
    }
}

@Suite("empower sweep: bad input is refused before anything runs or is written")
struct SweepBadInputTests {
    /// Runs `empower sweep ARGUMENTS --out DIR` in process and checks that DIR was not created.
    func refused(_ arguments: [String]) throws -> (status: ExitCode, error: String) {
        let out = temporaryPath("sweep-refused")
        defer { removeScratch(out) }
        let result = runEmpower(["sweep"] + arguments + ["--out", out])
        #expect(!FileManager.default.fileExists(atPath: out), "the refused sweep wrote \(out)")
        return (result.status, result.error)
    }

    @Test("an unknown key: unknown_key naming the field, with did you mean")
    func unknownKey() throws {
        let (status, error) = try refused(["--grid", "masd.bta=0,1"])
        #expect(status == .failure)
        #expect(error.contains("unknown_key") && error.contains("field=masd.bta") && error.contains("did you mean 'beta'?"), "\(error)")
    }

    @Test("an empty axis: empty_axis naming the key")
    func emptyAxis() throws {
        let (status, error) = try refused(["--grid", "masd.beta="])
        #expect(status == .failure)
        #expect(error.contains("empty_axis") && error.contains("field=masd.beta"), "\(error)")
    }

    @Test("a value its field rejects: invalid_value naming the field")
    func invalidValue() throws {
        let (status, error) = try refused(["--grid", "sac.batch_size=0,64"])
        #expect(status == .failure)
        #expect(error.contains("invalid_value") && error.contains("field=sac.batch_size"), "\(error)")
    }

    @Test("--jobs 0: a usage error naming --jobs")
    func zeroJobs() throws {
        let (status, error) = try refused(["--grid", "skills=2,3", "--jobs", "0"])
        #expect(status == .usage)
        #expect(error.contains("--jobs must be an integer from 1 to 64, got '0'"), "\(error)")
    }

    @Test("a second sweep into the same --out is refused while the first works there, naming its process")
    func outInUse() throws {
        let out = temporaryPath("busy")
        defer { removeScratch(out) }
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let lock = try #require(try FileLock.acquire(out + "/.sweep.lock"))
        let result = runEmpower(["sweep", "--grid", "skills=2,3", "--steps", "10", "--out", out])
        #expect(result.status == .failure)
        #expect(result.error.contains("out_in_use") && result.error.contains("another empower sweep (process \(getpid())) is working in"), "\(result.error)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out) == [".sweep.lock"])
        withExtendedLifetime(lock) {}
        // A dry run takes no lock and writes nothing, so it may look at a busy folder.
        #expect(runEmpower(["sweep", "--grid", "skills=2,3", "--out", out, "--dry-run"]).status == .success)
    }

    @Test("no --out: a usage error, nothing in the current directory")
    func missingOut() {
        let result = runEmpower(["sweep", "--grid", "skills=2,3"])
        #expect(result.status == .usage)
        #expect(result.error.contains("needs --out DIR"), "\(result.error)")
    }

    @Test("a grid file that is not JSON: unreadable_grid_file naming it")
    func invalidJSON() throws {
        let path = temporaryPath("grid") + ".json"
        defer { removeScratch(path) }
        try Data(#"{"axes": ["#.utf8).write(to: URL(fileURLWithPath: path))
        let (status, error) = try refused(["--grid-file", path])
        #expect(status == .failure)
        #expect(error.contains("unreadable_grid_file") && error.contains(path), "\(error)")
    }

    @Test("a grid file with an unknown field: unknown_field naming it, with did you mean")
    func unknownField() throws {
        let path = temporaryPath("grid") + ".json"
        defer { removeScratch(path) }
        try Data(#"{"axes": [{"key": "skills", "values": [2, 3]}], "seed": [1]}"#.utf8).write(to: URL(fileURLWithPath: path))
        let (status, error) = try refused(["--grid-file", path])
        #expect(status == .failure)
        #expect(error.contains("unknown_field") && error.contains("field=seed") && error.contains("did you mean 'seeds'?"), "\(error)")
    }

    @Test("a column report.json does not have: unknown_column with did you mean")
    func unknownColumn() throws {
        let (status, error) = try refused(["--grid", "skills=2,3", "--columns", "joint_acuracy"])
        #expect(status == .failure)
        #expect(error.contains("unknown_column") && error.contains("did you mean 'joint_accuracy'?"), "\(error)")
    }
}

/// Sweeps of tiny DIAYN runs on PointMass-v0 through the real `empower` executable (its children
/// are `empower train` and `empower evaluate` processes). A few seconds each in release.
@Suite("empower sweep: real runs", .serialized, .enabled(if: isOptimizedBuild, "trains small runs in child processes; the test script builds in release mode"))
struct SweepRunTests {
    /// The base of every sweep here: 300 steps, 3 skills, tiny networks, a checkpoint every 100 steps.
    static func base(steps: Int = 300) -> [String] {
        [
            "--algo", "diayn", "--env", "PointMass-v0", "--steps", "\(steps)", "--skills", "3",
            "--set", "sac.hidden_sizes=[16,16]", "--set", "diayn.hidden_sizes=[16]", "--set", "sac.warmup_steps=100",
            "--set", "checkpoint_interval=100", "--set", "log_interval=100",
        ]
    }

    /// Runs `empower sweep ARGUMENTS` to its end; returns its exit status and output.
    func sweep(_ arguments: [String]) throws -> (ending: ChildProcess.Ending, output: String, error: String) {
        let logs = temporaryPath("sweep-log")
        let child = try ChildProcess(try EmpowerExecutable.locate(), ["sweep"] + arguments, in: FileManager.default.temporaryDirectory.path, logPrefix: logs)
        let ending = try child.waitForExit(timeout: 300)
        defer { for suffix in [".out", ".err"] { removeScratch(logs + suffix) } }
        return (ending, child.standardOutput, child.standardError)
    }

    func modificationDate(_ path: String) throws -> Date? {
        try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
    }

    @Test("2 grid points, --jobs 2: one table row per grid point, each cell its run's report.json value")
    func endToEnd() throws {
        let out = temporaryPath("sweep-e2e")
        defer { removeScratch(out) }
        let result = try sweep(Self.base() + ["--grid", "diayn.hidden_sizes=[16],[32]", "--jobs", "2", "--episodes", "2", "--out", out])
        #expect(result.ending == .exited(0), "\(result.error)")
        let names = ["hidden_sizes-16_seed-1", "hidden_sizes-32_seed-1"]
        #expect(try FileManager.default.contentsOfDirectory(atPath: out + "/runs").sorted() == names)

        // Every run was evaluated with the sweep's episodes (train's own report has 3).
        var accuracies: [Double] = []
        for name in names {
            let report = try EvaluationReport.read(from: "\(out)/runs/\(name)/report/report.json")
            #expect(report.episodesPerSkill == 2 && report.checkpointStep == 300)
            accuracies.append(try #require(report.deterministic.discriminatorAccuracy))
        }
        let table = try String(contentsOfFile: out + "/README-table.md", encoding: .utf8)
        let rows = table.split(separator: "\n").filter { $0.hasPrefix("| [") }
        #expect(rows.count == 2, "\(table)")
        #expect(table.hasPrefix("| hidden_sizes | runs | discriminator_accuracy |"), "\(table)")
        for (row, accuracy) in zip(rows, accuracies) {
            #expect(row.contains("| 1 | \(GroupedComparison.format(accuracy, 3)) |"), "\(row)")
        }
        let summary = try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: URL(fileURLWithPath: out + "/sweep.json")))
        guard case let .array(runs)? = summary["runs"], case let .array(tableRows)? = summary["table"]?["rows"] else {
            throw TestFailure("sweep.json lacks runs or table.rows: \(summary.rendered())")
        }
        #expect(runs.count == 2 && tableRows.count == 2)
        #expect(FileManager.default.fileExists(atPath: out + "/compare/compare.html"))
    }

    @Test("reuse rule: a finished run is not retrained, a stopped one is resumed, one without checkpoints retrained, another run in the way is an error")
    func reuse() throws {
        let out = temporaryPath("sweep-reuse")
        defer { removeScratch(out) }
        let arguments = Self.base() + ["--out", out]
        let run = out + "/runs/seed-1"
        #expect(try sweep(arguments).ending == .exited(0))
        #expect(try checkpointFileSteps(in: run + "/checkpoints") == [100, 200, 300])
        let finalCheckpoint = run + "/checkpoints/step-000000300.ckpt"
        let before = try modificationDate(finalCheckpoint)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: finalCheckpoint))

        // Finished: reused, its checkpoint untouched, no child started.
        let again = try sweep(arguments)
        #expect(again.ending == .exited(0))
        #expect(again.output.contains("seed-1: finished, reused") && !again.output.contains("started"), "\(again.output)")
        #expect(try modificationDate(finalCheckpoint) == before)
        #expect(try Data(contentsOf: URL(fileURLWithPath: finalCheckpoint)) == bytes)

        // Stopped at step 200 (its last checkpoint removed): resumed to 300.
        try FileManager.default.removeItem(atPath: finalCheckpoint)
        let resumed = try sweep(arguments)
        #expect(resumed.ending == .exited(0), "\(resumed.error)")
        #expect(resumed.output.contains("seed-1: stopped at step 200, resume") && resumed.output.contains("seed-1: resume started"), "\(resumed.output)")
        #expect(try checkpointFileSteps(in: run + "/checkpoints").last == 300)
        #expect(try String(contentsOfFile: run + "/events.log", encoding: .utf8).contains("resumed from the checkpoint at step 200"))

        // Another configuration in the same place (other steps): refused, naming the directory.
        let other = try sweep(Self.base(steps: 400) + ["--out", out])
        #expect(other.ending == .exited(1))
        #expect(other.error.contains("run_in_the_way") && other.error.contains(run), "\(other.error)")
        #expect(try checkpointFileSteps(in: run + "/checkpoints").last == 300)

        // Its own configuration but no checkpoint at all (stopped before saving): trained again.
        try FileManager.default.removeItem(atPath: run + "/checkpoints")
        let retrained = try sweep(arguments)
        #expect(retrained.ending == .exited(0), "\(retrained.error)")
        #expect(retrained.output.contains("seed-1: stopped before its first checkpoint, train again"), "\(retrained.output)")
        #expect(try checkpointFileSteps(in: run + "/checkpoints") == [100, 200, 300])

        // A directory that is not a run: refused too.
        let stranger = out + "-stranger"
        try FileManager.default.createDirectory(atPath: stranger + "/runs/seed-1", withIntermediateDirectories: true)
        try Data("notes".utf8).write(to: URL(fileURLWithPath: stranger + "/runs/seed-1/notes.txt"))
        let blocked = try sweep(Self.base() + ["--out", stranger])
        #expect(blocked.ending == .exited(1))
        #expect(blocked.error.contains("run_in_the_way") && blocked.error.contains(stranger + "/runs/seed-1"), "\(blocked.error)")
    }
}

/// A unique path under the system temporary directory, not created.
func temporaryPath(_ name: String) -> String {
    FileManager.default.temporaryDirectory.path + "/empower-\(name)-\(UUID().uuidString)"
}

/// Removes what a test wrote at `path` (and a sweep's `-stranger` sibling), if anything.
func removeScratch(_ path: String) {
    for candidate in [path, path + "-stranger"] where FileManager.default.fileExists(atPath: candidate) {
        try? FileManager.default.removeItem(atPath: candidate)
    }
}
