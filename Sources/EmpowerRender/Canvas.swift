import CCairo
import EmpowerBase

#if canImport(Glibc)
import Glibc
#endif

/// A drawing surface in world coordinates, backed by cairo.
///
/// Pick a world rectangle with ``setView(minimum:maximum:)``: it is fitted into the pixel area
/// (aspect ratio kept, centred, y pointing up). Positions and radii are then in world units;
/// line widths and font sizes are in pixels so strokes look the same at any zoom.
///
/// Two backends share the same drawing calls:
/// - ``Backend/raster``: draws straight into an ARGB32 image; ``frame()`` converts it to a
///   ``Frame`` (a 400x280 frame takes about 15 us to draw).
/// - ``Backend/vector``: records the drawing; ``frame()`` replays it into pixels and
///   ``writeSVG(to:)`` replays it into an SVG file, so one plot gives both PNG and SVG.
///
/// ```swift
/// let canvas = try Canvas(width: 400, height: 300)
/// try canvas.setView(minimum: [-1, -1], maximum: [1, 1])
/// canvas.fillCircle(center: [0, 0], radius: 0.2, color: .red)
/// canvas.strokePolyline([[-1, -1], [1, 1]], color: .black, lineWidth: 2)
/// let frame = canvas.frame()
/// try PNGWriter.write(frame, to: "/tmp/plot.png")
/// ```
public final class Canvas {
    public enum Backend: Sendable { case raster, vector }

    public let width: Int
    public let height: Int
    public let backend: Backend
    let surface: OpaquePointer
    let context: OpaquePointer
    private(set) var scale: Double = 1
    private(set) var offset: (x: Double, y: Double) = (0, 0)
    private(set) var viewTop: Double = 0
    private(set) var viewLeft: Double = 0

    /// Creates a canvas filled with `background`; the view starts as pixel coordinates with
    /// y up (world (0, 0) at the bottom-left corner, 1 unit = 1 pixel).
    /// - Throws: ``RenderError`` `.invalidSize` unless both sizes are in 1...16384.
    public init(width: Int, height: Int, background: Color = .white, backend: Backend = .raster) throws(RenderError) {
        guard (1...16384).contains(width), (1...16384).contains(height) else {
            throw RenderError(.invalidSize, "canvas size must be 1...16384 pixels per side", context: ["width": "\(width)", "height": "\(height)"])
        }
        let surface: OpaquePointer?
        switch backend {
        case .raster:
            surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height))
        case .vector:
            var extents = cairo_rectangle_t(x: 0, y: 0, width: Double(width), height: Double(height))
            surface = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &extents)
        }
        guard let surface, cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, let context = cairo_create(surface) else {
            throw RenderError(.invalidSize, "cairo could not create a \(width)x\(height) surface (out of memory?)")
        }
        self.surface = surface
        self.context = context
        self.width = width
        self.height = height
        self.backend = backend
        viewTop = Double(height)
        cairo_set_line_join(context, CAIRO_LINE_JOIN_ROUND)
        cairo_set_line_cap(context, CAIRO_LINE_CAP_ROUND)
        clear(background)
    }

    deinit {
        cairo_destroy(context)
        cairo_surface_destroy(surface)
    }

    /// Maps the world rectangle `minimum...maximum` onto the canvas, keeping the aspect ratio:
    /// the rectangle is scaled to fit and centred, and y points up.
    /// - Throws: ``RenderError`` `.invalidView` for an empty or non-finite rectangle.
    public func setView(minimum: SIMD2<Float>, maximum: SIMD2<Float>) throws(RenderError) {
        let size = maximum - minimum
        guard size.x.isFinite, size.y.isFinite, size.x > 0, size.y > 0 else {
            throw RenderError(.invalidView, "the view needs maximum > minimum on both axes", context: ["minimum": "\(minimum)", "maximum": "\(maximum)"])
        }
        scale = min(Double(width) / Double(size.x), Double(height) / Double(size.y))
        offset = ((Double(width) - scale * Double(size.x)) / 2, (Double(height) - scale * Double(size.y)) / 2)
        viewLeft = Double(minimum.x)
        viewTop = Double(maximum.y)
    }

    /// The pixel position (x right, y down, fractional) of a world point.
    public func pixel(_ point: SIMD2<Float>) -> (x: Double, y: Double) {
        (offset.x + scale * (Double(point.x) - viewLeft), offset.y + scale * (viewTop - Double(point.y)))
    }

    /// Pixels per world unit.
    public var pixelsPerUnit: Double { scale }

    // MARK: Drawing

    /// Paints the whole canvas with one colour.
    public func clear(_ color: Color) {
        setColor(color)
        cairo_set_operator(context, CAIRO_OPERATOR_SOURCE)
        cairo_paint(context)
        cairo_set_operator(context, CAIRO_OPERATOR_OVER)
    }

    public func fillCircle(center: SIMD2<Float>, radius: Float, color: Color) {
        circlePath(center, radius)
        setColor(color)
        cairo_fill(context)
    }

    public func strokeCircle(center: SIMD2<Float>, radius: Float, color: Color, lineWidth: Double = 1) {
        circlePath(center, radius)
        stroke(color, lineWidth)
    }

    /// Fills a closed polygon (convex or not) through `points`.
    public func fillPolygon(_ points: [SIMD2<Float>], color: Color) {
        guard polylinePath(points, closed: true) else { return }
        setColor(color)
        cairo_fill(context)
    }

    public func strokePolygon(_ points: [SIMD2<Float>], color: Color, lineWidth: Double = 1) {
        guard polylinePath(points, closed: true) else { return }
        stroke(color, lineWidth)
    }

    public func strokeLine(from a: SIMD2<Float>, to b: SIMD2<Float>, color: Color, lineWidth: Double = 1) {
        _ = polylinePath([a, b], closed: false)
        stroke(color, lineWidth)
    }

    /// Strokes connected segments through `points` (a trajectory).
    public func strokePolyline(_ points: [SIMD2<Float>], color: Color, lineWidth: Double = 1) {
        guard polylinePath(points, closed: false) else { return }
        stroke(color, lineWidth)
    }

    /// The four corners of a rectangle of `halfSize` centred at `center`, rotated by `angle`.
    public static func rectangleCorners(center: SIMD2<Float>, halfSize: SIMD2<Float>, angle: Float = 0) -> [SIMD2<Float>] {
        let c = cos(angle), s = sin(angle)
        return [[-1, -1], [1, -1], [1, 1], [-1, 1]].map { (corner: SIMD2<Float>) in
            let local = corner * halfSize
            return center + SIMD2(c * local.x - s * local.y, s * local.x + c * local.y)
        }
    }

    public func fillRectangle(center: SIMD2<Float>, halfSize: SIMD2<Float>, angle: Float = 0, color: Color) {
        fillPolygon(Self.rectangleCorners(center: center, halfSize: halfSize, angle: angle), color: color)
    }

    public func strokeRectangle(center: SIMD2<Float>, halfSize: SIMD2<Float>, angle: Float = 0, color: Color, lineWidth: Double = 1) {
        strokePolygon(Self.rectangleCorners(center: center, halfSize: halfSize, angle: angle), color: color, lineWidth: lineWidth)
    }

    /// Draws `text` with its left end of the baseline at a world point (sans-serif, `size` px).
    public func drawText(_ text: String, at point: SIMD2<Float>, size: Double = 12, color: Color = .black) {
        let p = pixel(point)
        cairo_select_font_face(context, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(context, size)
        setColor(color)
        cairo_move_to(context, p.x, p.y)
        cairo_show_text(context, text)
        cairo_new_path(context)
    }

    // MARK: Output

    /// The canvas as an RGB frame (alpha composited onto the canvas's own background).
    public func frame() -> Frame {
        switch backend {
        case .raster:
            return Self.frame(fromImage: surface, width: width, height: height)
        case .vector:
            let image = Self.imageSurface(width: width, height: height)
            defer { cairo_surface_destroy(image) }
            if let cr = cairo_create(image) {
                cairo_set_source_surface(cr, surface, 0, 0)
                cairo_paint(cr)
                cairo_destroy(cr)
            }
            return Self.frame(fromImage: image, width: width, height: height)
        }
    }

    /// Writes the drawing as an SVG file (vector canvases only), atomically.
    /// - Throws: ``RenderError`` `.wrongBackend` for a raster canvas, `.unwritablePath` when
    ///   the file cannot be written.
    public func writeSVG(to path: String) throws(RenderError) {
        guard backend == .vector else {
            throw RenderError(.wrongBackend, "only a Canvas(backend: .vector) can be written as SVG; write a raster canvas with PNGWriter")
        }
        try PictureFile.write(to: path) { (temporary) throws(RenderError) in
            guard let svg = cairo_svg_surface_create(temporary, Double(width), Double(height)) else {
                throw RenderError.unwritable(path, "cairo could not create an SVG surface")
            }
            defer { cairo_surface_destroy(svg) }
            if let cr = cairo_create(svg) {
                cairo_set_source_surface(cr, surface, 0, 0)
                cairo_paint(cr)
                cairo_destroy(cr)
            }
            cairo_surface_finish(svg)
            let status = cairo_surface_status(svg)
            guard status == CAIRO_STATUS_SUCCESS else {
                throw RenderError.unwritable(path, String(cString: cairo_status_to_string(status)))
            }
        }
    }

    // MARK: Helpers

    private func setColor(_ c: Color) {
        cairo_set_source_rgba(context, Double(c.red), Double(c.green), Double(c.blue), Double(c.alpha))
    }

    private func stroke(_ color: Color, _ lineWidth: Double) {
        setColor(color)
        cairo_set_line_width(context, lineWidth)
        cairo_stroke(context)
    }

    private func circlePath(_ center: SIMD2<Float>, _ radius: Float) {
        let p = pixel(center)
        cairo_new_path(context)
        cairo_arc(context, p.x, p.y, max(0, Double(radius) * scale), 0, 2 * Double.pi)
        cairo_close_path(context)
    }

    private func polylinePath(_ points: [SIMD2<Float>], closed: Bool) -> Bool {
        cairo_new_path(context)
        guard let first = points.first else { return false }
        let p = pixel(first)
        cairo_move_to(context, p.x, p.y)
        for point in points.dropFirst() {
            let q = pixel(point)
            cairo_line_to(context, q.x, q.y)
        }
        if closed { cairo_close_path(context) }
        return true
    }

    /// Converts cairo's premultiplied, native-endian ARGB32 pixels to RGB bytes.
    static func frame(fromImage image: OpaquePointer, width: Int, height: Int) -> Frame {
        cairo_surface_flush(image)
        guard let data = cairo_image_surface_get_data(image) else {
            preconditionFailure("a live cairo image surface of \(width)x\(height) has no pixel data")
        }
        let stride = Int(cairo_image_surface_get_stride(image))
        let hasAlpha = cairo_image_surface_get_format(image) == CAIRO_FORMAT_ARGB32
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        data.withMemoryRebound(to: UInt8.self, capacity: stride * height) { bytes in
            for y in 0..<height {
                let row = UnsafeRawPointer(bytes + y * stride)
                for x in 0..<width {
                    let argb = row.loadUnaligned(fromByteOffset: x * 4, as: UInt32.self)
                    var r = (argb >> 16) & 0xFF, g = (argb >> 8) & 0xFF, b = argb & 0xFF
                    let a = hasAlpha ? (argb >> 24) & 0xFF : 255
                    if a != 255 && a != 0 {
                        r = min(255, (r * 255 + a / 2) / a)
                        g = min(255, (g * 255 + a / 2) / a)
                        b = min(255, (b * 255 + a / 2) / a)
                    }
                    let i = (y * width + x) * 3
                    pixels[i] = UInt8(r)
                    pixels[i + 1] = UInt8(g)
                    pixels[i + 2] = UInt8(b)
                }
            }
        }
        return makeFrame(width: width, height: height, pixels: pixels)
    }

    /// An ARGB32 image surface; sizes were validated by the caller.
    static func imageSurface(width: Int, height: Int) -> OpaquePointer {
        guard let image = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height)) else {
            preconditionFailure("cairo_image_surface_create returned NULL for \(width)x\(height)")
        }
        return image
    }
}
