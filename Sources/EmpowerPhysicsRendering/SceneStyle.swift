import EmpowerRender

/// Colours used when drawing scenes; change them to restyle every picture at once.
public struct SceneStyle: Sendable, Hashable {
    public var background = Color(hex: 0x3A3F44)
    public var table = Color(hex: 0xD9C7A7)
    public var tableEdge = Color(hex: 0x8A6F47)
    public var floor = Color(hex: 0x6B6B6B)
    public var arm = Color(hex: 0x2F5D8A)
    public var joint = Color(hex: 0xF2F2F2)
    public var gripper = Color(hex: 0x1B3A57)
    public var wall = Color(hex: 0x505A64)
    public var arenaFloor = Color(hex: 0xF4F1EA)
    public var landmark = Color(hex: 0x222222)
    public var heavyBox = Color(hex: 0x6D4C41)
    public var endEffector = Color(hex: 0xE53935)
    public var outline = Color(hex: 0x202020)

    public init() {}

    /// Colour of object or agent `index` (the categorical palette, starting at orange so
    /// objects stand out from the blue arm).
    public func item(_ index: Int) -> Color { Color.categorical(index + 1) }
}
