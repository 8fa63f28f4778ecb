import EmpowerCore

/// The Python environments' schemes: `gymnasium:<id>` (any environment registered with
/// Gymnasium in the interpreter's packages) and `python:<module>:<factory>` (a callable that
/// returns a Gymnasium environment or a PettingZoo parallel environment). Every command that
/// takes an environment id takes these; the environment runs in a Python worker process (see
/// ``PythonEnvironment``).
///
/// ```swift
/// var catalog = EnvironmentCatalog()
/// try PythonEnvironments.register(in: &catalog)
/// var pendulum = try catalog.make("gymnasium:Pendulum-v1", arguments: ["g": 9.81])
/// ```
public enum PythonEnvironments {
    public static func register(in catalog: inout EnvironmentCatalog) throws(EnvironmentError) {
        try catalog.registerScheme(EnvironmentScheme(
            name: "gymnasium", form: "gymnasium:<Gymnasium id>",
            summary: "a Gymnasium environment, gymnasium.make(id, **environment_arguments), stepped in a Python worker",
            make: { id, arguments in try PythonEnvironment(id, arguments: arguments) },
            makeMultiAgent: { id, _ in
                throw EnvironmentError(
                    .incompatibleEnvironment, "\(id) is a single-agent Gymnasium environment; a multi-agent algorithm needs python:<module>:<factory> returning a PettingZoo parallel environment",
                    context: ["environment": id])
            },
            isMultiAgent: { _, _ in false }))
        try catalog.registerScheme(EnvironmentScheme(
            name: "python", form: "python:<module>:<factory>",
            summary: "factory(**environment_arguments) from a Python module: a Gymnasium environment or a PettingZoo parallel environment, stepped in a Python worker",
            make: { id, arguments in try PythonEnvironment(id, arguments: arguments) },
            makeMultiAgent: { id, arguments in try PythonMultiAgentEnvironment(id, arguments: arguments) },
            isMultiAgent: { id, arguments in
                try PythonLaunch(id, arguments: arguments).lease().description["kind"]?.stringValue == "multi_agent"
            }))
    }
}
