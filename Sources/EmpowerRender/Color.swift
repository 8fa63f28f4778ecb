/// An RGBA colour with components in 0...1.
///
/// ```swift
/// let red = Color(red: 1, green: 0, blue: 0)
/// let skill = Color.categorical(7)          // the 8th of 20 distinct colours
/// let faded = skill.withAlpha(0.4)
/// ```
public struct Color: Sendable, Hashable, Codable {
    public var red: Float
    public var green: Float
    public var blue: Float
    public var alpha: Float

    public init(red: Float, green: Float, blue: Float, alpha: Float = 1) {
        self.red = red
        self.green = green
        self.blue = blue
        self.alpha = alpha
    }

    /// A colour from a 0xRRGGBB literal.
    public init(hex: UInt32, alpha: Float = 1) {
        self.init(
            red: Float((hex >> 16) & 0xFF) / 255, green: Float((hex >> 8) & 0xFF) / 255, blue: Float(hex & 0xFF) / 255,
            alpha: alpha)
    }

    public func withAlpha(_ alpha: Float) -> Color { Color(red: red, green: green, blue: blue, alpha: alpha) }

    /// The colour as 8-bit RGB (alpha ignored).
    public var rgb8: (UInt8, UInt8, UInt8) {
        func byte(_ v: Float) -> UInt8 { UInt8(max(0, min(255, (v * 255).rounded()))) }
        return (byte(red), byte(green), byte(blue))
    }

    public static let white = Color(hex: 0xFFFFFF)
    public static let black = Color(hex: 0x000000)
    public static let red = Color(hex: 0xFF0000)
    public static let green = Color(hex: 0x00C000)
    public static let blue = Color(hex: 0x0000FF)
    public static let gray = Color(hex: 0x808080)
    public static let lightGray = Color(hex: 0xD8D8D8)
    public static let darkGray = Color(hex: 0x404040)

    /// Twenty colours that stay distinguishable side by side (ten strong hues, then ten light
    /// ones), for skills, agents and objects. Index with ``categorical(_:)``.
    public static let palette: [Color] = [
        0x1F77B4, 0xFF7F0E, 0x2CA02C, 0xD62728, 0x9467BD, 0x8C564B, 0xE377C2, 0x7F7F7F, 0xBCBD22, 0x17BECF,
        0xAEC7E8, 0xFFBB78, 0x98DF8A, 0xFF9896, 0xC5B0D5, 0xC49C94, 0xF7B6D2, 0xC7C7C7, 0xDBDB8D, 0x9EDAE5,
    ].map { Color(hex: $0) }

    /// The palette colour for `index`, wrapping around after 20.
    public static func categorical(_ index: Int) -> Color {
        let n = palette.count
        return palette[((index % n) + n) % n]
    }
}
