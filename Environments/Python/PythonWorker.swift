import EmpowerBase
import EmpowerCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One Python process holding one environment, driven over a pair of pipes.
///
/// The process runs `python -c <PythonWorkerSource> <target> <arguments>`: it makes the
/// environment (`gymnasium.make(id, **arguments)` or `factory(**arguments)`), replies with its
/// description, then serves requests until it is told to quit or its input closes. Each
/// request is one opcode byte and its arguments; each reply a status byte (`O` or `E`), a JSON
/// document and a block of bytes (float32 values, or a frame's pixels). Python exceptions come
/// back as `E` replies with their traceback; a process that dies mid-request is noticed by the
/// pipe closing. The worker's own standard output goes to Empower's standard error, so a
/// `print` in the environment cannot corrupt the protocol.
final class PythonWorker {
    struct Reply {
        let document: JSONValue
        let bytes: [UInt8]

        /// The bytes from `offset` on as float32 values.
        func floats(from offset: Int = 0) -> [Float] {
            let count = max(0, (bytes.count - offset) / 4)
            return bytes.withUnsafeBytes { raw in
                (0..<count).map { raw.loadUnaligned(fromByteOffset: offset + 4 * $0, as: Float.self) }
            }
        }

        /// The f64 at `offset`.
        func double(at offset: Int) -> Double? {
            guard bytes.count >= offset + 8 else { return nil }
            return bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: Double.self) }
        }

        /// The u32 at `offset`.
        func uint32(at offset: Int) -> UInt32? {
            guard bytes.count >= offset + 4 else { return nil }
            return bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: UInt32.self) }
        }
    }

    let id: String
    let interpreter: String
    private let process = Process()
    private let requests: FileHandle
    private let replies: FileHandle
    private var finished = false

    /// Starts the worker and reads the environment's description.
    /// - Throws: `EnvironmentError` `.pythonError` when making the environment raised (with
    ///   the traceback's last line), `.workerExited` when the process ended first.
    init(id: String, target: String, arguments: String, interpreter: String) throws {
        self.id = id
        self.interpreter = interpreter
        Self.ignoreBrokenPipes
        let input = Pipe(), output = Pipe()
        process.executableURL = URL(fileURLWithPath: interpreter)
        process.arguments = ["-c", PythonWorkerSource.text, target, arguments]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONUNBUFFERED"] = "1"
        // Headless: pygame (Gymnasium's renderer) would look for a sound card and a display.
        environment["SDL_AUDIODRIVER"] = environment["SDL_AUDIODRIVER"] ?? "dummy"
        environment["SDL_VIDEODRIVER"] = environment["SDL_VIDEODRIVER"] ?? "dummy"
        environment["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"
        process.environment = environment
        do {
            try process.run()
        } catch {
            throw EnvironmentError(
                .pythonUnavailable, "\(id): cannot start the Python interpreter \(interpreter): \(error.localizedDescription)",
                context: ["environment": id, "python": interpreter])
        }
        requests = input.fileHandleForWriting
        replies = output.fileHandleForReading
        _ = fcntl(replies.fileDescriptor, F_SETFL, fcntl(replies.fileDescriptor, F_GETFL) | O_NONBLOCK)
        try? input.fileHandleForReading.close()
        try? output.fileHandleForWriting.close()
    }

    deinit {
        close()
    }

    /// SIGPIPE would end Empower when it writes to a worker that has died; the write's error
    /// reports that instead.
    private static let ignoreBrokenPipes: Void = {
        signal(SIGPIPE, SIG_IGN)
    }()

    /// Sends `request` and reads the reply; `what` and `step` name the request in errors.
    func call(_ request: [UInt8], what: String, step: Int? = nil) throws -> Reply {
        guard !finished else {
            throw EnvironmentError(.workerExited, "\(id): the Python worker has already ended; make the environment again", context: ["environment": id])
        }
        guard write(request) else { throw exited(during: what, step: step) }
        return try readReply(what: what, step: step)
    }

    /// Reads one reply (also the unasked first one, with the description).
    func readReply(what: String, step: Int? = nil) throws -> Reply {
        guard let status = read(1)?.first, let jsonLength = read(4).map(Self.uint32), let json = read(Int(jsonLength)),
              let byteCount = read(4).map(Self.uint32), let bytes = read(Int(byteCount))
        else { throw exited(during: what, step: step) }
        let document = json == [UInt8(ascii: "{"), UInt8(ascii: "}")]  // most replies: no info to decode
            ? JSONValue.object([]) : (try? JSONDecoder().decode(JSONValue.self, from: Data(json))) ?? .null
        guard status == UInt8(ascii: "O") else {
            if document["type"]?.stringValue == "NoRender" {
                throw EnvironmentError.unsupported("render()", environment: id)
            }
            if document["type"]?.stringValue == "Unsupported" {
                throw EnvironmentError(
                    .unsupportedSpace, "\(id): \(document["message"]?.stringValue ?? "a space Empower cannot translate")",
                    context: ["environment": id])
            }
            let last = document["last_line"]?.stringValue ?? "(no message)"
            let place = Self.place(what, step)
            var context = ["environment": id, "python_error": last, "request": what]
            if let step { context["step"] = "\(step)" }
            throw EnvironmentError(
                .pythonError, "\(id): Python raised during \(place): \(last)\(Self.tracebackHint(document))", context: context)
        }
        return Reply(document: document, bytes: bytes)
    }

    /// "step 50 of the episode", "reset".
    static func place(_ what: String, _ step: Int?) -> String {
        step.map { "\(what) \($0) of the episode" } ?? what
    }

    /// The traceback's innermost frame line (where in the user's code), when there is one.
    static func tracebackHint(_ document: JSONValue) -> String {
        guard let traceback = document["traceback"]?.stringValue else { return "" }
        let frames = traceback.split(separator: "\n").filter {  // the environment's own frames, not the worker's ("<string>")
            let line = $0.trimmingCharacters(in: .whitespaces)
            return line.hasPrefix("File ") && !line.hasPrefix("File \"<")  // nor Python's own (<frozen ...>)
        }
        guard let innermost = frames.last else { return "" }
        return " (\(innermost.trimmingCharacters(in: .whitespaces)))"
    }

    /// Asks the worker to quit and waits briefly; then it is killed.
    func close() {
        guard !finished else { return }
        finished = true
        _ = write([UInt8(ascii: "Q")])
        try? requests.close()
        let deadline = Date().addingTimeInterval(2)
        while process.isRunning && Date() < deadline { usleep(5_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        try? replies.close()
    }

    /// The error for a worker whose pipe closed: how the process ended.
    private func exited(during what: String, step: Int?) -> EnvironmentError {
        finished = true
        try? requests.close()
        let deadline = Date().addingTimeInterval(2)
        while process.isRunning && Date() < deadline { usleep(5_000) }
        let how: String
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            how = "stopped answering"
        } else if process.terminationReason == .uncaughtSignal {
            how = "was killed by signal \(process.terminationStatus)"
        } else {
            how = "exited with status \(process.terminationStatus)"
        }
        let place = Self.place(what, step)
        var context = ["environment": id, "request": what, "python": interpreter]
        if let step { context["step"] = "\(step)" }
        return EnvironmentError(
            .workerExited, "\(id): the Python worker process \(how) during \(place) (its error output, if any, is above)", context: context)
    }

    private func write(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Glibc.write(requests.fileDescriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return false }
                offset += written
            }
            return true
        }
    }

    /// How long a read spins before it sleeps: waking a sleeping thread from another core
    /// costs tens of microseconds on virtual machines (a pipe round trip between two cores
    /// measured 64 us here, 8 us on one core), more than most Python steps take.
    static let spin: Duration = .microseconds(200)

    /// Exactly `count` bytes, or nil when the pipe closes first.
    private func read(_ count: Int) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: count)
        var offset = 0
        let descriptor = replies.fileDescriptor
        let clock = ContinuousClock()
        let complete = buffer.withUnsafeMutableBytes { raw -> Bool in
            var deadline = clock.now + Self.spin
            while offset < count {
                let got = Glibc.read(descriptor, raw.baseAddress! + offset, count - offset)
                if got > 0 {
                    offset += got
                    continue
                }
                if got == 0 { return false }
                switch errno {
                case EINTR:
                    continue
                case EAGAIN:
                    if clock.now > deadline {
                        var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                        _ = poll(&request, 1, -1)
                        deadline = clock.now + Self.spin
                    }
                default:
                    return false
                }
            }
            return true
        }
        return complete ? buffer : nil
    }

    static func uint32(_ bytes: [UInt8]) -> UInt32 {
        UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 24
    }

    /// Little-endian encodings for requests.
    static func bytes(of value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
    static func bytes(of value: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) } }
    static func bytes(of values: [Float]) -> [UInt8] {
        values.withUnsafeBytes { Array($0) }
    }
}
