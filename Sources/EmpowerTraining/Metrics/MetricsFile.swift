import EmpowerBase

/// The file operations of the metrics writers, each failure reported as ``MetricsError``
/// `.io`.
enum MetricsFile {
    /// Writes `text` to `path` atomically, replacing any file there.
    static func replace(_ path: String, with text: String) throws(MetricsError) {
        try replace(path, with: Array(text.utf8))
    }

    /// Writes `bytes` to `path` atomically, replacing any file there.
    static func replace(_ path: String, with bytes: [UInt8]) throws(MetricsError) {
        do {
            try AtomicFile.write(bytes, to: path)
        } catch {
            throw MetricsError.io(error)
        }
    }

    /// The bytes of the file at `path`.
    static func bytes(of path: String) throws(MetricsError) -> [UInt8] {
        do {
            return try AtomicFile.read(path)
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
        try append(Array(text.utf8), to: path)
    }

    /// Appends `bytes` to the file at `path` with one `write` call.
    static func append(_ bytes: [UInt8], to path: String) throws(MetricsError) {
        do {
            try FileSystem.append(bytes, to: path)
        } catch {
            throw MetricsError.io(error)
        }
    }
}
