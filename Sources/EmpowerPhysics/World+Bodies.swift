import CBox2D

extension World {
    /// Creates a body with its fixtures.
    ///
    /// - Throws: ``PhysicsError`` for a non-finite pose, negative damping, or an invalid fixture
    ///   (degenerate shape, negative density, ...). Nothing is created when it throws.
    @discardableResult
    public func createBody(_ definition: BodyDefinition, fixtures: [FixtureDefinition] = []) throws(PhysicsError) -> Body {
        try definition.validate()
        for fixture in fixtures { try fixture.validate() }
        var def = CB2BodyDef()
        switch definition.kind {
        case .static: def.type = Int32(CB2_BODY_STATIC.rawValue)
        case .kinematic: def.type = Int32(CB2_BODY_KINEMATIC.rawValue)
        case .dynamic: def.type = Int32(CB2_BODY_DYNAMIC.rawValue)
        }
        def.x = definition.position.x
        def.y = definition.position.y
        def.angle = definition.angle
        def.vx = definition.linearVelocity.x
        def.vy = definition.linearVelocity.y
        def.angularVelocity = definition.angularVelocity
        def.linearDamping = definition.linearDamping
        def.angularDamping = definition.angularDamping
        def.gravityScale = definition.gravityScale
        def.bullet = definition.isBullet
        def.fixedRotation = definition.hasFixedRotation
        let body = Body(id: cb2_body_create(handle, &def))
        for fixture in fixtures { addValidated(fixture, to: body) }
        return body
    }

    /// Adds a fixture to an existing body.
    public func addFixture(_ fixture: FixtureDefinition, to body: Body) throws(PhysicsError) {
        check(body)
        try fixture.validate()
        addValidated(fixture, to: body)
    }

    private func addValidated(_ fixture: FixtureDefinition, to body: Body) {
        var def = CB2FixtureDef(
            density: fixture.density, friction: fixture.friction, restitution: fixture.restitution,
            categoryBits: fixture.filter.category, maskBits: fixture.filter.mask, groupIndex: fixture.filter.group,
            sensor: fixture.isSensor)
        let status: Int32
        switch fixture.shape {
        case let .circle(radius, center):
            status = cb2_body_add_circle(handle, body.id, center.x, center.y, radius, &def)
        case let .box(halfWidth, halfHeight, center, angle):
            status = cb2_body_add_box(handle, body.id, halfWidth, halfHeight, center.x, center.y, angle, &def)
        case let .polygon(vertices):
            let xy = vertices.flatMap { [$0.x, $0.y] }
            status = cb2_body_add_polygon(handle, body.id, xy, Int32(vertices.count), &def)
        case let .edge(from, to):
            status = cb2_body_add_edge(handle, body.id, from.x, from.y, to.x, to.y, &def)
        case let .chain(vertices, isLoop):
            let xy = vertices.flatMap { [$0.x, $0.y] }
            status = cb2_body_add_chain(handle, body.id, xy, Int32(vertices.count), isLoop, &def)
        }
        precondition(status == CB2_OK, "CBox2D rejected a validated fixture (status \(status))")
    }

    // MARK: Reading state

    /// The pose and velocity of one body.
    public func state(of body: Body) -> BodyState {
        check(body)
        var s = CB2BodyState()
        _ = cb2_body_get_state(handle, body.id, &s)
        return BodyState(s)
    }

    /// Fills `states` with the state of every body, indexed by ``Body/id``, in one native call.
    ///
    /// Pass the same array every step: after the first call it has the right size and no
    /// allocation happens (cost: one C call plus a copy of 24 bytes per body).
    public func readStates(into states: inout [BodyState]) {
        let count = bodyCount
        if scratchStates.count != count { scratchStates = Array(repeating: CB2BodyState(), count: count) }
        _ = scratchStates.withUnsafeMutableBufferPointer { cb2_world_read_all_states(handle, $0.baseAddress, Int32(count)) }
        if states.count != count { states = Array(repeating: BodyState(), count: count) }
        for i in 0..<count { states[i] = BodyState(scratchStates[i]) }
    }

    /// Mass in kg (0 for static and kinematic bodies).
    public func mass(of body: Body) -> Float {
        check(body)
        return cb2_body_mass(handle, body.id)
    }

    // MARK: Driving bodies

    /// Applies a force (N) at the centre of mass for the next step.
    public func applyForce(_ force: SIMD2<Float>, to body: Body) throws(PhysicsError) {
        check(body)
        try PhysicsError.requireFinite(force, "force")
        _ = cb2_body_apply_force_to_center(handle, body.id, force.x, force.y)
    }

    /// Applies a force (N) at a world point for the next step (also creates a torque).
    public func applyForce(_ force: SIMD2<Float>, at point: SIMD2<Float>, to body: Body) throws(PhysicsError) {
        check(body)
        try PhysicsError.requireFinite(force, "force")
        try PhysicsError.requireFinite(point, "force point")
        _ = cb2_body_apply_force(handle, body.id, force.x, force.y, point.x, point.y)
    }

    /// Applies a torque (N*m) for the next step.
    public func applyTorque(_ torque: Float, to body: Body) throws(PhysicsError) {
        check(body)
        try PhysicsError.requireFinite(torque, "torque")
        _ = cb2_body_apply_torque(handle, body.id, torque)
    }

    /// Changes the velocity at once by `impulse / mass` (N*s).
    public func applyImpulse(_ impulse: SIMD2<Float>, to body: Body) throws(PhysicsError) {
        check(body)
        try PhysicsError.requireFinite(impulse, "impulse")
        _ = cb2_body_apply_linear_impulse_to_center(handle, body.id, impulse.x, impulse.y)
    }

    /// Changes the angular velocity at once by `impulse / inertia` (N*m*s).
    public func applyAngularImpulse(_ impulse: Float, to body: Body) throws(PhysicsError) {
        check(body)
        try PhysicsError.requireFinite(impulse, "angular impulse")
        _ = cb2_body_apply_angular_impulse(handle, body.id, impulse)
    }

    /// Sets linear (m/s) and angular (rad/s) velocity.
    public func setVelocity(_ linear: SIMD2<Float>, angular: Float = 0, of body: Body) throws(PhysicsError) {
        check(body)
        try PhysicsError.requireFinite(linear, "linear velocity")
        try PhysicsError.requireFinite(angular, "angular velocity")
        _ = cb2_body_set_velocity(handle, body.id, linear.x, linear.y, angular)
    }

    /// Teleports a body (use for resets, not for control: it ignores collisions on the way).
    public func setTransform(of body: Body, position: SIMD2<Float>, angle: Float) throws(PhysicsError) {
        check(body)
        try PhysicsError.requireFinite(position, "position")
        try PhysicsError.requireFinite(angle, "angle")
        _ = cb2_body_set_transform(handle, body.id, position.x, position.y, angle)
    }

    /// Sets linear and angular damping (>= 0, per second).
    public func setDamping(linear: Float, angular: Float, of body: Body) throws(PhysicsError) {
        check(body)
        guard linear.isFinite, linear >= 0, angular.isFinite, angular >= 0 else {
            throw PhysicsError(.invalidBody, "damping must be finite and >= 0", context: ["linear": "\(linear)", "angular": "\(angular)"])
        }
        _ = cb2_body_set_damping(handle, body.id, linear, angular)
    }
}

extension BodyState {
    init(_ s: CB2BodyState) {
        self.init(position: SIMD2(s.x, s.y), angle: s.angle, linearVelocity: SIMD2(s.vx, s.vy), angularVelocity: s.angularVelocity)
    }

    var native: CB2BodyState {
        CB2BodyState(x: position.x, y: position.y, angle: angle, vx: linearVelocity.x, vy: linearVelocity.y, angularVelocity: angularVelocity)
    }
}
