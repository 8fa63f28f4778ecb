import EmpowerBase
import Foundation

/// A worker lent to one environment. When the environment is released, a worker that never
/// failed goes back to ``PythonWorkerPool`` for the next environment made with the same
/// interpreter, id and arguments; a failed one is closed.
///
/// Empower makes an environment wherever it needs one (the checks before training, every
/// environment of a vector, the evaluation rollouts, the random-policy baseline), and starting
/// a Python process with Gymnasium costs about 0.25 s. Handing the idle environment on keeps
/// one training run from starting dozens of processes. Every user resets the environment
/// before stepping it (``EpisodeTracker`` refuses otherwise), which is what Gymnasium asks of a
/// reused environment.
final class PythonWorkerLease {
    let worker: PythonWorker
    let description: JSONValue
    private let key: String
    private var healthy = true

    init(worker: PythonWorker, description: JSONValue, key: String) {
        self.worker = worker
        self.description = description
        self.key = key
    }

    deinit {
        if healthy {
            PythonWorkerPool.shared.giveBack(worker, description: description, key: key)
        } else {
            worker.close()
        }
    }

    /// `worker.call`; after an error the worker is not lent again.
    func call(_ request: [UInt8], what: String, step: Int? = nil) throws -> PythonWorker.Reply {
        do {
            return try worker.call(request, what: what, step: step)
        } catch {
            healthy = false
            throw error
        }
    }
}

/// The idle workers, by interpreter, id and arguments. Idle workers end with Empower: their
/// request pipe closes and they exit.
final class PythonWorkerPool: @unchecked Sendable {
    static let shared = PythonWorkerPool()
    /// Idle workers kept per key; more are closed.
    static let capacity = 32

    private let lock = NSLock()
    private var idle: [String: [(worker: PythonWorker, description: JSONValue)]] = [:]

    func take(_ key: String) -> (worker: PythonWorker, description: JSONValue)? {
        lock.lock()
        defer { lock.unlock() }
        return idle[key]?.popLast()
    }

    func giveBack(_ worker: PythonWorker, description: JSONValue, key: String) {
        lock.lock()
        let kept = idle[key, default: []].count < Self.capacity
        if kept { idle[key, default: []].append((worker, description)) }
        lock.unlock()
        if !kept { worker.close() }
    }
}
