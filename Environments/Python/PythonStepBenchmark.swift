import EmpowerCore
import Foundation

/// The same Gymnasium environment stepped in plain Python, by the interpreter a `gymnasium:`
/// id would use: what `empower bench python` compares Empower's stepping with.
public enum PythonStepBenchmark {
    /// The interpreter for `gymnasium:` and `python:` ids with these arguments.
    public static func interpreter(for id: String, arguments: EnvironmentArguments = [:]) throws -> String {
        try PythonLaunch(id, arguments: arguments).interpreter
    }

    /// Random-action steps per second of `gymnasium.make(name)` in plain Python for about
    /// `seconds`, resets not timed (as `EnvironmentBenchmark` times Empower's environments).
    /// - Throws: `.pythonError` with Python's output when the script fails.
    public static func plainPythonStepsPerSecond(gymnasiumID name: String, interpreter: String, seconds: Double) throws -> Double {
        let script = """
            import sys, time, warnings
            warnings.simplefilter("ignore")
            import gymnasium
            env = gymnasium.make(sys.argv[1])
            env.action_space.seed(0)
            actions = [env.action_space.sample() for _ in range(1024)]
            steps, timed, episode = 0, 0.0, 0
            while timed < float(sys.argv[2]):
                env.reset(seed=episode)
                episode += 1
                start = time.perf_counter()
                done = False
                while not done:
                    _, _, terminated, truncated, _ = env.step(actions[steps & 1023])
                    steps += 1
                    done = terminated or truncated
                timed += time.perf_counter() - start
            print(steps / timed)
            """
        let process = Process()
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: interpreter)
        process.arguments = ["-c", script, name, "\(seconds)"]
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0, let rate = Double(text.split(separator: "\n").last.map(String.init) ?? "") else {
            throw EnvironmentError(
                .pythonError, "gymnasium:\(name): timing it in plain Python failed: \(text.suffix(500))", context: ["environment": "gymnasium:\(name)"])
        }
        return rate
    }
}
