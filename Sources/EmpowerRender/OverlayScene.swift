/// Something whose current picture can be drawn onto a canvas the caller then draws more on
/// (a goal region, a path, planned positions) in the same world coordinates, before taking the
/// frame. Environments that can show such overlays conform; a caller asks with `as? any
/// OverlayScene` and falls back to the environment's own `render()` otherwise.
///
/// ```swift
/// if let scene = environment as? any OverlayScene {
///     let canvas = try scene.sceneCanvas(width: 480, height: 384)
///     canvas.strokeCircle(center: goal, radius: 0.05, color: .white, lineWidth: 2)
///     canvas.drawText("skill 3", at: scene.captionPosition, size: 13, color: .white)
///     frames.append(canvas.frame())
/// }
/// ```
public protocol OverlayScene {
    /// A new canvas of `width` x `height` pixels with the current scene drawn and the view set
    /// to the scene's world coordinates.
    func sceneCanvas(width: Int, height: Int) throws -> Canvas
    /// Where a one-line caption fits without covering the scene, in world coordinates.
    var captionPosition: SIMD2<Float> { get }
}
