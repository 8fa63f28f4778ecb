import EmpowerBase

/// Errors creating or opening a run directory.
public typealias RunDirectoryError = CodedError<RunDirectoryErrorCode>

/// The codes of ``RunDirectoryError``.
public enum RunDirectoryErrorCode: String, Sendable {
    /// A new run was asked for in a directory that already holds a run.
    case alreadyExists = "already_exists"
    /// An existing run was asked for where there is none.
    case notFound = "not_found"
    /// The path exists but is not a directory.
    case notADirectory = "not_a_directory"
    /// The directory exists but holds no run (no `config.json`).
    case notARun = "not_a_run"
    /// The path is empty or only whitespace.
    case invalidPath = "invalid_path"
    /// A file or directory could not be created or written.
    case io
}

