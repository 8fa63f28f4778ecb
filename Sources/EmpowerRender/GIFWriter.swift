import CGIF
import EmpowerBase

#if canImport(Glibc)
import Glibc
#endif

/// Writes an animated GIF (GIF89a, looping forever) frame by frame, through giflib.
///
/// Colours are quantized to a fixed 252-colour cube (6 levels of red, 7 of green, 6 of blue):
/// no per-frame palette search, identical colours across frames, and flat scene colours stay
/// within 26 levels of their true value. The file appears at `path` only when ``finish()``
/// succeeds (written to a temporary file, then renamed); an unfinished writer deletes it.
///
/// ```swift
/// let gif = try GIFWriter(path: "/tmp/rollout.gif", width: 400, height: 300, frameDelay: 0.05)
/// for frame in frames { try gif.append(frame) }
/// try gif.finish()
/// ```
/// Cost: about one pass over the pixels per frame plus giflib's LZW encoding.
public final class GIFWriter {
    public let path: String
    public let width: Int
    public let height: Int
    /// Delay between frames in hundredths of a second (GIF's unit).
    public let delayCentiseconds: Int
    public private(set) var frameCount = 0
    private var file: UnsafeMutablePointer<GifFileType>?
    private let temporary: String
    private var row: [GifPixelType]

    /// Opens the output.
    /// - Parameter frameDelay: seconds between frames, rounded to 1/100 s (at least 0.01).
    /// - Throws: ``RenderError`` `.invalidSize` or `.unwritablePath`.
    public init(path: String, width: Int, height: Int, frameDelay: Double = 0.05) throws(RenderError) {
        guard (1...65535).contains(width), (1...65535).contains(height) else {
            throw RenderError(.invalidSize, "GIF frames must be 1...65535 pixels per side", context: ["width": "\(width)", "height": "\(height)"])
        }
        guard frameDelay.isFinite, frameDelay >= 0 else {
            throw RenderError(.invalidSize, "frameDelay must be a finite number of seconds >= 0", context: ["frameDelay": "\(frameDelay)"])
        }
        try PictureFile.checkDirectory(of: path)
        self.path = path
        self.width = width
        self.height = height
        delayCentiseconds = max(1, min(65535, Int((frameDelay * 100).rounded())))
        temporary = "\(path).tmp-\(getpid())"
        row = [GifPixelType](repeating: 0, count: width)

        var error: Int32 = 0
        guard let file = EGifOpenFileName(temporary, false, &error) else {
            throw RenderError.unwritable(path, String(cString: GifErrorString(error)))
        }
        self.file = file
        EGifSetGifVersion(file, true)
        var colors = Self.paletteColors()
        guard let map = GifMakeMapObject(256, &colors) else {
            abandon()
            throw RenderError.unwritable(path, "giflib could not allocate a colour map")
        }
        defer { GifFreeMapObject(map) }
        errno = 0
        guard EGifPutScreenDesc(file, Int32(width), Int32(height), 8, 0, map) == GIF_OK else {
            let systemError = errno
            abandon()
            throw RenderError.unwritable(path, "giflib could not write the screen descriptor", systemError: systemError)
        }
        // Netscape application extension: loop count 0 = forever.
        var identifier = Array("NETSCAPE2.0".utf8)
        var loop: [UInt8] = [1, 0, 0]
        guard EGifPutExtensionLeader(file, APPLICATION_EXT_FUNC_CODE) == GIF_OK,
            EGifPutExtensionBlock(file, 11, &identifier) == GIF_OK,
            EGifPutExtensionBlock(file, 3, &loop) == GIF_OK,
            EGifPutExtensionTrailer(file) == GIF_OK
        else {
            let systemError = errno
            abandon()
            throw RenderError.unwritable(path, "giflib could not write the loop extension", systemError: systemError)
        }
    }

    deinit { abandon() }

    /// Adds one frame.
    /// - Throws: ``RenderError`` `.frameSizeMismatch` for a frame of another size, `.finished`
    ///   after ``finish()``, `.unwritablePath` when writing fails (disk full).
    public func append(_ frame: Frame) throws(RenderError) {
        guard let file else { throw RenderError(.finished, "this GIFWriter is finished; create a new one for another file") }
        guard frame.width == width, frame.height == height else {
            throw RenderError(
                .frameSizeMismatch, "every GIF frame must be \(width)x\(height); got \(frame.width)x\(frame.height)",
                context: ["frame": "\(frameCount)"])
        }
        // Graphics control: disposal "do not dispose" (1 << 2), delay, no transparency.
        var control: [UInt8] = [1 << 2, UInt8(delayCentiseconds & 0xFF), UInt8(delayCentiseconds >> 8), 0]
        errno = 0
        guard EGifPutExtension(file, GRAPHICS_EXT_FUNC_CODE, 4, &control) == GIF_OK,
            EGifPutImageDesc(file, 0, 0, Int32(width), Int32(height), false, nil) == GIF_OK
        else {
            throw RenderError.unwritable(path, "giflib could not start frame \(frameCount)", systemError: errno)
        }
        for y in 0..<height {
            frame.pixels.withUnsafeBufferPointer { pixels in
                for x in 0..<width {
                    let i = (y * width + x) * 3
                    row[x] = Self.paletteIndex(pixels[i], pixels[i + 1], pixels[i + 2])
                }
            }
            guard EGifPutLine(file, &row, Int32(width)) == GIF_OK else {
                throw RenderError.unwritable(path, "giflib could not write row \(y) of frame \(frameCount)", systemError: errno)
            }
        }
        frameCount += 1
    }

    /// Closes the file and moves it to `path`.
    /// - Throws: ``RenderError`` when no frame was added or the file cannot be completed.
    public func finish() throws(RenderError) {
        guard let file else { throw RenderError(.finished, "finish() was already called") }
        guard frameCount > 0 else {
            throw RenderError(.invalidSize, "a GIF needs at least one frame; append frames before finish()")
        }
        self.file = nil
        var error: Int32 = 0
        errno = 0
        guard EGifCloseFile(file, &error) == GIF_OK else {
            let systemError = errno
            unlink(temporary)
            throw RenderError.unwritable(path, String(cString: GifErrorString(error)), systemError: systemError)
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw RenderError.unwritable(path, reason)
        }
    }

    /// Writes all `frames` to `path` in one call.
    public static func write(_ frames: [Frame], to path: String, frameDelay: Double = 0.05) throws(RenderError) {
        guard let first = frames.first else {
            throw RenderError(.invalidSize, "a GIF needs at least one frame")
        }
        let writer = try GIFWriter(path: path, width: first.width, height: first.height, frameDelay: frameDelay)
        for frame in frames { try writer.append(frame) }
        try writer.finish()
    }

    private func abandon() {
        guard let file else { return }
        self.file = nil
        var error: Int32 = 0
        _ = EGifCloseFile(file, &error)
        unlink(temporary)
    }

    // MARK: Palette

    /// 6 x 7 x 6 levels; index = (r * 7 + g) * 6 + b; entries 252...255 are unused (black).
    static func paletteColors() -> [GifColorType] {
        var colors = [GifColorType](repeating: GifColorType(Red: 0, Green: 0, Blue: 0), count: 256)
        for r in 0..<6 {
            for g in 0..<7 {
                for b in 0..<6 {
                    colors[(r * 7 + g) * 6 + b] = GifColorType(
                        Red: UInt8(r * 255 / 5), Green: UInt8(g * 255 / 6), Blue: UInt8(b * 255 / 5))
                }
            }
        }
        return colors
    }

    @inline(__always)
    static func paletteIndex(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        let ri = (Int(r) * 5 + 127) / 255, gi = (Int(g) * 6 + 127) / 255, bi = (Int(b) * 5 + 127) / 255
        return UInt8((ri * 7 + gi) * 6 + bi)
    }
}
