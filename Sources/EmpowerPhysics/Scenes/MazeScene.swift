/// A point (a small disc) among static walls in a square arena: the world of `PointMaze-v0`.
///
/// The arena is `[-1, 1]^2` closed by a clockwise chain loop; interior walls are rectangles
/// (``Configuration/walls``, default a U-shaped maze with the opening at the top). The point
/// has no friction with the floor: environments set its velocity each step
/// (``setPointVelocity(_:)``), and walls stop it.
///
/// ```swift
/// let maze = try MazeScene()
/// try maze.setPointVelocity([0.5, 0])
/// maze.step()
/// maze.pointPosition
/// ```
public final class MazeScene: PhysicsScene {
    public struct Configuration: Sendable, Hashable, Codable {
        public var walls: [Rectangle]
        public var pointRadius: Float
        public var start: SIMD2<Float>
        public var halfSize: Float
        public var stepSettings: StepSettings

        /// A U around the centre, open toward +y: the point starts inside and must leave
        /// through the top to reach the lower corners.
        public static let defaultWalls: [Rectangle] = [
            Rectangle(center: [0, -0.5], halfSize: [0.55, 0.05]),
            Rectangle(center: [-0.5, 0], halfSize: [0.05, 0.5]),
            Rectangle(center: [0.5, 0], halfSize: [0.05, 0.5]),
        ]

        public init(
            walls: [Rectangle] = Configuration.defaultWalls, pointRadius: Float = 0.03, start: SIMD2<Float> = [0, -0.3],
            halfSize: Float = 1, stepSettings: StepSettings? = nil
        ) {
            self.walls = walls
            self.pointRadius = pointRadius
            self.start = start
            self.halfSize = halfSize
            self.stepSettings = stepSettings ?? StepSettings(unchecked: 1.0 / 60, 8, 3, 1)
        }
    }

    public let configuration: Configuration
    public let world: World
    public var stepSettings: StepSettings { configuration.stepSettings }
    /// All walls (the boundary loop and the interior rectangles) on one static body.
    public let walls: Body
    public let point: Body
    public let arena: Rectangle

    /// - Throws: ``PhysicsError`` for a start inside a wall or outside the arena, or a bad wall.
    public init(configuration: Configuration = Configuration()) throws(PhysicsError) {
        let c = configuration
        let arena = Rectangle(center: .zero, halfSize: [c.halfSize, c.halfSize])
        guard c.pointRadius > 0, arena.contains(c.start) else {
            throw PhysicsError(.invalidScene, "the point needs a positive radius and a start inside the arena", context: ["start": "(\(c.start.x), \(c.start.y))"])
        }
        for wall in c.walls where Rectangle(center: wall.center, halfSize: wall.halfSize + c.pointRadius).contains(c.start) {
            throw PhysicsError(.invalidScene, "the start position overlaps a wall; move it or the wall", context: ["wall": "\(wall.center)"])
        }
        self.configuration = c
        self.arena = arena
        world = try World()
        let h = c.halfSize
        var fixtures = [FixtureDefinition(.chain([[-h, -h], [-h, h], [h, h], [h, -h]], isLoop: true), friction: 0)]
        for wall in c.walls {
            fixtures.append(FixtureDefinition(.box(halfWidth: wall.halfSize.x, halfHeight: wall.halfSize.y, center: wall.center), friction: 0))
        }
        walls = try world.createBody(.static(), fixtures: fixtures)
        var def = BodyDefinition.dynamic(at: c.start)
        def.hasFixedRotation = true
        def.isBullet = true
        point = try world.createBody(def, fixtures: [FixtureDefinition(.circle(radius: c.pointRadius), friction: 0)])
    }

    /// Sets the point's velocity (m/s) for the next step.
    public func setPointVelocity(_ velocity: SIMD2<Float>) throws(PhysicsError) { try world.setVelocity(velocity, of: point) }

    public var pointPosition: SIMD2<Float> { world.state(of: point).position }
}
