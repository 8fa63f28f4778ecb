import EmpowerBase
import EmpowerBenchmarks
import EmpowerCore
import EmpowerPython

/// `empower bench python`: what stepping a Gymnasium environment inside Empower costs, against
/// the same environment stepped in plain Python by the same interpreter.
///
/// ```text
/// $ empower bench python --json
/// {"gymnasium:Pendulum-v1": {"empower_steps_per_second": 26000, "python_steps_per_second": 58000, "overhead_us": 21.2}, ...}
/// ```
public enum BenchPythonCommand: Command {
    public static let name = "python"
    public static let summary = "Measure the cost per step of a Gymnasium environment inside Empower against plain Python."
    public static let discussion = """
        For each id (default gymnasium:Pendulum-v1 and gymnasium:LunarLanderContinuous-v3):
        random-action steps per second through Empower (the environment in a Python worker
        process, one thread, resets not timed), the same in plain Python by the same
        interpreter (gymnasium.make, resets not timed), and the difference per step in
        microseconds: what the worker process and its pipe add. The interpreter is the active
        virtual environment's (VIRTUAL_ENV), else python3 on PATH.
        """
    public static let options: [OptionSpec] = [
        .flag("json", help: "Print one JSON object instead of a table."),
        .option("effort", .double(in: 0.05...20), default: 1.0, help: "Scale the time per measurement (1 = about 1 s each)."),
        .repeatable("id", valueName: "ID", help: "A gymnasium:<id> to measure (repeat for several)."),
    ]
    public static let examples: [CommandExample] = [
        CommandExample("empower bench python", "Pendulum-v1 and LunarLanderContinuous-v3, inside Empower and in plain Python."),
    ]

    public static func run(_ arguments: ParsedArguments, io: CommandIO) throws -> ExitCode {
        let json = arguments.flag("json")
        let seconds = arguments.double("effort") ?? 1
        let given = arguments.strings("id")
        let ids = given.isEmpty ? ["gymnasium:Pendulum-v1", "gymnasium:LunarLanderContinuous-v3"] : given
        var table = TextTable(["environment", "in Empower (steps/s)", "plain Python (steps/s)", "us/step in Empower", "us/step in Python", "overhead (us/step)"],
                              alignments: [.left, .right, .right, .right, .right, .right])
        var members: [JSONMember] = []
        for id in ids {
            guard id.hasPrefix("gymnasium:") else {
                throw CommandLineError(.invalidValue, "--id must be a gymnasium:<id>, got '\(id)'", context: ["command": arguments.commandName, "option": "--id", "value": id])
            }
            if !json { io.printError("measuring \(id)...") }
            let environment = try io.catalog.make(id)
            let empower = try EnvironmentBenchmark.measure(environment, seconds: seconds).stepsPerSecond
            let python = try PythonStepBenchmark.plainPythonStepsPerSecond(
                gymnasiumID: String(id.dropFirst("gymnasium:".count)), interpreter: try PythonStepBenchmark.interpreter(for: id), seconds: seconds)
            let overhead = 1e6 / empower - 1e6 / python
            table.append([id, BenchNNCommand.format(empower, 0), BenchNNCommand.format(python, 0), BenchNNCommand.format(1e6 / empower, 1),
                          BenchNNCommand.format(1e6 / python, 1), BenchNNCommand.format(overhead, 1)])
            members.append(JSONMember(id, .object([
                JSONMember("empower_steps_per_second", .number(empower.rounded(toPlaces: 1))),
                JSONMember("python_steps_per_second", .number(python.rounded(toPlaces: 1))),
                JSONMember("overhead_us", .number(overhead.rounded(toPlaces: 2))),
            ])))
        }
        if json {
            members.append(JSONMember("processor", .string(MachineDescription.current.processor)))
            io.printJSON(.object(members))
        } else {
            io.printTable(table)
        }
        return .success
    }
}
