@testable import EmpowerBase
import Synchronization
import Testing

@Suite("Worker pool")
struct WorkerPoolTests {
    /// Per-task counters, each task index incremented by whichever thread runs it.
    final class Counters: @unchecked Sendable {
        let values: UnsafeMutableBufferPointer<Int>
        init(count: Int) { values = .allocate(capacity: count); values.initialize(repeating: 0) }
        deinit { values.deallocate() }
    }

    @Test("every task runs exactly once per run, over many runs", arguments: [1, 2, 3])
    func everyTaskOnce(participants: Int) {
        let pool = WorkerPool(participants: participants)
        for tasks in [0, 1, 2, 5, 8, 13] {
            let counters = Counters(count: max(tasks, 1))
            for _ in 0..<500 {
                pool.run(tasks: tasks) { i in counters.values[i] += 1 }
            }
            #expect(Array(counters.values.prefix(tasks)) == Array(repeating: 500, count: tasks), "participants \(participants), tasks \(tasks)")
        }
    }

    @Test("writes made by the tasks are visible when run returns, also after the workers slept")
    func visibilityAfterIdle() {
        let pool = WorkerPool(participants: 2)
        let counters = Counters(count: 4)
        for round in 1...3 {
            pool.run(tasks: 4) { i in counters.values[i] = round * 10 + i }
            #expect(Array(counters.values) == [round * 10, round * 10 + 1, round * 10 + 2, round * 10 + 3])
            // Longer than the spinning window: the worker blocks and must be woken next round.
            var now = WorkerPool.monotonicSeconds()
            let end = now + 20 * WorkerPool.spinSeconds
            while now < end { now = WorkerPool.monotonicSeconds() }
        }
    }

    @Test("releasing a pool stops its threads (created and released many times)")
    func release() {
        let total = Atomic<Int>(0)
        for _ in 0..<50 {
            let pool = WorkerPool(participants: 2)
            pool.run(tasks: 6) { _ in total.add(1, ordering: .relaxed) }
        }
        #expect(total.load(ordering: .relaxed) == 300)
    }
}
