import EmpowerBase
@testable import EmpowerCommandLine
import EmpowerTestSupport
import EmpowerTraining
import Foundation
import Testing

@Suite("empower evaluate and compare: bad input")
struct EvaluateBadInputTests {
    @Test("a directory that is not a run: exit 1, a message naming it, nothing created inside")
    func notARun() throws {
        let scratch = try TemporaryDirectory(prefix: "empower-not-a-run")
        defer { scratch.remove() }
        let path = scratch.file("run")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let result = runEmpower(["evaluate", path])
        #expect(result.status == .failure)
        #expect(result.error.contains("not_a_run") && result.error.contains("is not a run directory (it has no config.json)"), "\(result.error)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: path).isEmpty)
    }

    @Test("a path that does not exist: exit 1 and where runs usually are")
    func missing() throws {
        let scratch = try TemporaryDirectory(prefix: "empower-missing")
        defer { scratch.remove() }
        let result = runEmpower(["evaluate", scratch.file("missing")])
        #expect(result.status == .failure)
        #expect(result.error.contains("there is no run at"), "\(result.error)")
    }

    @Test("a run without checkpoints: exit 1, says there is no checkpoint yet")
    func noCheckpoint() throws {
        let scratch = try TemporaryDirectory(prefix: "empower-no-checkpoint")
        defer { scratch.remove() }
        let run = try RunDirectory(path: scratch.file("run"), create: true)
        try ConfigurationLoader.write(TrainingConfiguration(), to: run.configPath)
        let result = runEmpower(["evaluate", run.path])
        #expect(result.status == .failure)
        #expect(result.error.contains("nothing_to_resume") && result.error.contains("has no checkpoint yet"), "\(result.error)")
    }

    @Test("compare of a run never evaluated says to run evaluate first")
    func compareWithoutReport() throws {
        let scratch = try TemporaryDirectory(prefix: "empower-no-report")
        defer { scratch.remove() }
        let run = try RunDirectory(path: scratch.file("run"), create: true)
        try ConfigurationLoader.write(TrainingConfiguration(), to: run.configPath)
        let result = runEmpower(["compare", run.path, "--out", scratch.file("cmp")])
        #expect(result.status == .failure)
        #expect(result.error.contains("unreadable_report") && result.error.contains("empower evaluate"), "\(result.error)")
    }
}

@Suite("empower evaluate and compare on real runs", .serialized, .enabled(if: isOptimizedBuild, "trains small runs; the test script builds in release mode"))
struct EvaluateCommandTests {
    /// A small DIAYN run on PointMass-v0 (4 skills, 400 steps, 2x16 networks), trained in process
    /// into `directory`.
    static func trainSmallRun(seed: Int, in directory: TemporaryDirectory) -> String {
        let path = directory.file("eval-run-\(seed)")
        let result = runEmpower([
            "train", "--steps", "400", "--skills", "4", "--seed", "\(seed)", "--set", "sac.hidden_sizes=[16,16]",
            "--set", "diayn.hidden_sizes=[16,16]", "--set", "sac.warmup_steps=100", "--set", "log_interval=100",
            "--set", "evaluation_interval=200", "--run-dir", path,
        ])
        #expect(result.status == .success, "\(result.error)")
        return path
    }

    @Test("evaluate writes the whole report; compare puts two seeds side by side; a corrupted checkpoint is a clear error")
    func reportAndCompare() throws {
        let scratch = try TemporaryDirectory(prefix: "empower-evaluate")
        defer { scratch.remove() }
        let first = Self.trainSmallRun(seed: 0, in: scratch), second = Self.trainSmallRun(seed: 1, in: scratch)
        // The closing report of `train` already holds the periodic evaluations' keys.
        let records = try MetricsLog.read(csv: first + "/metrics.csv")
        #expect(records.filter { $0["eval/accuracy"] != nil }.map(\.step) == [200, 400])

        let evaluated = runEmpower(["evaluate", first, "--episodes", "2"])
        #expect(evaluated.status == .success, "\(evaluated.error)")
        #expect(evaluated.output.contains("discriminator accuracy on fresh rollouts"))
        #expect(evaluated.error.contains("deterministic rollouts: 8/8 episodes"))
        let report = first + "/report/"
        for name in ["report.json", "trajectories.svg", "trajectories.png", "skill-00.gif", "skill-03.gif", "skills.gif", "curves.svg", "curves.png", "index.html"] {
            #expect(FileManager.default.fileExists(atPath: report + name), "\(name)")
        }
        let decoded = try EvaluationReport.read(from: report + "report.json")
        #expect(decoded.skills == 4 && decoded.episodesPerSkill == 2 && decoded.cellSize == 0.2 && decoded.checkpointStep == 400)
        #expect(decoded.deterministic.perSkillAccuracy?.count == 4 && decoded.deterministic.discriminatorAccuracy != nil)
        #expect(decoded.deterministic.objectCoverageCells == nil && decoded.deterministic.jointAccuracy == nil)
        let json = try String(contentsOfFile: report + "report.json", encoding: .utf8)
        for key in ["\"algorithm\"", "\"environment\"", "\"skills\"", "\"episodes_per_skill\"", "\"discriminator_accuracy\"", "\"mutual_information_lower_bound\"",
                    "\"mutual_information_plugin\"", "\"state_coverage_cells\"", "\"cell_size\"", "\"safety_violations_per_episode\"", "\"stochastic\""] {
            #expect(json.contains(key), "\(key)")
        }
        #expect(!json.contains("object_coverage_cells") && !json.contains("joint_accuracy"))
        let html = try String(contentsOfFile: report + "index.html", encoding: .utf8)
        #expect(html.contains("data:image/png;base64,") && html.contains("data:image/gif;base64,") && html.contains("&quot;skills&quot;: 4"))
        #expect(!html.contains("src=\"/") && !html.contains("src=\"file:"))
        // The same seed gives the same report.
        #expect(runEmpower(["evaluate", first, "--episodes", "2"]).status == .success)
        #expect(try EvaluationReport.read(from: report + "report.json") == decoded)

        #expect(runEmpower(["evaluate", second, "--episodes", "1"]).status == .success)
        let out = scratch.file("compare")
        let compared = runEmpower(["compare", first, second, "--out", out])
        #expect(compared.status == .success, "\(compared.error)")
        #expect(compared.output.contains("discriminator_accuracy") && compared.output.contains("(seed 0)") && compared.output.contains("(seed 1)"))
        for name in ["compare.json", "compare.html", "compare-curves.svg", "compare-curves.png", "compare-curves-time.svg", "compare-curves-time.png"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + name), "\(name)")
        }

        // Every checkpoint damaged: a typed error, exit 1, never a crash.
        let checkpoints = first + "/checkpoints"
        for name in try FileManager.default.contentsOfDirectory(atPath: checkpoints) {
            var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: checkpoints + "/" + name)))
            bytes[bytes.count / 2] ^= 0xFF
            try Data(bytes).write(to: URL(fileURLWithPath: checkpoints + "/" + name))
        }
        let corrupted = runEmpower(["evaluate", first])
        #expect(corrupted.status == .failure)
        #expect(corrupted.error.contains("no_valid_checkpoint") && corrupted.error.contains("can be loaded"), "\(corrupted.error)")
    }
}

@Suite("empower evaluate --policy random")
struct RandomPolicyEvaluationTests {
    @Test("the random baseline's report: the same keys as a run's, object displacement included, the same numbers for the same seed")
    func randomBaselineReport() throws {
        let scratch = try TemporaryDirectory(prefix: "empower-random-policy")
        defer { scratch.remove() }
        var texts: [String] = []
        for name in ["a", "b"] {
            let result = runEmpower(["evaluate", "--policy", "random", "--env", "TabletopPush-v0", "--skills", "4", "--episodes", "1", "--seed", "5", scratch.file(name)])
            #expect(result.status == .success, "\(result.error)")
            #expect(result.output.contains("object displacement:"), "\(result.output)")
            texts.append(try #require(scratch.read("\(name)/report/report.json")))
        }
        let report = try JSONDecoder().decode(EvaluationReport.self, from: Data(texts[0].utf8))
        #expect(report.algorithm == "random" && report.skills == 4 && report.checkpointStep == 0)
        #expect(report.deterministic.discriminatorAccuracy == nil)
        let cells = try #require(report.deterministic.objectDisplacementCells)
        #expect(cells >= 1)
        #expect(report.deterministic.objectMoveDirections != nil)
        #expect(texts[0] == texts[1])
        #expect(scratch.read("a/report/index.html")?.contains("&quot;policy&quot;: &quot;random&quot;") == true || scratch.read("a/report/index.html")?.contains("\"policy\": \"random\"") == true)
    }

    @Test("bad input: no --env, no directory, --env with a trained run, an unknown environment")
    func badInput() throws {
        let scratch = try TemporaryDirectory(prefix: "empower-random-policy-bad")
        defer { scratch.remove() }
        let noEnv = runEmpower(["evaluate", "--policy", "random", scratch.file("x")])
        #expect(noEnv.status == .usage && noEnv.error.contains("needs --env ID"), "\(noEnv.error)")
        let noDirectory = runEmpower(["evaluate", "--policy", "random", "--env", "TabletopPush-v0"])
        #expect(noDirectory.status == .usage && noDirectory.error.contains("needs DIR"), "\(noDirectory.error)")
        let envWithRun = runEmpower(["evaluate", "--env", "TabletopPush-v0", scratch.file("x")])
        #expect(envWithRun.status == .usage && envWithRun.error.contains("--env goes with --policy random"), "\(envWithRun.error)")
        let unknown = runEmpower(["evaluate", "--policy", "random", "--env", "TabletopPsh-v0", scratch.file("x")])
        #expect(unknown.status == .failure && unknown.error.contains("TabletopPush-v0"), "\(unknown.error)")
        #expect(!FileManager.default.fileExists(atPath: scratch.file("x")))
    }
}
