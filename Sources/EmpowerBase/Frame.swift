/// An RGB image with 8 bits per channel: what `render()` returns and what the picture writers
/// (PNG, GIF) take.
///
/// Pixels are stored row by row from the top-left corner, 3 bytes per pixel (red, green, blue),
/// so the byte of channel `c` of pixel (`x`, `y`) is `pixels[(y * width + x) * 3 + c]`.
///
/// ```swift
/// var frame = try Frame(width: 2, height: 1, pixels: [255, 0, 0, 0, 0, 255])
/// frame[x: 1, y: 0]      // (0, 0, 255)
/// ```
public struct Frame: Sendable, Hashable {
    public let width: Int
    public let height: Int
    public var pixels: [UInt8]

    /// A frame filled with one colour.
    public init(width: Int, height: Int, fill: (UInt8, UInt8, UInt8) = (0, 0, 0)) throws(BaseError) {
        guard width > 0, height > 0 else {
            throw BaseError(
                .invalidFrame, "a frame needs a positive width and height",
                context: ["width": "\(width)", "height": "\(height)"])
        }
        self.width = width
        self.height = height
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for i in stride(from: 0, to: pixels.count, by: 3) {
            pixels[i] = fill.0
            pixels[i + 1] = fill.1
            pixels[i + 2] = fill.2
        }
        self.pixels = pixels
    }

    /// A frame over existing RGB bytes.
    /// - Throws: ``BaseError`` `.invalidFrame` when `pixels.count != width * height * 3`.
    public init(width: Int, height: Int, pixels: [UInt8]) throws(BaseError) {
        guard width > 0, height > 0, pixels.count == width * height * 3 else {
            throw BaseError(
                .invalidFrame,
                "an RGB frame of \(width)x\(height) needs \(max(0, width * height * 3)) bytes, got \(pixels.count)",
                context: ["width": "\(width)", "height": "\(height)", "bytes": "\(pixels.count)"])
        }
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// The colour of one pixel. - Precondition: the coordinates are inside the frame.
    public subscript(x x: Int, y y: Int) -> (UInt8, UInt8, UInt8) {
        precondition(x >= 0 && x < width && y >= 0 && y < height, "pixel (\(x), \(y)) is outside a \(width)x\(height) frame")
        let i = (y * width + x) * 3
        return (pixels[i], pixels[i + 1], pixels[i + 2])
    }
}
