#if canImport(Glibc)
import Glibc
#endif

/// A fresh directory under /tmp for one test's files.
func makeTemporaryDirectory() -> String {
    var template = Array("/tmp/empower-render-XXXXXX".utf8CString)
    let made = template.withUnsafeMutableBufferPointer { buffer -> String? in
        guard let base = buffer.baseAddress, let result = mkdtemp(base) else { return nil }
        return String(cString: result)
    }
    return made ?? "/tmp"
}

func fileExists(_ path: String) -> Bool { access(path, F_OK) == 0 }

func readBytes(_ path: String, count: Int) -> [UInt8] {
    guard let file = fopen(path, "rb") else { return [] }
    defer { fclose(file) }
    var bytes = [UInt8](repeating: 0, count: count)
    let n = fread(&bytes, 1, count, file)
    return Array(bytes.prefix(n))
}

/// The temporary-file suffix the writers use in this process.
var temporarySuffix: String { ".tmp-\(getpid())" }
