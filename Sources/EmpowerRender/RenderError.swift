import EmpowerBase

/// Errors from EmpowerRender: a bad canvas size, a file that cannot be written or read, or a
/// frame of the wrong size for a GIF.
public typealias RenderError = CodedError<RenderErrorCode>

/// The codes of ``RenderError``.
public enum RenderErrorCode: String, Sendable {
    case invalidSize = "invalid_size"
    case invalidView = "invalid_view"
    case unwritablePath = "unwritable_path"
    case unreadableFile = "unreadable_file"
    case frameSizeMismatch = "frame_size_mismatch"
    case wrongBackend = "wrong_backend"
    case finished = "finished"
}

extension RenderError {
    static func unwritable(_ path: String, _ detail: String) -> RenderError {
        RenderError(
            .unwritablePath, "cannot write \(path) (\(detail)); check that the directory exists and is writable",
            context: ["path": path])
    }
}
