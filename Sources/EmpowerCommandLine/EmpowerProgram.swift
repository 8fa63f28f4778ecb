#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import EmpowerBase
import EmpowerCore
import EmpowerEnvironments

/// The `empower` program, for the `empower` executable and for a package that builds its own
/// `empower` with its environments added: every command (`train`, `evaluate`, `resume`,
/// `compare`, `sweep`, `envs check`, `render`, `plan`, ...) then works on them as on the
/// built-in ones. A package's whole `main.swift`:
///
/// ```swift
/// import EmpowerCommandLine
///
/// EmpowerProgram.main { catalog in
///     try catalog.register("Drone2D-v0", summary: "A point with inertia") { _ in try Drone() }
/// }
/// ```
///
/// Runs it trains record the environment's id in their `config.json`; the same program (one
/// whose catalog has that id) opens them again.
public enum EmpowerProgram {
    /// Runs the command line `arguments` (the words after the executable's name) over the
    /// built-in catalog plus what `registering` adds, and exits with the command's status. An
    /// error thrown by `registering` (an id registered twice) is printed and exits with status 1.
    public static func main(
        arguments: [String] = Array(CommandLine.arguments.dropFirst()),
        registering: (inout EnvironmentCatalog) throws -> Void = { _ in }
    ) -> Never {
        var catalog = BuiltInEnvironments.catalog
        do {
            try registering(&catalog)
        } catch let error as any EmpowerError {
            CommandIO.standard.printError("error: cannot add the environments: \(error.message)")
            exit(ExitCode.failure.rawValue)
        } catch {
            CommandIO.standard.printError("error: cannot add the environments: \(error)")
            exit(ExitCode.failure.rawValue)
        }
        exit(run(arguments, catalog: catalog, io: .standard).rawValue)
    }

    /// Runs `arguments` over `catalog` through `io` and returns the exit status (for tests and
    /// programs that do more after the command).
    public static func run(_ arguments: [String], catalog: EnvironmentCatalog, io: CommandIO) -> ExitCode {
        CommandRunner(root: EmpowerCommand.self).run(arguments, io: io.with(catalog: catalog))
    }
}
