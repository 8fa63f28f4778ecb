/// The code the `empower` process exits with (its exit status).
///
/// The convention, for every command: ``success`` (0) when the work was done, ``failure`` (1)
/// when it could not be (a missing file, a diverged run, a failed check), ``usage`` (2) when the
/// command line itself was wrong (unknown option, invalid value, missing argument).
public struct ExitCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int32

    public init(rawValue: Int32) {
        self.rawValue = rawValue
    }

    /// 0: the command did its work.
    public static let success = ExitCode(rawValue: 0)
    /// 1: a runtime failure (the command line was fine, the work was not).
    public static let failure = ExitCode(rawValue: 1)
    /// 2: the command line was wrong; the message says how to fix it.
    public static let usage = ExitCode(rawValue: 2)

    public var description: String { "\(rawValue)" }
}
