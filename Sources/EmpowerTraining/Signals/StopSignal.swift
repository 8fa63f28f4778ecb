#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// The signal that asked to stop (0: none; -1: ``StopSignal/request()``), shared by every
/// installed ``StopSignal`` because a process has one set of signal handlers.
private let requestedSignal = Atomic<Int32>(0)

/// The handler: async-signal-safe (an atomic exchange, and on a second signal `write` and
/// `_exit`, both on the POSIX list of safe functions).
private func handleStopSignal(_ signal: Int32) {
    let previous = requestedSignal.exchange(signal, ordering: .sequentiallyConsistent)
    if previous != 0 {
        let message: StaticString = "\nempower: second interrupt, exiting immediately without saving\n"
        _ = write(STDERR_FILENO, message.utf8Start, message.utf8CodeUnitCount)
        _exit(128 + signal)
    }
}

/// Turns Ctrl-C (SIGINT) and SIGTERM into a polite stop request that a training loop polls.
///
/// While installed, the first SIGINT or SIGTERM only sets a flag: the trainer sees
/// ``isRequested`` at the end of the current step, writes a checkpoint, flushes its metrics and
/// returns, so `empower resume` continues exactly. A **second** signal while that stop is in
/// progress exits the process at once with status 128 + signal (130 for Ctrl-C), without
/// saving: the way out when saving hangs. ``uninstall()`` (or deinit) puts back the handlers
/// that were there before.
///
/// ```swift
/// let stop = StopSignal()
/// defer { stop.uninstall() }
/// while step < total && !stop.isRequested { ... }
/// if stop.isRequested { try checkpoint(); events.append("stopped by signal") }
/// ```
///
/// The handler is async-signal-safe: it only performs an atomic exchange (and, on the second
/// signal, `write` and `_exit`). The flag is process-wide; installing a new `StopSignal`
/// clears it. Install from one thread (the trainer's); reading ``isRequested`` is safe from any.
///
/// **Blocked signals.** A process inherits its signal mask from whoever started it, and a
/// program started from a thread that blocks signals (a Dispatch worker, a test runner, some
/// supervisors) would never see SIGINT or SIGTERM: it could only be killed. Installing therefore
/// unblocks SIGINT and SIGTERM on the installing thread, so the process receives them there;
/// ``uninstall()`` blocks again those that were blocked before (when called on that thread).
public final class StopSignal {
    private var previousInterrupt = sigaction()
    private var previousTerminate = sigaction()
    /// The stop signals that were blocked on the installing thread before installation.
    private var previouslyBlocked = sigset_t()
    private let installingThread: pthread_t
    /// Whether the handlers are currently installed by this instance.
    public private(set) var isInstalled = false

    /// Installs the SIGINT and SIGTERM handlers and clears any earlier request.
    public init() {
        requestedSignal.store(0, ordering: .sequentiallyConsistent)
        var action = sigaction()
        #if canImport(Glibc)
        action.__sigaction_handler.sa_handler = { handleStopSignal($0) }
        #else
        action.__sigaction_u.__sa_handler = { handleStopSignal($0) }
        #endif
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        sigaction(SIGINT, &action, &previousInterrupt)
        sigaction(SIGTERM, &action, &previousTerminate)
        var stopSignals = sigset_t()
        sigemptyset(&stopSignals)
        sigaddset(&stopSignals, SIGINT)
        sigaddset(&stopSignals, SIGTERM)
        var previousMask = sigset_t()
        pthread_sigmask(SIG_UNBLOCK, &stopSignals, &previousMask)
        sigemptyset(&previouslyBlocked)
        for signal in [SIGINT, SIGTERM] where sigismember(&previousMask, signal) == 1 { sigaddset(&previouslyBlocked, signal) }
        installingThread = pthread_self()
        isInstalled = true
    }

    deinit { uninstall() }

    /// Whether a stop was requested (by a signal or ``request()``) since installation.
    public var isRequested: Bool { requestedSignal.load(ordering: .sequentiallyConsistent) != 0 }

    /// The signal that requested the stop (`SIGINT`, `SIGTERM`), -1 for ``request()``, or nil.
    public var requestingSignal: Int32? {
        let value = requestedSignal.load(ordering: .sequentiallyConsistent)
        return value == 0 ? nil : value
    }

    /// Requests a stop from code (an early-stopping callback, a test), as a first signal would.
    public func request() {
        _ = requestedSignal.compareExchange(expected: 0, desired: -1, ordering: .sequentiallyConsistent)
    }

    /// Restores the handlers that were installed before this instance. Idempotent.
    public func uninstall() {
        guard isInstalled else { return }
        sigaction(SIGINT, &previousInterrupt, nil)
        sigaction(SIGTERM, &previousTerminate, nil)
        if pthread_equal(pthread_self(), installingThread) != 0 { pthread_sigmask(SIG_BLOCK, &previouslyBlocked, nil) }
        isInstalled = false
    }
}
