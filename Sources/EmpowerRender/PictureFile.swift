import EmpowerBase
#if canImport(Glibc)
import Glibc
#endif

/// Picture files are written through EmpowerBase's ``AtomicFile/replace(_:using:)``: the
/// writer fills a temporary file, which is then renamed over the destination, so readers see
/// the old picture or the complete new one, never half.
enum PictureFile {
    static func write(to path: String, _ body: (String) throws(RenderError) -> Void) throws(RenderError) {
        do {
            try AtomicFile.replace(path) { temporary in try body(temporary) }
        } catch let error as RenderError {
            throw error
        } catch let error as FileError {
            throw RenderError.unwritable(path, error.message)
        } catch {
            throw RenderError.unwritable(path, "\(error)")
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
