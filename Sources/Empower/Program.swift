import EmpowerBase
#if canImport(Glibc)
import Glibc
#endif

/// What a small program built on Empower needs around its work: messages on standard error
/// (progress, warnings), keeping standard output for results, and a `main` that turns an error
/// into a message and exit status 1.
///
/// ```swift
/// Program.run {
///     let trainer = try Trainers.make(configuration: TrainingConfiguration(), catalog: BuiltInEnvironments.catalog)
///     try trainer.train { Program.printError($0, terminator: "") }
/// }
/// ```
public enum Program {
    /// Writes `text` and `terminator` to standard error.
    public static func printError(_ text: String, terminator: String = "\n") {
        let bytes = Array((text + terminator).utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
            guard count > 0 else { return }
            written += count
        }
    }

    /// Runs `body` and exits with its status; on an error prints "error: " and the message of an
    /// Empower error (any other error in full) to standard error and exits with status 1.
    public static func run(_ body: () throws -> Int32) -> Never {
        do {
            exit(try body())
        } catch let error as any EmpowerError {
            printError("error: \(error.message)")
        } catch {
            printError("error: \(error)")
        }
        exit(1)
    }

    /// Runs `body` and exits with status 0, or as ``run(_:)-(()->Int32)`` on an error.
    public static func run(_ body: () throws -> Void) -> Never {
        run { () throws -> Int32 in
            try body()
            return 0
        }
    }
}
