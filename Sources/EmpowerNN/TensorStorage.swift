/// The heap buffer behind a ``Tensor``: 64-byte aligned Float32 elements, freed in `deinit`.
///
/// Shared between tensor copies until one of them is mutated (copy-on-write, see ``Tensor``).
@usableFromInline
final class TensorStorage {
    @usableFromInline let pointer: UnsafeMutablePointer<Float>
    @usableFromInline let count: Int

    /// Uninitialized-looking but zero-filled storage of `count` elements.
    @usableFromInline
    init(count: Int) {
        self.count = count
        let raw = UnsafeMutableRawPointer.allocate(byteCount: Swift.max(count, 1) * MemoryLayout<Float>.stride, alignment: 64)
        pointer = raw.bindMemory(to: Float.self, capacity: Swift.max(count, 1))
        pointer.initialize(repeating: 0, count: Swift.max(count, 1))
    }

    @usableFromInline
    func copy() -> TensorStorage {
        let other = TensorStorage(count: count)
        other.pointer.update(from: pointer, count: count)
        return other
    }

    deinit {
        UnsafeMutableRawPointer(pointer).deallocate()
    }
}
