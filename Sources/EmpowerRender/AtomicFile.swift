#if canImport(Glibc)
import Glibc
#endif

/// Writes a file atomically: `body` writes to a temporary file in the same directory, which is
/// then renamed over `path`. Readers see the old file or the complete new one, never half.
enum AtomicFile {
    static func write(to path: String, _ body: (String) throws(RenderError) -> Void) throws(RenderError) {
        guard !path.isEmpty, !path.hasSuffix("/") else {
            throw RenderError.unwritable(path, "not a file path")
        }
        let temporary = "\(path).tmp-\(getpid())"
        do {
            try body(temporary)
        } catch {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw RenderError.unwritable(path, reason)
        }
    }

    /// Whether `path`'s directory accepts a new file (checked before expensive encoding).
    static func checkDirectory(of path: String) throws(RenderError) {
        let directory: String
        if let slash = path.lastIndex(of: "/") {
            directory = slash == path.startIndex ? "/" : String(path[..<slash])
        } else {
            directory = "."
        }
        guard access(directory, W_OK) == 0 else {
            throw RenderError.unwritable(path, "directory \(directory): \(String(cString: strerror(errno)))")
        }
    }
}
