import EmpowerBase

/// The file operations of the metrics writers, each failure reported as ``MetricsError``
/// `.io`.
enum MetricsFile {
    /// Writes `text` to `path` atomically, replacing any file there.
    static func replace(_ path: String, with text: String) throws(MetricsError) {
        do {
            try AtomicFile.write(Array(text.utf8), to: path)
        } catch {
            throw MetricsError.io(error)
        }
    }

    /// The text of the file at `path`; empty when there is no file.
    static func read(_ path: String) throws(MetricsError) -> String {
        do {
            return try FileSystem.readTextIfPresent(path) ?? ""
        } catch {
            throw MetricsError.io(error)
        }
    }

    /// Appends `text` to the file at `path` with one `write` call.
    static func append(_ text: String, to path: String) throws(MetricsError) {
        do {
            try FileSystem.append(text, to: path)
        } catch {
            throw MetricsError.io(error)
        }
    }
}
