#if canImport(Glibc)
import Glibc
#endif

/// Whether a file exists at `path`.
func fileExists(_ path: String) -> Bool { access(path, F_OK) == 0 }

/// The first `count` bytes of a file (fewer if it is shorter, none if it cannot be read).
func readBytes(_ path: String, count: Int) -> [UInt8] {
    guard let file = fopen(path, "rb") else { return [] }
    defer { fclose(file) }
    var bytes = [UInt8](repeating: 0, count: count)
    let n = fread(&bytes, 1, count, file)
    return Array(bytes.prefix(n))
}

/// The temporary-file suffix the writers use in this process.
var temporarySuffix: String { ".tmp-\(getpid())" }
