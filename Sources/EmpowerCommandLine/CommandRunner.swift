import EmpowerMPI
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import EmpowerBase

/// Parses a command line against a tree of commands and runs the selected one: the whole life of
/// one `empower` invocation, minus the process exit.
///
/// ```swift
/// // main.swift of the executable
/// let status = CommandRunner(root: EmpowerCommand.self)
///     .run(Array(CommandLine.arguments.dropFirst()), io: .standard)
/// exit(status.rawValue)
/// ```
///
/// Outcomes:
/// - help asked for (`--help`, `-h`, `help COMMAND...`): help on standard output, status 0;
/// - a group without a subcommand: the group's help on standard error, status 2;
/// - a usage mistake (``CommandLineError``, from parsing or thrown by a command): `error: ...`
///   and a hint to run `--help` on standard error, status 2;
/// - any other error thrown by a command: `error: ...` on standard error, status 1;
/// - otherwise the status the command returned.
public struct CommandRunner: Sendable {
    /// The root of the tree; its name is the executable's (`empower`).
    public let root: any CommandDefinition.Type

    public init(root: any CommandDefinition.Type) {
        self.root = root
    }

    /// Runs the command `arguments` (the words after the executable name) selects.
    public func run(_ arguments: [String], io: CommandIO) -> ExitCode {
        let status = runCommand(arguments, io: io)
        guard let code = io.standardOutputFailure else { return status }
        // Output that was not delivered is a failure whatever the command returned; a closed
        // pipe (`| head`) is the reader's choice and needs no message.
        if code != EPIPE {
            io.printError("error: cannot write to standard output: \(FileSystem.describe(error: code))")
        }
        return status == .success ? .failure : status
    }

    private func runCommand(_ arguments: [String], io: CommandIO) -> ExitCode {
        do {
            switch try ArgumentParser(root: root).parse(arguments) {
            case let .help(path):
                io.print(HelpFormatter(path: path).render(), terminator: "")
                return .success
            case let .run(command, parsed):
                try checkLaunch(of: command, name: parsed.commandName)
                return try command.run(parsed, io: io)
            }
        } catch let error as CommandLineError {
            report(error, io: io)
            return .usage
        } catch {
            io.printError("error: \(error)")
            return .failure
        }
    }

    /// Under `mpirun -np N` with N > 1 every rank runs the command line; `sweep` shares a
    /// grid's runs between ranks and `train` / `resume` train one run data-parallel, and any
    /// other command would run N times over the same files.
    /// - Throws: ``CommandLineError`` `.notParallel` saying what to do instead.
    private func checkLaunch(of command: any Command.Type, name: String) throws(CommandLineError) {
        let parallel: [any Command.Type] = [SweepCommand.self, TrainCommand.self, ResumeCommand.self, BenchParallelCommand.self]
        guard let size = MPIWorld.launchSize(ProcessInfo.processInfo.environment), size > 1,
              !parallel.contains(where: { ObjectIdentifier($0) == ObjectIdentifier(command) })
        else { return }
        throw CommandLineError(
            .notParallel,
            "'\(name)' runs in one process, and this launch has \(size) MPI ranks, each of which would run it over the same files; run it without mpirun (or with -np 1). Across ranks, 'empower train' and 'empower resume' train one run data-parallel and 'empower sweep' shares a grid's runs",
            context: ["command": name, "ranks": "\(size)"])
    }

    /// The help text of the command `names` selects below the root (`[]` for the root,
    /// `["bench", "nn"]` for `empower bench nn`).
    /// - Throws: ``CommandLineError`` `.unknownCommand` (with a suggestion) for a wrong name.
    public func helpText(for names: [String]) throws(CommandLineError) -> String {
        HelpFormatter(path: try ArgumentParser(root: root).resolve(names)).render()
    }

    private func report(_ error: CommandLineError, io: CommandIO) {
        let commandName = error.commandName ?? root.name
        // `empower bench nn` -> the path below the root, to find the command again.
        let names = Array(commandName.split(separator: " ").dropFirst().map(String.init))
        if error.code == .missingSubcommand, let help = try? helpText(for: names) {
            io.printError(help, terminator: "")
            return
        }
        io.printError("error: \(error.message)")
        io.printError("Run '\(commandName) --help' for usage.")
    }
}
