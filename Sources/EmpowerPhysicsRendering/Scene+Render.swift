import EmpowerBase
import EmpowerPhysics
import EmpowerRender

/// One-call rendering of a scene into a ``Frame`` (what an environment's `render()` returns).
///
/// ```swift
/// let frame = try renderFrame(of: scene, width: 400, height: 320)
/// ```
public func renderFrame(of scene: TabletopScene, width: Int = 400, height: Int = 320, style: SceneStyle = SceneStyle()) throws(RenderError) -> Frame {
    let canvas = try Canvas(width: width, height: height)
    canvas.draw(scene, style: style)
    return canvas.frame()
}

public func renderFrame(of scene: LiftScene, width: Int = 400, height: Int = 320, style: SceneStyle = SceneStyle()) throws(RenderError) -> Frame {
    let canvas = try Canvas(width: width, height: height)
    canvas.draw(scene, style: style)
    return canvas.frame()
}

public func renderFrame(of scene: ArenaScene, width: Int = 400, height: Int = 400, style: SceneStyle = SceneStyle()) throws(RenderError) -> Frame {
    let canvas = try Canvas(width: width, height: height)
    canvas.draw(scene, style: style)
    return canvas.frame()
}

public func renderFrame(of scene: MazeScene, width: Int = 400, height: Int = 400, style: SceneStyle = SceneStyle()) throws(RenderError) -> Frame {
    let canvas = try Canvas(width: width, height: height)
    canvas.draw(scene, style: style)
    return canvas.frame()
}
