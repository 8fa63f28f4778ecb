/// What every scene builder shares: the world it built and the fixed control step.
///
/// Environments call ``step()`` once per action; benchmarks use ``world`` and ``stepSettings``
/// to time raw Box2D steps of exactly the world the environment simulates.
public protocol PhysicsScene: AnyObject {
    /// The world the scene owns.
    var world: World { get }
    /// One control step: `substeps` Box2D steps of `timeStep`.
    var stepSettings: StepSettings { get }
}

extension PhysicsScene {
    /// Advances the scene by one control step (``stepSettings``).
    public func step() { world.step(stepSettings) }
}

/// Collision categories shared by the scenes (fixtures' ``CollisionFilter``).
public enum SceneCategory {
    public static let environment: UInt16 = 0x0001
    public static let arm: UInt16 = 0x0002
    public static let object: UInt16 = 0x0004
    public static let agent: UInt16 = 0x0008
    public static let sensor: UInt16 = 0x0010
}

/// A rectangle in world coordinates (a table top, a workspace, a wall).
public struct Rectangle: Sendable, Hashable, Codable {
    public var center: SIMD2<Float>
    public var halfSize: SIMD2<Float>

    public init(center: SIMD2<Float>, halfSize: SIMD2<Float>) {
        self.center = center
        self.halfSize = halfSize
    }

    public var minimum: SIMD2<Float> { center - halfSize }
    public var maximum: SIMD2<Float> { center + halfSize }

    /// Whether `point` lies inside (borders included).
    public func contains(_ point: SIMD2<Float>) -> Bool {
        let d = point - center
        return abs(d.x) <= halfSize.x && abs(d.y) <= halfSize.y
    }
}
