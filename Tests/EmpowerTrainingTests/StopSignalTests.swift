import Glibc
import Synchronization
import Testing
import EmpowerTraining

/// Signals seen by the test's own handler, to check that the previous handler is restored.
private let testHandlerCount = Atomic<Int>(0)

private func installCountingHandler(for signal: Int32) -> sigaction {
    var action = sigaction()
    action.__sigaction_handler.sa_handler = { _ in testHandlerCount.add(1, ordering: .sequentiallyConsistent) }
    sigemptyset(&action.sa_mask)
    var previous = sigaction()
    sigaction(signal, &action, &previous)
    return previous
}

/// Runs `body` with `signal` unblocked on this thread: test runners may block signals on their
/// worker threads, and `raise` delivers to the calling thread only.
private func withSignalUnblocked(_ signal: Int32, _ body: () -> Void) {
    var set = sigset_t()
    sigemptyset(&set)
    sigaddset(&set, signal)
    var previous = sigset_t()
    pthread_sigmask(SIG_UNBLOCK, &set, &previous)
    body()
    pthread_sigmask(SIG_SETMASK, &previous, nil)
}

@Suite("StopSignal", .serialized)
struct StopSignalTests {
    @Test(arguments: [SIGINT, SIGTERM])
    func signalSetsTheFlagAndUninstallRestoresThePreviousHandler(signal: Int32) {
        withSignalUnblocked(signal) { check(signal) }
    }

    private func check(_ signal: Int32) {
        var original = installCountingHandler(for: signal)
        defer { sigaction(signal, &original, nil) }
        let before = testHandlerCount.load(ordering: .sequentiallyConsistent)

        let stop = StopSignal()
        #expect(!stop.isRequested)
        raise(signal)
        #expect(stop.isRequested)
        #expect(stop.requestingSignal == signal)
        #expect(testHandlerCount.load(ordering: .sequentiallyConsistent) == before)

        stop.uninstall()
        #expect(!stop.isInstalled)
        raise(signal)
        #expect(testHandlerCount.load(ordering: .sequentiallyConsistent) == before + 1)
    }

    @Test("installing unblocks SIGINT and SIGTERM on this thread; uninstalling blocks again the ones that were blocked")
    func installUnblocksStopSignals() {
        var blocked = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGINT)
        var original = sigset_t()
        pthread_sigmask(SIG_BLOCK, &blocked, &original)
        defer { pthread_sigmask(SIG_SETMASK, &original, nil) }
        var termination = sigset_t()
        sigemptyset(&termination)
        sigaddset(&termination, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &termination, nil)

        func isBlocked(_ signal: Int32) -> Bool {
            var current = sigset_t()
            pthread_sigmask(SIG_BLOCK, nil, &current)
            return sigismember(&current, signal) == 1
        }
        #expect(isBlocked(SIGINT) && !isBlocked(SIGTERM))
        let stop = StopSignal()
        #expect(!isBlocked(SIGINT) && !isBlocked(SIGTERM))
        raise(SIGINT)                       // delivered now that it is unblocked
        #expect(stop.requestingSignal == SIGINT)
        stop.uninstall()
        #expect(isBlocked(SIGINT) && !isBlocked(SIGTERM))
    }

    @Test func requestFromCodeAndReinstallClears() {
        let stop = StopSignal()
        stop.request()
        #expect(stop.isRequested)
        #expect(stop.requestingSignal == -1)
        stop.uninstall()
        let again = StopSignal()
        defer { again.uninstall() }
        #expect(!again.isRequested)
    }
}
