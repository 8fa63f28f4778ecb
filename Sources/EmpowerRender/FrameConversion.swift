import EmpowerBase

/// Builds a frame from bytes whose count the caller computed as `width * height * 3`.
func makeFrame(width: Int, height: Int, pixels: [UInt8]) -> Frame {
    do {
        return try Frame(width: width, height: height, pixels: pixels)
    } catch {
        preconditionFailure("internal: \(width)x\(height) frame with \(pixels.count) bytes: \(error)")
    }
}
