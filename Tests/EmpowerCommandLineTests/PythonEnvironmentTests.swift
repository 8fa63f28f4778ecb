import EmpowerBase
import EmpowerTestSupport
import Foundation
import Testing

/// Python environments inside Empower, through the real executable: `gymnasium:<id>` and
/// `python:<module>:<factory>` with the `.venv` that the README's test command creates
/// (Gymnasium with Box2D, PettingZoo) and the test environments of
/// `Tests/Python/empower_test_envs.py`.
@Suite("Python environments in Empower (gymnasium:, python:)", .serialized)
struct PythonEnvironmentTests {
    /// The variables that select `.venv`'s Python and find the test environments.
    static func environment() throws -> [String: String] {
        _ = try TensorBoardTests.python()  // fails with how to create .venv when it is missing
        return ["VIRTUAL_ENV": repositoryRoot + "/.venv", "PYTHONPATH": repositoryRoot + "/Tests/Python", "PYTHONDONTWRITEBYTECODE": "1"]
    }

    static func empower(_ arguments: [String], in directory: TemporaryDirectory, timeout: Double = 300) throws -> ReliabilityTests.Result {
        try ReliabilityTests.empower(arguments, in: directory, environment: try environment(), timeout: timeout)
    }

    /// A short DIAYN run's arguments (4 skills, 2x32 networks, no periodic evaluation).
    static func smallDIAYN(_ id: String, steps: Int = 600, runDirectory: String, extra: [String] = []) -> [String] {
        ["train", "--env", id, "--steps", "\(steps)", "--skills", "4", "--run-dir", runDirectory,
         "--set", "sac.hidden_sizes=[32,32]", "--set", "diayn.hidden_sizes=[32,32]", "--set", "sac.warmup_steps=100",
         "--set", "evaluation_interval=0"] + extra
    }

    static func report(_ path: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path + "/report/report.json"))
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    @Test("DIAYN trains from the command line on gymnasium:LunarLanderContinuous-v3 and gymnasium:MountainCarContinuous-v0")
    func diaynOnGymnasium() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        for id in ["gymnasium:LunarLanderContinuous-v3", "gymnasium:MountainCarContinuous-v0"] {
            let name = id.replacingOccurrences(of: ":", with: "-")
            let result = try Self.empower(Self.smallDIAYN(id, runDirectory: name), in: scratch)
            #expect(result.status == 0, "\(id): \(result.error.suffix(3000))")
            #expect(result.output.contains("discriminator accuracy on fresh rollouts of every skill"), "\(result.output.suffix(2000))")
            let report = try Self.report(scratch.file(name))
            #expect(report["environment"] as? String == id, "\(report.keys)")
            #expect(report["discriminator_accuracy"] is NSNumber)
            #expect(FileManager.default.fileExists(atPath: scratch.file(name + "/report/index.html")))
        }
    }

    @Test("empower envs check is clean on gymnasium:Pendulum-v1 and the test environments; a Tuple space, a typo and no episode limit are refused; render draws LunarLander")
    func checker() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        for id in ["gymnasium:Pendulum-v1", "python:empower_test_envs:walker", "python:empower_test_envs:two_points"] {
            let result = try Self.empower(["envs", "check", id, "--set", "max_episode_steps=100"], in: scratch)
            #expect(result.status == 0, "\(id): \(result.output) \(result.error.suffix(2000))")
            #expect(result.output.contains("\(id): no problems"), "\(result.output)")
        }
        let tuple = try Self.empower(["envs", "check", "gymnasium:Blackjack-v1"], in: scratch)
        #expect(tuple.status != 0)
        #expect(tuple.error.contains("unsupported_space") && tuple.error.contains("Tuple"), "\(tuple.error)")
        let typo = try Self.empower(["envs", "check", "python:empower_test_envs:walkr", "--set", "max_episode_steps=10"], in: scratch)
        #expect(typo.error.contains("python_error") && typo.error.contains("has no attribute 'walkr'"), "\(typo.error)")
        let noLimit = try Self.empower(["envs", "check", "python:empower_test_envs:walker"], in: scratch)
        #expect(noLimit.error.contains("max_episode_steps"), "\(noLimit.error)")
        let render = try Self.empower(["render", "gymnasium:LunarLanderContinuous-v3", "--out", "lunar.png", "--steps", "20"], in: scratch)
        #expect(render.status == 0, "\(render.error)")
        let picture = try FileManager.default.attributesOfItem(atPath: scratch.file("lunar.png"))[.size] as? Int ?? 0
        #expect(picture > 1000, "a 600x400 picture of the lander, not an empty file")
    }

    @Test("MASD trains on a PettingZoo parallel environment given as python:module:factory; 4 environments on 2 threads for DIAYN")
    func masdOnPettingZoo() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let masd = try Self.empower([
            "train", "--algo", "masd", "--env", "python:empower_test_envs:two_points", "--skills", "4", "--steps", "800",
            "--run-dir", "masd", "--set", "sac.hidden_sizes=[32,32]", "--set", "masd.joint_features=all", "--set", "masd.agent_features=all",
            "--set", "environment_arguments.max_episode_steps=25", "--set", "sac.warmup_steps=100", "--set", "evaluation_interval=0",
        ], in: scratch)
        #expect(masd.status == 0, "\(masd.error.suffix(3000))")
        #expect(FileManager.default.fileExists(atPath: scratch.file("masd/report/report.json")))
        let vector = try Self.empower(Self.smallDIAYN(
            "python:empower_test_envs:walker", runDirectory: "walker",
            extra: ["--set", "environments=4", "--set", "threads=2", "--set", "diayn.features=position",
                    "--set", "environment_arguments.max_episode_steps=50", "--set", "environment_arguments.made_log=\(scratch.file("made.log"))"]),
            in: scratch)
        #expect(vector.status == 0, "\(vector.error.suffix(3000))")
        // The checks before training, 4 environments, the evaluation and the baseline: idle
        // environments are handed on, so 4 run at once and one more was made for the check.
        let made = (scratch.read("made.log") ?? "").split(separator: "\n")
        #expect(made.count == 5 && Set(made).count == 5, "environments made: \(made.count), processes: \(Set(made).count)")
    }

    /// A Python environment that fails at step 250 of its process while a marker file exists:
    /// by raising, or by killing its own process.
    @Test("A Python exception and a dead worker are typed errors naming the step; the run resumes from its last checkpoint", arguments: ["raise", "kill"])
    func failures(mode: String) throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        try scratch.write("", to: "marker")
        let arguments = Self.smallDIAYN("python:empower_test_envs:walker", steps: 400, runDirectory: "run", extra: [
            "--set", "environment_arguments.max_episode_steps=50", "--set", "environment_arguments.fail=\(mode)",
            "--set", "environment_arguments.marker=\(scratch.file("marker"))", "--set", "environment_arguments.at_step=250",
            "--set", "checkpoint_interval=100", "--set", "diayn.features=position", "--set", "sac.warmup_steps=50",
        ])
        let failed = try Self.empower(arguments, in: scratch)
        #expect(failed.status != 0)
        if mode == "raise" {
            #expect(failed.error.contains("python_error: python:empower_test_envs:walker: Python raised during step 50 of the episode: RuntimeError: the walker tripped at step 250"), "\(failed.error)")
            #expect(failed.error.contains("empower_test_envs.py\", line"), "the innermost frame of the environment's code: \(failed.error)")
        } else {
            #expect(failed.error.contains("worker_exited: python:empower_test_envs:walker: the Python worker process was killed by signal 9 during step 50 of the episode"), "\(failed.error)")
        }
        let checkpoints = try FileManager.default.contentsOfDirectory(atPath: scratch.file("run/checkpoints")).sorted()
        #expect(checkpoints.contains("step-000000200.ckpt"), "\(checkpoints)")
        try FileManager.default.removeItem(atPath: scratch.file("marker"))
        let resumed = try Self.empower(["resume", "run"], in: scratch)
        #expect(resumed.status == 0, "\(resumed.error.suffix(3000))")
        #expect(FileManager.default.fileExists(atPath: scratch.file("run/report/report.json")))
    }
}
