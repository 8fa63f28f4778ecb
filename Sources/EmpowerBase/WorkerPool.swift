import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fork-join pool of persistent threads (the threaded vector environment's, and the off-policy
/// learner's two-critic update): ``run(tasks:_:)`` calls `task(i)` once for every
/// `i` in `0 ..< tasks`, spread over the calling thread and the workers, and returns when all
/// calls have returned.
///
/// This is what a vector environment needs once per step, tens of thousands of times a second,
/// with a few microseconds of work per task. `DispatchQueue.concurrentPerform` costs about as
/// much as that work on a virtual machine: it wakes a pooled thread through a futex (an
/// inter-processor interrupt, expensive under a hypervisor) and sleeps the caller on a
/// semaphore until that thread is done. Here:
/// - the workers are started once and stay alive until the pool is released;
/// - a job is published by storing a new generation number in one atomic word. A worker that finished its previous job less than
///   ``spinSeconds`` ago is still polling that word and starts at once, without a system call;
///   one idle for longer sleeps on a condition variable and is woken by a broadcast (paid only
///   after an idle period, e.g. while a learner updates its networks between two steps);
/// - the tasks are cut into one contiguous chunk per participant (the caller is participant
///   0). Each participant claims the tasks of its own chunk first, then steals the remaining
///   tasks of the other chunks, one compare-and-swap per task. So in the common case a task
///   index runs on the same thread step after step (an environment's memory stays in that
///   core's cache), and when the machine is oversubscribed and a worker is descheduled, the
///   caller does that worker's tasks instead of waiting for it (it only waits for tasks
///   already claimed);
/// - waiting polls, yielding the processor every few polls, for at most ``spinSeconds``, then
///   blocks.
///
/// Which thread runs which task is not deterministic, so each task must touch only its own
/// data; the pool adds the happens-before edges (everything the caller wrote before
/// ``run(tasks:_:)`` is visible to the tasks, and what they write is visible to the caller when
/// it returns). Concurrent calls to ``run(tasks:_:)`` are serialized (a copy of a vector
/// environment shares its pool).
public final class WorkerPool: @unchecked Sendable {
    /// How long a waiting thread polls before it blocks, by default.
    public static let spinSeconds = 50e-6

    /// The calling thread plus the persistent workers.
    public let participants: Int

    #if canImport(Glibc)
    /// What the caller and the workers share; the workers hold it, not the pool, so the pool's
    /// `deinit` can stop and join them.
    private let state: State
    private var threads: [pthread_t] = []
    /// Serializes callers of `run`.
    private let callerLock = Mutex<Void>(())
    #endif

    /// Starts `participants - 1` worker threads (none for 1) that poll for `spinSeconds` after
    /// a job before they block (a pool whose jobs come with short gaps, such as a learner's
    /// phases, keeps its worker awake longer).
    /// - Precondition: `participants >= 1`.
    public init(participants: Int, spinSeconds: Double = WorkerPool.spinSeconds) {
        precondition(participants >= 1, "a worker pool needs at least one participant, got \(participants)")
        self.participants = participants
        #if canImport(Glibc)
        state = State(participants: participants, spinSeconds: spinSeconds)
        for participant in 1..<participants {
            let context = Unmanaged.passRetained(WorkerContext(state: state, participant: participant)).toOpaque()
            var thread = pthread_t()
            let status = pthread_create(&thread, nil, { raw in
                guard let raw else { return nil }
                let context = Unmanaged<WorkerContext>.fromOpaque(raw).takeRetainedValue()
                context.state.workerLoop(participant: context.participant)
                return nil
            }, context)
            if status == 0 {
                threads.append(thread)
            } else {
                // One worker fewer: its chunk is stolen by the threads that exist.
                Unmanaged<WorkerContext>.fromOpaque(context).release()
            }
        }
        #endif
    }

    deinit {
        #if canImport(Glibc)
        state.stop()
        for thread in threads { pthread_join(thread, nil) }
        #endif
    }

    /// Calls `task(i)` for every `i` in `0 ..< tasks`, on the calling thread and the workers,
    /// and returns when every call has returned.
    /// - Precondition: `0 <= tasks < 2^31`.
    public func run(tasks: Int, _ task: @escaping (Int) -> Void) {
        precondition(tasks >= 0 && tasks < Int(Int32.max), "a worker pool runs 0 ..< 2^31 tasks at once, got \(tasks)")
        guard participants > 1, tasks > 1 else {
            for i in 0..<tasks { task(i) }
            return
        }
        #if canImport(Glibc)
        callerLock.withLock { _ in
            let generation = state.publish(task, tasks: tasks)
            state.work(generation: generation, participant: 0, task: task)
            state.waitForCompletion(of: tasks)
        }
        #else
        let shared = PoolTask(value: task)
        DispatchQueue.concurrentPerform(iterations: tasks) { shared.value($0) }
        #endif
    }

    #if canImport(Glibc)
    /// The synchronization state shared by the caller and the workers.
    private final class State: @unchecked Sendable {
        /// Bumped by the caller to publish a job.
        let generation = Atomic<UInt64>(0)
        /// One per participant: `generation << 32 | next task index` of that participant's
        /// chunk. Tasks are claimed by compare-and-swap within one generation.
        let chunks: [ChunkCounter]
        /// The number of tasks of the current generation.
        let taskCount = Atomic<Int>(0)
        /// Tasks of the current generation that have returned.
        let completed = Atomic<Int>(0)
        /// Workers blocked (or about to block) on `wake`.
        let sleepingWorkers = Atomic<Int>(0)
        /// 1 while the caller is blocked (or about to block) on `done`.
        let callerSleeping = Atomic<Int>(0)
        let stopping = Atomic<Bool>(false)
        /// The task of the current generation; written by the caller before it publishes the
        /// generation, read by a worker only after it claimed a task of that generation.
        var task: ((Int) -> Void)?
        let mutex: UnsafeMutablePointer<pthread_mutex_t> = .allocate(capacity: 1)
        /// Where idle workers sleep.
        let wake: UnsafeMutablePointer<pthread_cond_t> = .allocate(capacity: 1)
        /// Where the caller sleeps when the last tasks take long.
        let done: UnsafeMutablePointer<pthread_cond_t> = .allocate(capacity: 1)

        /// How long a waiting thread polls before it blocks.
        let spinSeconds: Double

        init(participants: Int, spinSeconds: Double) {
            self.spinSeconds = spinSeconds
            chunks = (0..<participants).map { _ in ChunkCounter() }
            pthread_mutex_init(mutex, nil)
            pthread_cond_init(wake, nil)
            pthread_cond_init(done, nil)
        }

        deinit {
            pthread_cond_destroy(done)
            pthread_cond_destroy(wake)
            pthread_mutex_destroy(mutex)
            done.deallocate()
            wake.deallocate()
            mutex.deallocate()
        }

        /// The task indices of chunk `chunk` when there are `tasks` tasks.
        func bounds(ofChunk chunk: Int, tasks: Int) -> Range<Int> {
            (chunk * tasks / chunks.count) ..< ((chunk + 1) * tasks / chunks.count)
        }

        /// Publishes a job and returns its generation.
        func publish(_ task: @escaping (Int) -> Void, tasks: Int) -> UInt64 {
            self.task = task
            taskCount.store(tasks, ordering: .sequentiallyConsistent)
            completed.store(0, ordering: .sequentiallyConsistent)
            let next = generation.load(ordering: .sequentiallyConsistent) &+ 1
            for chunk in chunks.indices {
                let start = UInt64(bounds(ofChunk: chunk, tasks: tasks).lowerBound)
                chunks[chunk].value.store((next & 0xFFFF_FFFF) << 32 | start, ordering: .sequentiallyConsistent)
            }
            generation.store(next, ordering: .sequentiallyConsistent)
            wakeWorkers()
            return next
        }

        func stop() {
            stopping.store(true, ordering: .sequentiallyConsistent)
            generation.add(1, ordering: .sequentiallyConsistent)
            wakeWorkers()
        }

        /// Broadcasts when a worker may be blocked. The caller stores the generation before
        /// reading `sleepingWorkers`, and a worker counts itself in `sleepingWorkers` (under
        /// the mutex) before reading the generation again, all sequentially consistent: either
        /// the caller sees the sleeper and broadcasts under the mutex (once the worker waits),
        /// or the worker sees the new generation and does not wait. No wake-up is lost.
        private func wakeWorkers() {
            guard sleepingWorkers.load(ordering: .sequentiallyConsistent) > 0 else { return }
            pthread_mutex_lock(mutex)
            pthread_cond_broadcast(wake)
            pthread_mutex_unlock(mutex)
        }

        /// Claims and runs tasks of `generation`, from `participant`'s own chunk first, then
        /// from the others, until none is left; `task` is the caller's job, `nil` on a worker.
        ///
        /// A claim succeeds only while the chunk counter still carries `generation`, and the
        /// caller does not publish the next generation (nor clear `self.task`) before every
        /// claimed task has completed. So a worker reads `self.task` only after a successful
        /// claim: it is then the job of `generation`, and no write to it races with the read.
        func work(generation: UInt64, participant: Int, task callerTask: ((Int) -> Void)?) {
            let tag = generation & 0xFFFF_FFFF
            for offset in chunks.indices {
                let chunk = (participant + offset) % chunks.count
                while true {
                    let current = chunks[chunk].value.load(ordering: .sequentiallyConsistent)
                    guard current >> 32 == tag else { return }  // a stale worker: the job is over
                    let index = Int(current & 0xFFFF_FFFF)
                    guard index < bounds(ofChunk: chunk, tasks: taskCount.load(ordering: .sequentiallyConsistent)).upperBound
                    else { break }
                    guard chunks[chunk].value.compareExchange(
                        expected: current, desired: current + 1, ordering: .sequentiallyConsistent
                    ).exchanged else { continue }
                    if let callerTask {
                        callerTask(index)
                    } else if let task {
                        task(index)
                    }
                    complete()
                }
            }
        }

        /// Counts one task as completed, and wakes the caller after the last one if it sleeps.
        private func complete() {
            let finished = completed.add(1, ordering: .sequentiallyConsistent).newValue
            if finished == taskCount.load(ordering: .sequentiallyConsistent),
               callerSleeping.load(ordering: .sequentiallyConsistent) != 0 {
                pthread_mutex_lock(mutex)
                pthread_cond_signal(done)
                pthread_mutex_unlock(mutex)
            }
        }

        /// Polls until `tasks` tasks have completed, then blocks on `done` (the last task
        /// signals it; the same no-lost-wake-up argument as `wakeWorkers`, with
        /// `callerSleeping` and `completed`).
        func waitForCompletion(of tasks: Int) {
            if !WorkerPool.poll(for: spinSeconds, until: { completed.load(ordering: .sequentiallyConsistent) == tasks }) {
                pthread_mutex_lock(mutex)
                callerSleeping.store(1, ordering: .sequentiallyConsistent)
                while completed.load(ordering: .sequentiallyConsistent) != tasks {
                    pthread_cond_wait(done, mutex)
                }
                callerSleeping.store(0, ordering: .sequentiallyConsistent)
                pthread_mutex_unlock(mutex)
            }
            task = nil
        }

        func workerLoop(participant: Int) {
            var seen: UInt64 = 0
            while true {
                seen = waitForGeneration(after: seen)
                if stopping.load(ordering: .sequentiallyConsistent) { return }
                work(generation: seen, participant: participant, task: nil)
            }
        }

        /// Polls, then sleeps on `wake`, until the generation differs from `seen`.
        private func waitForGeneration(after seen: UInt64) -> UInt64 {
            var current = seen
            if WorkerPool.poll(for: spinSeconds, until: {
                current = generation.load(ordering: .sequentiallyConsistent)
                return current != seen
            }) {
                return current
            }
            pthread_mutex_lock(mutex)
            sleepingWorkers.add(1, ordering: .sequentiallyConsistent)
            current = generation.load(ordering: .sequentiallyConsistent)
            while current == seen {
                pthread_cond_wait(wake, mutex)
                current = generation.load(ordering: .sequentiallyConsistent)
            }
            sleepingWorkers.subtract(1, ordering: .sequentiallyConsistent)
            pthread_mutex_unlock(mutex)
            return current
        }
    }

    /// An atomic counter alone on its cache line (64 bytes), so that two threads claiming from
    /// two chunks do not slow each other down.
    private final class ChunkCounter: Sendable {
        let value = Atomic<UInt64>(0)
        private let padding: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0)
    }

    /// What a worker thread starts with.
    private final class WorkerContext {
        let state: State
        let participant: Int
        init(state: State, participant: Int) {
            self.state = state
            self.participant = participant
        }
    }

    /// Polls `condition` for up to `seconds`, yielding the processor every few polls (so that,
    /// on an oversubscribed machine, a thread this one waits for gets it back at once); returns
    /// whether the condition came true.
    @inline(__always)
    static func poll(for seconds: Double, until condition: () -> Bool) -> Bool {
        var polls = 0
        var deadline = 0.0
        while !condition() {
            polls += 1
            if polls & 63 == 0 {
                let now = monotonicSeconds()
                if deadline == 0 {
                    deadline = now + seconds
                } else if now > deadline {
                    return false
                }
                sched_yield()
            }
        }
        return true
    }

    static func monotonicSeconds() -> Double { MonotonicClock.seconds() }
    #endif
}

#if !canImport(Glibc)
/// The job handed to Dispatch's threads (each index runs once; the caller waits for all).
private struct PoolTask: @unchecked Sendable {
    let value: (Int) -> Void
}
#endif
