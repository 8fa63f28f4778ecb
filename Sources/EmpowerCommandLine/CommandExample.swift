/// One example in a command's help: a line a user can paste, and what it does.
///
/// ```swift
/// CommandExample("empower bench nn --threads 2", "Measure with two BLAS threads.")
/// ```
public struct CommandExample: Sendable, Hashable {
    /// The full command line, starting with `empower`.
    public let commandLine: String
    /// What running it does, in one sentence.
    public let explanation: String

    public init(_ commandLine: String, _ explanation: String) {
        self.commandLine = commandLine
        self.explanation = explanation
    }
}
