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

    /// A failed write of a library that sets errno (giflib, cairo): with the system's reason
    /// when there is one (`systemError` nonzero), and no advice about directories when the disk
    /// is full.
    static func unwritable(_ path: String, _ detail: String, systemError: Int32) -> RenderError {
        guard systemError != 0 else { return unwritable(path, detail) }
        let reason = FileSystem.describe(error: systemError)
        if FileSystem.isSpaceError(systemError) {
            return RenderError(.unwritablePath, "cannot write \(path): \(reason) (\(detail))", context: ["path": path, "errno": "\(systemError)"])
        }
        return unwritable(path, "\(detail): \(reason)")
    }
}
