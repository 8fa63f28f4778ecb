#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files so that a crash or a kill at any moment leaves either the old file or the
/// complete new one, never a partial file: write a temporary file in the same directory,
/// `fsync` it, `rename` it over the destination, then `fsync` the directory.
///
/// ```swift
/// try AtomicFile.write(bytes, to: "run/checkpoints/latest.ckpt")
/// ```
public enum AtomicFile {
    /// Atomically replaces (or creates) `path` with `bytes`.
    /// - Throws: ``FileError`` naming the path and the system's reason.
    public static func write(_ bytes: some Collection<UInt8>, to path: String) throws(FileError) {
        let temporary = "\(path).tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw FileError(.cannotWrite, "cannot create '\(temporary)': \(FileSystem.reason()); check that the directory exists and is writable", path: path)
        }
        var failure: FileError?
        let contiguous = Array(bytes)
        contiguous.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = FileError(.cannotWrite, "writing '\(temporary)' failed: \(FileSystem.reason())", path: path)
                    return
                }
                offset += written
            }
        }
        if failure == nil, fsync(descriptor) != 0 {
            failure = FileError(.cannotWrite, "fsync of '\(temporary)' failed: \(FileSystem.reason())", path: path)
        }
        close(descriptor)
        if let failure {
            unlink(temporary)
            throw failure
        }
        guard rename(temporary, path) == 0 else {
            let reason = FileSystem.reason()
            unlink(temporary)
            throw FileError(.cannotWrite, "cannot move '\(temporary)' to '\(path)': \(reason)", path: path)
        }
        syncDirectory(of: path)
    }

    /// Atomically replaces (or creates) `path` with a file that `body` writes at the temporary
    /// path it is given (for writers that open files themselves, like cairo or giflib). The
    /// temporary file is fsynced, renamed over `path`, and the directory fsynced.
    /// - Throws: what `body` throws (the temporary file is removed), or ``FileError``.
    public static func replace(_ path: String, using body: (String) throws -> Void) throws {
        guard !path.isEmpty, !path.hasSuffix("/") else {
            throw FileError(.cannotWrite, "'\(path)' is not a file path", path: path)
        }
        let temporary = "\(path).tmp-\(getpid())"
        do {
            try body(temporary)
        } catch {
            unlink(temporary)
            throw error
        }
        let descriptor = open(temporary, O_RDONLY | O_CLOEXEC)
        if descriptor >= 0 {
            fsync(descriptor)
            close(descriptor)
        }
        guard rename(temporary, path) == 0 else {
            let reason = FileSystem.reason()
            unlink(temporary)
            throw FileError(.cannotWrite, "cannot move '\(temporary)' to '\(path)': \(reason)", path: path)
        }
        syncDirectory(of: path)
    }

    static func syncDirectory(of path: String) {
        let directoryDescriptor = open(parentDirectory(of: path), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryDescriptor >= 0 {
            fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }

    /// Reads a whole file.
    /// - Throws: ``FileError`` `.cannotRead` naming the path and the reason.
    ///
    /// Only a regular file is read unless `allowingSpecialFiles`: a named pipe, a device or a
    /// socket is refused with `.notARegularFile` at once (it is opened without blocking), so a
    /// FIFO where a checkpoint should be cannot hang the reader. Files the user names on the
    /// command line (`--config <(...)`) may be pipes.
    public static func read(_ path: String, allowingSpecialFiles: Bool = false) throws(FileError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | (allowingSpecialFiles ? 0 : O_NONBLOCK))
        guard descriptor >= 0 else {
            throw FileError(.cannotRead, "cannot open '\(path)': \(FileSystem.reason())", path: path)
        }
        defer { close(descriptor) }
        if !allowingSpecialFiles {
            var info = stat()
            guard fstat(descriptor, &info) == 0 else {
                throw FileError(.cannotRead, "cannot inspect '\(path)': \(FileSystem.reason())", path: path)
            }
            let kind = info.st_mode & S_IFMT
            guard kind == S_IFREG else {
                let what = kind == S_IFIFO ? "a named pipe" : kind == S_IFDIR ? "a directory" : kind == S_IFSOCK ? "a socket" : "a device"
                throw FileError(.notARegularFile, "'\(path)' is \(what), not a regular file; only regular files are read there", path: path)
            }
            // Regular files never block; clear the flag so reads behave as usual.
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileError(.cannotRead, "reading '\(path)' failed: \(FileSystem.reason())", path: path)
            }
            if count == 0 { break }
            result.append(contentsOf: chunk[0..<count])
        }
        return result
    }

    static func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let parent = String(path[..<slash])
        return parent.isEmpty ? "/" : parent
    }
}

/// Errors reading or writing files; `context["path"]` names the file.
public typealias FileError = CodedError<FileErrorCode>

/// The codes of ``FileError``.
public enum FileErrorCode: String, Sendable {
    case cannotRead = "cannot_read"
    case cannotWrite = "cannot_write"
    /// A named pipe, device, socket or directory where a regular file was expected.
    case notARegularFile = "not_a_regular_file"
}

extension FileError {
    public init(_ code: Code, _ message: String, path: String) {
        self.init(code, message, context: ["path": path])
    }
}
