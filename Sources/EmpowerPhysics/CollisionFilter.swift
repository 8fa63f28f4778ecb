/// Which fixtures collide: two fixtures touch when each one's category is in the other's mask
/// (and, when both share a non-zero group, the group decides: positive always, negative never).
///
/// ```swift
/// let arm = CollisionFilter(category: 0x0002, mask: 0xFFFF & ~0x0002)  // arm links ignore each other
/// ```
public struct CollisionFilter: Sendable, Hashable {
    public var category: UInt16
    public var mask: UInt16
    public var group: Int16

    public init(category: UInt16 = 0x0001, mask: UInt16 = 0xFFFF, group: Int16 = 0) {
        self.category = category
        self.mask = mask
        self.group = group
    }
}
