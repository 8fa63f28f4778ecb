#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import EmpowerBase
import EmpowerCore
import EmpowerEnvironments
import Synchronization

/// Where a command writes: standard output for results, standard error for diagnostics and
/// progress, and whether standard output is a terminal (progress bars and colour on a terminal,
/// plain lines in a pipe or a file); plus the environments the commands know (``catalog``).
///
/// The executable uses ``standard``; tests use ``OutputCapture/io`` to read what a command wrote.
///
/// ```swift
/// io.print("steps/s: \(rate)")
/// io.printError("warning: OPENBLAS_NUM_THREADS is unset")
/// if arguments.flag("json") { io.printJSON(["steps_per_second": .number(rate)]) }
/// else { io.printTable(table) }
/// ```
public struct CommandIO: Sendable {
    /// Whether standard output is a terminal (`isatty`).
    public let isTerminal: Bool
    /// The environments every command trains, evaluates, checks and lists: the built-in
    /// catalog, or a custom program's (``EmpowerProgram/main(registering:)``).
    public var catalog: EnvironmentCatalog = BuiltInEnvironments.catalog
    private let writeOutput: @Sendable (String) -> Void
    private let writeError: @Sendable (String) -> Void
    private let failures: OutputFailures

    /// An IO over any two writers: each receives complete pieces of text, newlines included.
    public init(
        isTerminal: Bool,
        output: @escaping @Sendable (String) -> Void,
        error: @escaping @Sendable (String) -> Void
    ) {
        self.init(isTerminal: isTerminal, output: output, error: error, failures: OutputFailures())
    }

    private init(
        isTerminal: Bool, output: @escaping @Sendable (String) -> Void, error: @escaping @Sendable (String) -> Void, failures: OutputFailures
    ) {
        self.isTerminal = isTerminal
        self.writeOutput = output
        self.writeError = error
        self.failures = failures
    }

    /// The process's standard output and standard error (unbuffered: each call is written at
    /// once, so output and errors interleave in the order they were produced).
    public static var standard: CommandIO {
        let failures = OutputFailures()
        return CommandIO(
            isTerminal: isatty(STDOUT_FILENO) == 1,
            output: { if let code = writeAll($0, to: STDOUT_FILENO) { failures.record(code) } },
            error: { _ = writeAll($0, to: STDERR_FILENO) },
            failures: failures)
    }

    /// The same catalog with nothing written anywhere: the ranks of data-parallel training
    /// other than rank 0, whose output would repeat rank 0's.
    public var silenced: CommandIO {
        var copy = CommandIO(isTerminal: false, output: { _ in }, error: { _ in })
        copy.catalog = catalog
        return copy
    }

    /// The same IO over another catalog.
    public func with(catalog: EnvironmentCatalog) -> CommandIO {
        var copy = self
        copy.catalog = catalog
        return copy
    }

    /// The system error (errno) of the first write to standard output that failed (a full
    /// disk, a closed pipe), or nil when every write succeeded. The runner turns it into an
    /// error and a nonzero exit status: results that were not written were not delivered.
    public var standardOutputFailure: Int32? { failures.first }

    /// Writes `text` and `terminator` to standard output.
    public func print(_ text: String = "", terminator: String = "\n") {
        writeOutput(text + terminator)
    }

    /// Writes `text` and `terminator` to standard error.
    public func printError(_ text: String, terminator: String = "\n") {
        writeError(text + terminator)
    }

    /// Writes an aligned table to standard output.
    public func printTable(_ table: TextTable) {
        writeOutput(table.render())
    }

    /// Writes a JSON value (keys in the order given, indented) and a newline to standard output.
    public func printJSON(_ value: JSONValue) {
        writeOutput(value.rendered(pretty: true) + "\n")
    }

    /// Writes all bytes of `text` to a file descriptor, retrying partial writes and interrupts;
    /// returns the system error that stopped it (nil when all was written).
    private static func writeAll(_ text: String, to descriptor: Int32) -> Int32? {
        var text = text
        return text.withUTF8 { bytes -> Int32? in
            guard let base = bytes.baseAddress else { return nil }
            var offset = 0
            while offset < bytes.count {
                let written = write(descriptor, base + offset, bytes.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0, errno == EINTR {
                    continue
                } else {
                    return written < 0 ? errno : EIO
                }
            }
            return nil
        }
    }
}

/// The first failed write of a ``CommandIO``, shared by its copies (writes may come from
/// several threads).
final class OutputFailures: Sendable {
    private let code = Mutex<Int32?>(nil)

    func record(_ error: Int32) {
        code.withLock { if $0 == nil { $0 = error } }
    }

    var first: Int32? { code.withLock { $0 } }
}
