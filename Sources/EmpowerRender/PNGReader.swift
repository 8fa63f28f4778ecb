import CCairo
import EmpowerBase

/// Reads a PNG file into a ``Frame`` (through cairo), e.g. to compare rendered pictures.
///
/// ```swift
/// let frame = try PNGReader.read("/tmp/step.png")
/// ```
public enum PNGReader {
    /// - Throws: ``RenderError`` `.unreadableFile` when the file is missing or not a PNG.
    public static func read(_ path: String) throws(RenderError) -> Frame {
        guard let image = cairo_image_surface_create_from_png(path) else {
            throw RenderError(.unreadableFile, "cairo could not open \(path)", context: ["path": path])
        }
        defer { cairo_surface_destroy(image) }
        let status = cairo_surface_status(image)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw RenderError(
                .unreadableFile, "cannot read \(path) as PNG (\(String(cString: cairo_status_to_string(status)))); check the path and that it is a PNG file",
                context: ["path": path])
        }
        let width = Int(cairo_image_surface_get_width(image)), height = Int(cairo_image_surface_get_height(image))
        return Canvas.frame(fromImage: image, width: width, height: height)
    }
}
