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
            if !isDirectory(prefix), mkdir(prefix, 0o755) != 0 {
                let code = errno
                if code == EEXIST {
                    // A directory made by someone else meanwhile is fine; a file is in the way.
                    guard isDirectory(prefix) else {
                        throw FileError(.cannotWrite, "cannot create directory '\(prefix)': a file of that name is in the way; move it or choose another path", path: path)
                    }
                } else {
                    throw FileError(.cannotWrite, "cannot create directory '\(prefix)': \(describe(error: code)); check the path and its permissions", path: path)
                }
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
        try append(Array(text.utf8), to: path)
    }

    /// Appends `bytes` to the file at `path` (created if missing), as ``append(_:to:)-(String,_)`` does.
    public static func append(_ bytes: [UInt8], to path: String) throws(FileError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw FileError(.cannotWrite, "cannot open '\(path)' for appending: \(reason()); check that the directory exists and is writable", path: path)
        }
        defer { close(descriptor) }
        var failure: FileError?
        bytes.withUnsafeBytes { raw in
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

    /// `directory/name`; an empty `directory` gives `name` (relative to the working directory,
    /// never the filesystem root).
    public static func join(_ directory: String, _ name: String) -> String {
        if directory.isEmpty { return name }
        return directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// The system's reason for the last failed call (``describe(error:)`` of errno).
    static func reason() -> String { describe(error: errno) }

    /// What the system error `code` means for the user: its text (strerror), and what to do
    /// when the disk is full or a file outgrows the system's limit.
    public static func describe(error code: Int32) -> String {
        let text = String(cString: strerror(code))
        switch code {
        case ENOSPC, EDQUOT: return "the disk is full (\(text)); free some space and run it again"
        case EFBIG: return "the file is larger than this system allows (\(text)); raise the file size limit (ulimit -f)"
        default: return text
        }
    }

    /// Whether `code` says the disk (or the file size limit) is what failed a write.
    public static func isSpaceError(_ code: Int32) -> Bool { code == ENOSPC || code == EDQUOT || code == EFBIG }

    /// Removes a file or a directory and everything in it; a missing path is not an error.
    public static func removeTree(_ path: String) throws(FileError) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            for name in try contents(of: path) { try removeTree(join(path, name)) }
            if rmdir(path) != 0, errno != ENOENT {
                throw FileError(.cannotWrite, "cannot remove '\(path)': \(reason())", path: path)
            }
        } else {
            try remove(path)
        }
    }

    /// Puts the directory `staging` in the place of `target` (whose old contents are removed):
    /// `target` is renamed aside, `staging` renamed to `target`, then the old tree deleted. A
    /// reader sees the old directory or the complete new one; a crash between the two renames
    /// leaves the old one beside, as `target.previous-PID`.
    public static func replaceDirectory(_ target: String, with staging: String) throws(FileError) {
        let previous = "\(target).previous-\(getpid())"
        if exists(target) {
            try removeTree(previous)
            guard rename(target, previous) == 0 else {
                throw FileError(.cannotWrite, "cannot move '\(target)' aside: \(reason())", path: target)
            }
        }
        guard rename(staging, target) == 0 else {
            let failure = FileError(.cannotWrite, "cannot move '\(staging)' to '\(target)': \(reason())", path: target)
            _ = rename(previous, target)
            throw failure
        }
        AtomicFile.syncDirectory(of: target)
        try removeTree(previous)
    }
}

/// An exclusive advisory lock (`flock`) on a file, held until the value is released: how a
/// command keeps a second process of itself out of the folder it works in. The file is created
/// if missing and holds the holder's process id, for the message another process shows.
///
/// ```swift
/// guard let lock = try FileLock.acquire("runs/beta/.sweep.lock") else { /* someone else works there */ }
/// defer { withExtendedLifetime(lock) {} }
/// ```
public final class FileLock: Sendable {
    private let descriptor: Int32

    private init(descriptor: Int32) { self.descriptor = descriptor }

    deinit { close(descriptor) }

    /// Takes the lock at `path`, or returns nil at once when another open of the file holds it.
    /// - Throws: ``FileError`` when the file cannot be opened.
    public static func acquire(_ path: String) throws(FileError) -> FileLock? {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw FileError(.cannotWrite, "cannot open the lock file '\(path)': \(FileSystem.reason())", path: path)
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            return nil
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pid.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        return FileLock(descriptor: descriptor)
    }

    /// The process id written in the lock file at `path` by its holder, if it can be read.
    public static func holder(of path: String) -> Int32? {
        guard let bytes = try? AtomicFile.read(path) else { return nil }
        return Int32(String(String(decoding: bytes, as: UTF8.self).filter(\.isNumber)))
    }
}
