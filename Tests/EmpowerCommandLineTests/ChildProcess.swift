import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A failure a test reports by throwing: Swift Testing records the error, with this message,
/// as a failure of the test.
struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The `empower` executable (or another product, such as `libEmpowerC.so`) that `swift build`
/// put next to the test binary.
enum EmpowerExecutable {
    /// The path of `name` (default `empower`) built in the same configuration as the running tests.
    ///
    /// Looks beside the test binary (`/proc/self/exe`, e.g. `.build/x86_64-unknown-linux-gnu/release/`),
    /// then in `.build/<configuration>/<name>` of every directory above it.
    /// - Throws: ``TestFailure`` naming the places searched and the command that builds it.
    static func locate(_ name: String = "empower") throws -> String {
        let fileManager = FileManager.default
        guard let binary = try? fileManager.destinationOfSymbolicLink(atPath: "/proc/self/exe") else {
            throw TestFailure("cannot read /proc/self/exe to find the test binary's directory; these tests need Linux")
        }
        let directory = URL(fileURLWithPath: binary).deletingLastPathComponent()
        let configuration = directory.lastPathComponent          // "debug" or "release"
        var candidates = [directory.appendingPathComponent(name).path]
        var ancestor = directory
        while ancestor.pathComponents.count > 1 {
            ancestor = ancestor.deletingLastPathComponent()
            candidates.append(ancestor.appendingPathComponent(".build/\(configuration)/\(name)").path)
        }
        if let found = candidates.first(where: { fileManager.isExecutableFile(atPath: $0) }) { return found }
        throw TestFailure("""
            \(name) was not found (looked at \(candidates.prefix(3).joined(separator: ", ")), ...); \
            build it with `swift build\(configuration == "release" ? " -c release" : "")` before running these tests
            """)
    }
}

/// A child process whose standard output and error go to files, with waits that cannot hang.
final class ChildProcess {
    let process = Process()
    let outputPath: String
    let errorPath: String

    /// Starts `executable arguments...` in `directory`; output goes to `<logPrefix>.out` and
    /// `<logPrefix>.err`. `environment` adds to (or replaces) variables of this process's
    /// environment.
    init(_ executable: String, _ arguments: [String], in directory: String, logPrefix: String, environment: [String: String] = [:]) throws {
        outputPath = logPrefix + ".out"
        errorPath = logPrefix + ".err"
        let fileManager = FileManager.default
        guard fileManager.createFile(atPath: outputPath, contents: nil), fileManager.createFile(atPath: errorPath, contents: nil),
              let output = FileHandle(forWritingAtPath: outputPath), let error = FileHandle(forWritingAtPath: errorPath)
        else {
            throw TestFailure("cannot create the log files \(outputPath) and \(errorPath)")
        }
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        process.standardOutput = output
        process.standardError = error
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }
    var standardOutput: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }
    var standardError: String { (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? "" }

    /// How the process ended.
    enum Ending: Equatable, CustomStringConvertible {
        case exited(Int32)
        case signalled(Int32)

        var description: String {
            switch self {
            case .exited(let status): "exit status \(status)"
            case .signalled(let signal): "killed by signal \(signal)"
            }
        }
    }

    /// Sends `signal` to the process, unless it has already ended.
    func send(_ signal: Int32) {
        guard process.isRunning else { return }
        _ = kill(pid, signal)
    }

    /// Waits for the process to end; after `timeout` seconds it is killed and the wait throws.
    func waitForExit(timeout: Double) throws -> Ending {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                send(SIGKILL)
                process.waitUntilExit()
                throw TestFailure("`\(process.arguments?.joined(separator: " ") ?? "")` did not finish within \(Int(timeout)) s and was killed; its error output:\n\(standardError)")
            }
            usleep(10_000)
        }
        process.waitUntilExit()
        switch process.terminationReason {
        case .exit: return .exited(process.terminationStatus)
        case .uncaughtSignal: return .signalled(process.terminationStatus)
        @unknown default: return .exited(process.terminationStatus)
        }
    }

    /// Waits until `condition` holds or the process ends; returns whether the condition holds.
    /// - Throws: ``TestFailure`` after `timeout` seconds.
    func wait(timeout: Double, until condition: () -> Bool) throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while !condition() {
            if !process.isRunning { return condition() }
            if Date() > deadline {
                throw TestFailure("gave up waiting after \(Int(timeout)) s for `\(process.arguments?.joined(separator: " ") ?? "")`; its error output:\n\(standardError)")
            }
            usleep(2_000)
        }
        return true
    }
}
