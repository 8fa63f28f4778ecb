/// A bump allocator of aligned Float32 buffers, reset wholesale between steps.
///
/// A ``Tape`` takes every intermediate value and gradient from its arena. The first steps
/// grow it; on ``reset()`` the blocks are merged into one block large enough for everything the
/// previous step used, so a step that repeats the same computation allocates nothing.
final class Arena {
    private var blocks: [(pointer: UnsafeMutablePointer<Float>, capacity: Int)] = []
    private var used = 0
    private var highWater = 0
    /// Floats handed out since the last reset, over all blocks.
    private var handedOut = 0

    /// Floats per alignment unit (64 bytes).
    private static let alignment = 16

    init(initialCapacity: Int = 1 << 16) {
        blocks.append((Arena.allocateBlock(initialCapacity), initialCapacity))
    }

    deinit {
        for block in blocks { UnsafeMutableRawPointer(block.pointer).deallocate() }
    }

    private static func allocateBlock(_ capacity: Int) -> UnsafeMutablePointer<Float> {
        UnsafeMutableRawPointer.allocate(byteCount: capacity * MemoryLayout<Float>.stride, alignment: 64)
            .bindMemory(to: Float.self, capacity: capacity)
    }

    /// A buffer of `count` floats, 64-byte aligned, contents unspecified.
    @inline(__always)
    func allocate(_ count: Int) -> UnsafeMutablePointer<Float> {
        let rounded = (Swift.max(count, 1) + Arena.alignment - 1) / Arena.alignment * Arena.alignment
        handedOut += rounded
        let last = blocks.count - 1
        if used + rounded <= blocks[last].capacity {
            let pointer = blocks[last].pointer + used
            used += rounded
            return pointer
        }
        let capacity = Swift.max(rounded, blocks[last].capacity * 2)
        blocks.append((Arena.allocateBlock(capacity), capacity))
        used = rounded
        return blocks[blocks.count - 1].pointer
    }

    /// A zero-filled buffer of `count` floats.
    @inline(__always)
    func allocateZeroed(_ count: Int) -> UnsafeMutablePointer<Float> {
        let pointer = allocate(count)
        pointer.update(repeating: 0, count: count)
        return pointer
    }

    /// Makes every buffer available again. Invalidates all pointers handed out.
    func reset() {
        highWater = Swift.max(highWater, handedOut)
        if blocks.count > 1 {
            for block in blocks { UnsafeMutableRawPointer(block.pointer).deallocate() }
            let capacity = highWater
            blocks = [(Arena.allocateBlock(capacity), capacity)]
        }
        used = 0
        handedOut = 0
    }
}
