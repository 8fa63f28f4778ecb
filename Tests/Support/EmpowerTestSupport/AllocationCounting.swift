import CAllocationCounter

/// Counts the heap allocations the calling thread makes while `body` runs.
///
/// Works because the test executable interposes the C allocator (see `CAllocationCounter`).
/// Only the current thread is counted, so other tests running in parallel do not interfere.
///
/// ```swift
/// let count = countAllocations { step() }
/// #expect(count == 0)
/// ```
public func countAllocations(_ body: () throws -> Void) rethrows -> UInt64 {
    empower_allocation_counting_begin()
    do {
        try body()
    } catch {
        _ = empower_allocation_counting_end()
        throw error
    }
    return empower_allocation_counting_end()
}

/// Whether this test binary was built with optimization. Allocation counts are only meaningful
/// then (debug builds allocate for iterators and closures the optimizer removes), so the
/// zero-allocation tests are enabled with `.enabled(if: isOptimizedBuild, ...)`; the test
/// script builds in release mode.
public let isOptimizedBuild = !_isDebugAssertConfiguration()
