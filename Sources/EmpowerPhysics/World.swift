import CBox2D

/// A Box2D world: the owner of every body, fixture and joint simulated together.
///
/// `World` is a `final class` because it owns a native resource: the Box2D world is created in
/// `init` and destroyed in `deinit`, once, whoever holds the last reference. Assigning a world
/// shares it (there is no copy); to branch a simulation, use ``snapshot()`` and ``restore(_:)``.
/// Bodies and joints are handed out as small value handles (``Body``, ``RevoluteJoint``, ...)
/// and every operation goes through the world, so a handle can never outlive its storage.
///
/// ```swift
/// let world = try World(gravity: [0, -10])
/// let ball = try world.createBody(.dynamic(at: [0, 1]), fixtures: [.init(.circle(radius: 0.1))])
/// for _ in 0..<60 { world.step() }
/// print(world.state(of: ball).position.y)   // about 1 - 0.5 * 10 * 1^2 = -4
/// ```
///
/// A world is not thread-safe: use it from one thread at a time. Separate worlds on separate
/// threads are independent (one per vectorized environment).
///
/// Determinism: the same construction sequence and the same calls give bit-identical results
/// (Box2D does no multithreading and no randomness).
public final class World {
    let handle: OpaquePointer
    /// Reused buffer for batch state reads (grows once, then never allocates).
    var scratchStates: [CB2BodyState] = []
    var scratchContacts: [CB2ContactPair] = []

    /// Creates an empty world.
    /// - Parameters:
    ///   - gravity: m/s^2; `[0, -10]` for side views, zero for top-down scenes.
    ///   - allowsSleeping: whether resting bodies may be put to sleep. Off by default: RL scenes
    ///     want every body simulated every step, and sleeping would make restores depend on
    ///     hidden sleep timers.
    public init(gravity: SIMD2<Float> = .zero, allowsSleeping: Bool = false) throws(PhysicsError) {
        try PhysicsError.requireFinite(gravity, "gravity")
        guard let handle = cb2_world_create(gravity.x, gravity.y, allowsSleeping) else {
            throw PhysicsError(.invalidScene, "could not allocate a Box2D world")
        }
        self.handle = handle
    }

    deinit { cb2_world_destroy(handle) }

    /// How many native worlds are alive in this process (created and not yet destroyed); tests
    /// use it to show worlds are freed.
    public static var liveWorldCount: Int { Int(cb2_live_world_count()) }

    /// Number of bodies created so far (ids are `0..<bodyCount`).
    public var bodyCount: Int { Int(cb2_world_body_count(handle)) }
    /// Number of joints created so far.
    public var jointCount: Int { Int(cb2_world_joint_count(handle)) }

    /// Advances the simulation by `settings.substeps` steps of `settings.timeStep`.
    /// Contact records (``beginContacts``, ``maxContactImpulse``) then describe this call.
    public func step(_ settings: StepSettings = .standard) {
        cb2_world_step(
            handle, settings.timeStep, Int32(settings.velocityIterations), Int32(settings.positionIterations),
            Int32(settings.substeps))
    }

    /// Changes gravity (m/s^2).
    public func setGravity(_ gravity: SIMD2<Float>) throws(PhysicsError) {
        try PhysicsError.requireFinite(gravity, "gravity")
        cb2_world_set_gravity(handle, gravity.x, gravity.y)
    }

    /// Stops with a message when `body` is not from this world (a programmer error).
    @inline(__always)
    func check(_ body: Body) {
        precondition(body.id >= 0 && Int(body.id) < bodyCount, "body \(body.id) does not belong to this world (it has \(bodyCount) bodies)")
    }

    @inline(__always)
    func checkJoint(_ id: Int32, _ kind: Int32) {
        precondition(cb2_joint_kind(handle, id) == kind, "joint \(id) does not belong to this world or is of another kind")
    }
}
