import Foundation

/// A fresh, empty directory under the system temporary directory for one test's files.
///
/// ```swift
/// let directory = try TemporaryDirectory(prefix: "empower-checkpoints")
/// defer { directory.remove() }
/// let store = try CheckpointStore(directory: directory.file("checkpoints"))
/// ```
///
/// Nothing removes it but ``remove()``, so pair the two with `defer`. The name is
/// `<prefix>-<UUID>`, so tests running in parallel never share a directory. ``file(_:)`` names
/// a path inside it, which need not exist yet (a run directory to create, an output file, a
/// path that must be missing).
public struct TemporaryDirectory: Sendable {
    /// The directory's absolute path.
    public let path: String

    /// Creates the directory.
    /// - Throws: the file system's error when the directory cannot be created.
    public init(prefix: String = "empower-test") throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
        path = url.path
    }

    /// The path of `name` (which may contain `/`) inside the directory.
    public func file(_ name: String) -> String { path + "/" + name }

    /// Writes `text` as UTF-8 to the file `name` inside the directory, replacing it.
    public func write(_ text: String, to name: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: file(name)))
    }

    /// The contents of the file `name` inside the directory as UTF-8, or nil when it cannot be read.
    public func read(_ name: String) -> String? {
        guard let data = FileManager.default.contents(atPath: file(name)) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// Removes the directory and everything in it (nothing happens if it is already gone).
    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
