// The `empower` executable: every command lives in EmpowerCommandLine; this file only hands
// the command line over and exits with the status the command returned.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import EmpowerCommandLine

let status = CommandRunner(root: EmpowerCommand.self)
    .run(Array(CommandLine.arguments.dropFirst()), io: .standard)
exit(status.rawValue)
