#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a command writes: standard output for results, standard error for diagnostics and
/// progress, and whether standard output is a terminal (progress bars and colour on a terminal,
/// plain lines in a pipe or a file).
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
    private let writeOutput: @Sendable (String) -> Void
    private let writeError: @Sendable (String) -> Void

    /// An IO over any two writers: each receives complete pieces of text, newlines included.
    public init(
        isTerminal: Bool,
        output: @escaping @Sendable (String) -> Void,
        error: @escaping @Sendable (String) -> Void
    ) {
        self.isTerminal = isTerminal
        self.writeOutput = output
        self.writeError = error
    }

    /// The process's standard output and standard error (unbuffered: each call is written at
    /// once, so output and errors interleave in the order they were produced).
    public static var standard: CommandIO {
        CommandIO(
            isTerminal: isatty(STDOUT_FILENO) == 1,
            output: { writeAll($0, to: STDOUT_FILENO) },
            error: { writeAll($0, to: STDERR_FILENO) })
    }

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

    /// Writes all bytes of `text` to a file descriptor, retrying partial writes and interrupts.
    private static func writeAll(_ text: String, to descriptor: Int32) {
        var text = text
        text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            var offset = 0
            while offset < bytes.count {
                let written = write(descriptor, base + offset, bytes.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0, errno == EINTR {
                    continue
                } else {
                    return  // A closed pipe: nothing sensible left to do with the text.
                }
            }
        }
    }
}
