#if canImport(Glibc)
import Glibc
#endif

/// What a benchmark ran on: printed beside every figure, since figures mean nothing without it.
public struct MachineDescription: Sendable {
    public let processor: String
    public let logicalCores: Int
    public let operatingSystem: String

    public static var current: MachineDescription {
        MachineDescription(
            processor: cpuModel() ?? "unknown processor",
            logicalCores: Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))),
            operatingSystem: osName())
    }

    static func cpuModel() -> String? {
        guard let file = fopen("/proc/cpuinfo", "r") else { return nil }
        defer { fclose(file) }
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(line) }
        while getline(&line, &capacity, file) > 0 {
            guard let line else { break }
            let text = String(cString: line)
            if text.hasPrefix("model name"), let colon = text.firstIndex(of: ":") {
                return text[text.index(after: colon)...].trimmingCharacters()
            }
        }
        return nil
    }

    static func osName() -> String {
        var info = utsname()
        uname(&info)
        let system = withUnsafeBytes(of: &info.sysname) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
        let release = withUnsafeBytes(of: &info.release) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
        return "\(system) \(release)"
    }
}

extension Substring {
    func trimmingCharacters() -> String {
        var text = self
        while let first = text.first, first.isWhitespace { text = text.dropFirst() }
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return String(text)
    }
}
