#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few POSIX file operations Empower needs beside ``AtomicFile``, with ``FileError``s that
/// name the path and the system's reason.
public enum FileSystem {
    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Creates `path` and any missing parents (like `mkdir -p`).
    public static func makeDirectory(_ path: String) throws(FileError) {
        if isDirectory(path) { return }
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component
            if !isDirectory(prefix), mkdir(prefix, 0o755) != 0, errno != EEXIST {
                throw FileError(.cannotWrite, "cannot create directory '\(prefix)': \(reason()); check the path and its permissions", path: path)
            }
            prefix += "/"
        }
    }

    /// The names in a directory, without "." and "..", sorted.
    public static func contents(of path: String) throws(FileError) -> [String] {
        guard let directory = opendir(path) else {
            throw FileError(.cannotRead, "cannot list directory '\(path)': \(reason())", path: path)
        }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != ".", name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// Removes a file; a missing file is not an error.
    public static func remove(_ path: String) throws(FileError) {
        if unlink(path) != 0, errno != ENOENT {
            throw FileError(.cannotWrite, "cannot remove '\(path)': \(reason())", path: path)
        }
    }

    /// Appends `text` to the file at `path` (created if missing) with one `write` call per
    /// chunk, so the text reaches the operating system before this returns: a crash of the
    /// process afterwards loses nothing.
    public static func append(_ text: String, to path: String) throws(FileError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw FileError(.cannotWrite, "cannot open '\(path)' for appending: \(reason()); check that the directory exists and is writable", path: path)
        }
        defer { close(descriptor) }
        var failure: FileError?
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return }
            var offset = 0
            while offset < raw.count {
                let written = write(descriptor, base + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = FileError(.cannotWrite, "appending to '\(path)' failed: \(reason())", path: path)
                    return
                }
                offset += written
            }
        }
        if let failure { throw failure }
    }

    /// The file's text, or nil when it does not exist.
    public static func readTextIfPresent(_ path: String) throws(FileError) -> String? {
        guard exists(path) else { return nil }
        return String(decoding: try AtomicFile.read(path), as: UTF8.self)
    }

    public static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// The system's reason for the last failed call (strerror of errno).
    static func reason() -> String { String(cString: strerror(errno)) }
}
