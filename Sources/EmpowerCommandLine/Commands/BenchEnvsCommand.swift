import EmpowerBase
import EmpowerBenchmarks
import EmpowerEnvironments

/// `empower bench envs`: single-threaded steps per second of every built-in environment, the
/// raw Box2D speed of the same worlds, the share of a step spent in physics, and a vector
/// environment on 1 and 2 threads. See ``EnvironmentBenchmark`` for exactly what is timed.
///
/// ```text
/// $ empower bench envs --json
/// {"machine": {...}, "environments": [{"id": "CooperativePush-v0", "steps_per_second": ..., "overhead_ratio": 0.83}, ...],
///  "vector_environment": "PointMaze-v0", "vector_1_thread_sps": ..., "vector_2_threads_sps": ...}
/// ```
public enum BenchEnvsCommand: Command {
    public static let name = "envs"
    public static let summary = "Measure environment steps/s, raw physics steps/s and the physics share of a step."
    public static let discussion = """
        For every built-in environment: env steps/s on one thread with random actions (resets
        not timed). For Box2D environments also the raw physics steps/s of the same world in the
        same run (stepSimulationOnly: the Box2D work of one step, all substeps) and
        overhead_ratio = raw physics time / env step time per step (1 = no overhead; the target
        is >= 0.8). Then a vector environment of 8 copies with 1 and 2 threads, on
        TabletopPush-v0 when it is registered, else on the slowest single-agent Box2D
        environment.
        """
    public static let options: [OptionSpec] = [
        .flag("json", help: "Print one JSON object instead of a table."),
        .option("effort", .double(in: 0.01...20), default: 1.0, help: "Scale the time per measurement (1 = about 0.6 s each)."),
        .repeatable("id", valueName: "ID", help: "Measure only this environment (repeat for several); default: every one."),
    ]
    public static let examples: [CommandExample] = [
        CommandExample("empower bench envs", "A table of the figures with the machine they were measured on."),
        CommandExample("empower bench envs --json --effort 3", "JSON, with longer (steadier) measurements."),
        CommandExample("empower bench envs --id ParticleSpread-v0", "Only one environment (the vector figures need a single-agent Box2D one)."),
    ]

    public static func run(_ arguments: ParsedArguments, io: CommandIO) throws -> ExitCode {
        let json = arguments.flag("json")
        let effort = arguments.double("effort") ?? 1
        let catalog = io.catalog
        let only = arguments.strings("id")
        for id in only { try EnvironmentSelection.requireKnown(id, in: catalog, command: arguments.commandName) }
        let result = try EnvironmentBenchmark(effort: effort).run(catalog: catalog, ids: only.isEmpty ? nil : only) { line in
            if !json { io.printError(line + "...") }
        }
        let machine = MachineDescription.current
        if json {
            var members: [JSONMember] = [
                JSONMember("machine", [
                    "processor": .string(machine.processor),
                    "logical_cores": .int(machine.logicalCores),
                    "operating_system": .string(machine.operatingSystem),
                ]),
                JSONMember("effort", .number(effort)),
                JSONMember("environments", .array(result.measurements.map(measurementJSON))),
            ]
            if let vector = result.vector {
                members += [
                    JSONMember("vector_environment", .string(vector.id)),
                    JSONMember("vector_environments", .int(vector.environments)),
                    JSONMember("vector_1_thread_sps", .number(vector.oneThreadStepsPerSecond.rounded())),
                    JSONMember("vector_2_threads_sps", .number(vector.twoThreadsStepsPerSecond.rounded())),
                ]
            } else {
                members += [JSONMember("vector_1_thread_sps", .null), JSONMember("vector_2_threads_sps", .null)]
            }
            io.printJSON(.object(members))
            return .success
        }
        io.print("machine: \(machine.processor), \(machine.logicalCores) logical cores, \(machine.operatingSystem)")
        var table = TextTable(["environment", "agents", "steps/s", "physics steps/s", "physics share"], alignments: [.left, .right, .right, .right, .right])
        for m in result.measurements {
            table.append([
                m.id, m.agents.map(String.init) ?? "1", BenchNNCommand.format(m.stepsPerSecond, 0),
                m.physicsStepsPerSecond.map { BenchNNCommand.format($0, 0) } ?? "-",
                m.overheadRatio.map { BenchNNCommand.format($0, 3) } ?? "-",
            ])
        }
        io.printTable(table)
        if let vector = result.vector {
            io.print("vector: \(vector.environments) x \(vector.id): \(BenchNNCommand.format(vector.oneThreadStepsPerSecond, 0)) steps/s on 1 thread, \(BenchNNCommand.format(vector.twoThreadsStepsPerSecond, 0)) on 2 threads")
        }
        return .success
    }

    static func measurementJSON(_ m: EnvironmentBenchmark.Measurement) -> JSONValue {
        var members: [JSONMember] = [
            JSONMember("id", .string(m.id)),
            JSONMember("agents", .int(m.agents ?? 1)),
            JSONMember("steps", .int(m.steps)),
            JSONMember("steps_per_second", .number(m.stepsPerSecond.rounded())),
        ]
        if let physics = m.physicsStepsPerSecond, let ratio = m.overheadRatio {
            members.append(JSONMember("physics_steps_per_second", .number(physics.rounded())))
            members.append(JSONMember("overhead_ratio", .number(ratio.rounded(toPlaces: 3))))
        }
        return .object(members)
    }
}
