import CCairo
import EmpowerBase
#if canImport(Glibc)
import Glibc
#endif

/// Writes a ``Frame`` as a PNG file through cairo, atomically (temporary file + rename).
///
/// ```swift
/// try PNGWriter.write(scene.render(), to: "/tmp/step.png")
/// ```
/// Cost: about 4 ms for a 400x280 frame (zlib compression dominates).
public enum PNGWriter {
    /// - Throws: ``RenderError`` `.unwritablePath` when the directory is missing or read-only.
    public static func write(_ frame: Frame, to path: String) throws(RenderError) {
        try PictureFile.checkDirectory(of: path)
        let image = surface(from: frame)
        defer { cairo_surface_destroy(image) }
        try PictureFile.write(to: path) { (temporary) throws(RenderError) in
            errno = 0
            let status = cairo_surface_write_to_png(image, temporary)
            guard status == CAIRO_STATUS_SUCCESS else {
                throw RenderError.unwritable(path, String(cString: cairo_status_to_string(status)), systemError: status == CAIRO_STATUS_WRITE_ERROR ? errno : 0)
            }
        }
    }

    /// The frame encoded as PNG, in memory (for a picture sent elsewhere than a file, such as a
    /// TensorBoard image).
    public static func encode(_ frame: Frame) -> [UInt8] {
        let image = surface(from: frame)
        defer { cairo_surface_destroy(image) }
        final class Sink { var bytes: [UInt8] = [] }
        let sink = Sink()
        let status = withExtendedLifetime(sink) {
            cairo_surface_write_to_png_stream(image, { closure, data, length in
                guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
                Unmanaged<Sink>.fromOpaque(closure).takeUnretainedValue().bytes += UnsafeBufferPointer(start: data, count: Int(length))
                return CAIRO_STATUS_SUCCESS
            }, Unmanaged.passUnretained(sink).toOpaque())
        }
        // Writing into memory fails only when memory runs out, where nothing else works either.
        precondition(status == CAIRO_STATUS_SUCCESS, "cairo could not encode a \(frame.width)x\(frame.height) PNG in memory")
        return sink.bytes
    }

    /// A cairo RGB24 surface holding the frame's pixels.
    static func surface(from frame: Frame) -> OpaquePointer {
        guard let image = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(frame.width), Int32(frame.height)) else {
            preconditionFailure("cairo_image_surface_create returned NULL for \(frame.width)x\(frame.height)")
        }
        cairo_surface_flush(image)
        let stride = Int(cairo_image_surface_get_stride(image))
        if let data = cairo_image_surface_get_data(image) {
            let raw = UnsafeMutableRawPointer(data)
            frame.pixels.withUnsafeBufferPointer { pixels in
                for y in 0..<frame.height {
                    for x in 0..<frame.width {
                        let i = (y * frame.width + x) * 3
                        let value = 0xFF00_0000 | UInt32(pixels[i]) << 16 | UInt32(pixels[i + 1]) << 8 | UInt32(pixels[i + 2])
                        raw.storeBytes(of: value, toByteOffset: y * stride + x * 4, as: UInt32.self)
                    }
                }
            }
        }
        cairo_surface_mark_dirty(image)
        return image
    }
}
