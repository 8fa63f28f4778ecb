import Synchronization

/// Collects what a command writes, for tests and for embedding the commands in another program.
///
/// ```swift
/// let capture = OutputCapture()
/// let status = runner.run(["version"], io: capture.io())
/// #expect(capture.output.hasPrefix("empower "))
/// ```
public final class OutputCapture: Sendable {
    private let text = Mutex((output: "", error: ""))

    public init() {}

    /// An IO writing into this capture; `isTerminal` is what commands will see.
    public func io(isTerminal: Bool = false) -> CommandIO {
        CommandIO(
            isTerminal: isTerminal,
            output: { piece in self.text.withLock { $0.output += piece } },
            error: { piece in self.text.withLock { $0.error += piece } })
    }

    /// Everything written to standard output so far.
    public var output: String { text.withLock { $0.output } }

    /// Everything written to standard error so far.
    public var error: String { text.withLock { $0.error } }
}
