#if canImport(Glibc)
import Glibc
#endif

/// A walled square seen from above with N disc agents, landmarks and, optionally, a heavy box:
/// the world of `ParticleSpread-v0` and `CooperativePush-v0`.
///
/// Layout (metres, zero gravity): the arena is `[-h, h]^2` (h = ``Configuration/halfSize``,
/// default 1) closed by a static chain loop. Agents are discs of radius 0.05 with linear
/// damping (they coast to rest when not driven), driven by forces of at most
/// ``Configuration/maxAgentForce`` (longer force vectors are scaled down). Landmarks are
/// positions; with `landmarksAreSensors` each also gets a sensor disc, so arrivals show up as
/// begin-contact events.
///
/// The heavy box (``Configuration/heavyBox``) is held to the floor by a friction joint whose
/// maximum force is `1.5 * maxAgentForce`: one agent pushing with full force cannot move it,
/// two agents pushing together can.
///
/// ```swift
/// let scene = try ArenaScene(configuration: .init(agentCount: 3, heavyBox: true))
/// try scene.applyAgentForces([[1, 0], [1, 0], [0, 0]])
/// scene.step()
/// ```
public final class ArenaScene: PhysicsScene {
    public struct Configuration: Sendable, Hashable, Codable {
        public var agentCount: Int
        public var agentRadius: Float
        /// kg/m^2 (default 0.05 m discs weigh about 0.08 kg).
        public var agentDensity: Float
        public var agentDamping: Float
        /// Newtons; larger requested forces are scaled down to this length.
        public var maxAgentForce: Float
        public var halfSize: Float
        /// Landmark positions (may be empty).
        public var landmarks: [SIMD2<Float>]
        public var landmarksAreSensors: Bool
        public var landmarkRadius: Float
        /// Adds a heavy box that needs two agents to move.
        public var heavyBox: Bool
        public var heavyBoxHalfSize: Float
        public var heavyBoxPosition: SIMD2<Float>
        public var stepSettings: StepSettings

        public init(
            agentCount: Int = 3, agentRadius: Float = 0.05, agentDensity: Float = 10, agentDamping: Float = 4,
            maxAgentForce: Float = 1, halfSize: Float = 1, landmarks: [SIMD2<Float>] = [[-0.5, 0.5], [0.5, 0.5], [0, -0.5]],
            landmarksAreSensors: Bool = false, landmarkRadius: Float = 0.05, heavyBox: Bool = false,
            heavyBoxHalfSize: Float = 0.12, heavyBoxPosition: SIMD2<Float> = [0, 0.3], stepSettings: StepSettings? = nil
        ) {
            self.agentCount = agentCount
            self.agentRadius = agentRadius
            self.agentDensity = agentDensity
            self.agentDamping = agentDamping
            self.maxAgentForce = maxAgentForce
            self.halfSize = halfSize
            self.landmarks = landmarks
            self.landmarksAreSensors = landmarksAreSensors
            self.landmarkRadius = landmarkRadius
            self.heavyBox = heavyBox
            self.heavyBoxHalfSize = heavyBoxHalfSize
            self.heavyBoxPosition = heavyBoxPosition
            self.stepSettings = stepSettings ?? StepSettings(unchecked: 1.0 / 60, 8, 3, 2)
        }
    }

    public let configuration: Configuration
    public let world: World
    public var stepSettings: StepSettings { configuration.stepSettings }
    /// The static walls (and anchor of the heavy box's friction joint).
    public let walls: Body
    public let agents: [Body]
    /// Landmark sensor bodies when `landmarksAreSensors`, else empty.
    public let landmarkSensors: [Body]
    public let heavyBox: Body?
    public let arena: Rectangle

    /// Builds the arena with agents at `agentPositions` (default: evenly spaced on a circle
    /// of radius `0.5 * halfSize`). - Throws: ``PhysicsError`` `.invalidScene` for no agents,
    /// a position outside the arena or a non-positive size.
    public init(configuration: Configuration = Configuration(), agentPositions: [SIMD2<Float>]? = nil) throws(PhysicsError) {
        let c = configuration
        guard c.agentCount >= 1, c.agentRadius > 0, c.halfSize > 4 * c.agentRadius, c.maxAgentForce >= 0, c.maxAgentForce.isFinite else {
            throw PhysicsError(
                .invalidScene, "need at least one agent, a positive radius, an arena larger than the agents and maxAgentForce >= 0",
                context: ["agentCount": "\(c.agentCount)", "agentRadius": "\(c.agentRadius)", "halfSize": "\(c.halfSize)"])
        }
        let arena = Rectangle(center: .zero, halfSize: [c.halfSize, c.halfSize])
        var positions = agentPositions ?? []
        if agentPositions == nil {
            for i in 0..<c.agentCount {
                let a = 2 * Float.pi * Float(i) / Float(c.agentCount) - .pi / 2
                positions.append(0.5 * c.halfSize * SIMD2(Self.cosine(a), Self.sine(a)))
            }
        }
        guard positions.count == c.agentCount else {
            throw PhysicsError(.invalidScene, "need one position per agent", context: ["agents": "\(c.agentCount)", "positions": "\(positions.count)"])
        }
        for p in positions + c.landmarks where !arena.contains(p) {
            throw PhysicsError(.invalidScene, "a position is outside the arena", context: ["position": "(\(p.x), \(p.y))", "halfSize": "\(c.halfSize)"])
        }
        self.configuration = c
        self.arena = arena
        world = try World()
        let h = c.halfSize
        walls = try world.createBody(.static(), fixtures: [
            FixtureDefinition(.chain([[-h, -h], [-h, h], [h, h], [h, -h]], isLoop: true), friction: 0.3)
        ])
        var agents: [Body] = []
        for p in positions {
            var def = BodyDefinition.dynamic(at: p)
            def.linearDamping = c.agentDamping
            def.hasFixedRotation = true
            agents.append(try world.createBody(def, fixtures: [
                FixtureDefinition(.circle(radius: c.agentRadius), density: c.agentDensity, friction: 0.3,
                                  filter: CollisionFilter(category: SceneCategory.agent))
            ]))
        }
        self.agents = agents
        var sensors: [Body] = []
        if c.landmarksAreSensors {
            for p in c.landmarks {
                sensors.append(try world.createBody(.static(at: p), fixtures: [
                    FixtureDefinition(.circle(radius: c.landmarkRadius), filter: CollisionFilter(category: SceneCategory.sensor, mask: SceneCategory.agent), isSensor: true)
                ]))
            }
        }
        landmarkSensors = sensors
        if c.heavyBox {
            let box = try world.createBody(.dynamic(at: c.heavyBoxPosition), fixtures: [
                FixtureDefinition(.box(halfWidth: c.heavyBoxHalfSize, halfHeight: c.heavyBoxHalfSize), density: 20, friction: 0.3,
                                  filter: CollisionFilter(category: SceneCategory.object, mask: ~SceneCategory.sensor))
            ])
            _ = try world.createJoint(FrictionJoint.Definition(
                bodyA: walls, bodyB: box, anchor: c.heavyBoxPosition, maxForce: 1.5 * c.maxAgentForce,
                maxTorque: 1.5 * c.maxAgentForce * c.heavyBoxHalfSize))
            heavyBox = box
        } else {
            heavyBox = nil
        }
    }

    /// Applies one force per agent for the next step, each scaled down to at most
    /// ``Configuration/maxAgentForce`` newtons.
    /// - Throws: ``PhysicsError`` for a wrong count or a non-finite force.
    public func applyAgentForces(_ forces: [SIMD2<Float>]) throws(PhysicsError) {
        guard forces.count == agents.count else {
            throw PhysicsError(.invalidScene, "need one force per agent", context: ["agents": "\(agents.count)", "forces": "\(forces.count)"])
        }
        for (agent, force) in zip(agents, forces) {
            try PhysicsError.requireFinite(force, "agent force")
            let length = (force * force).sum().squareRoot()
            let limit = configuration.maxAgentForce
            try world.applyForce(length > limit ? force * (limit / length) : force, to: agent)
        }
    }

    /// Agent positions, in agent order.
    public func agentPositions() -> [SIMD2<Float>] { agents.map { world.state(of: $0).position } }

    private static func cosine(_ x: Float) -> Float { cos(x) }
    private static func sine(_ x: Float) -> Float { sin(x) }
}
