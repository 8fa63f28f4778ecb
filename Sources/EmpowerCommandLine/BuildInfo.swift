/// How the running executable was compiled: figures from a debug build are not comparable with
/// release figures, so `empower version` (and benchmarks) say which one ran.
struct BuildInfo: Sendable {
    /// `"debug"` or `"release"`.
    let configuration: String
    /// The CPU architecture compiled for: `"x86_64"`, `"arm64"`, ...
    let architecture: String
    /// `"Linux"`, `"macOS"`, ...
    let operatingSystem: String

    static let current: BuildInfo = {
        #if DEBUG
        let configuration = "debug"
        #else
        let configuration = "release"
        #endif
        #if arch(x86_64)
        let architecture = "x86_64"
        #elseif arch(arm64)
        let architecture = "arm64"
        #else
        let architecture = "unknown"
        #endif
        #if os(Linux)
        let operatingSystem = "Linux"
        #elseif os(macOS)
        let operatingSystem = "macOS"
        #else
        let operatingSystem = "unknown"
        #endif
        return BuildInfo(configuration: configuration, architecture: architecture, operatingSystem: operatingSystem)
    }()
}
