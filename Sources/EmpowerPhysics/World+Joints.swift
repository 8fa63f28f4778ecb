import CBox2D

extension World {
    // MARK: Creating joints

    /// Creates a hinge. - Throws: ``PhysicsError`` `.invalidJoint` when both bodies are the
    /// same, the limits are empty or non-finite, or the motor torque is negative.
    @discardableResult
    public func createJoint(_ d: RevoluteJoint.Definition) throws(PhysicsError) -> RevoluteJoint {
        try checkPair(d.bodyA, d.bodyB, d.anchor)
        try Self.checkMotor(d.limits, d.motorSpeed, d.maxMotorTorque, "maxMotorTorque")
        var def = CB2RevoluteDef(
            bodyA: d.bodyA.id, bodyB: d.bodyB.id, anchorX: d.anchor.x, anchorY: d.anchor.y,
            enableLimit: d.limits != nil, lower: d.limits?.lowerBound ?? 0, upper: d.limits?.upperBound ?? 0,
            enableMotor: d.isMotorEnabled, motorSpeed: d.motorSpeed, maxMotorTorque: d.maxMotorTorque,
            collideConnected: d.collideConnected)
        return RevoluteJoint(id: cb2_joint_create_revolute(handle, &def))
    }

    /// Creates a slider. - Throws: as for revolute joints, and for a zero or non-finite axis.
    @discardableResult
    public func createJoint(_ d: PrismaticJoint.Definition) throws(PhysicsError) -> PrismaticJoint {
        try checkPair(d.bodyA, d.bodyB, d.anchor)
        try PhysicsError.requireFinite(d.axis, "prismatic axis")
        guard (d.axis * d.axis).sum() > 1e-12 else {
            throw PhysicsError(.invalidJoint, "a prismatic joint needs a non-zero axis", context: ["axis": "(\(d.axis.x), \(d.axis.y))"])
        }
        try Self.checkMotor(d.limits, d.motorSpeed, d.maxMotorForce, "maxMotorForce")
        let axis = d.axis / (d.axis * d.axis).sum().squareRoot()
        var def = CB2PrismaticDef(
            bodyA: d.bodyA.id, bodyB: d.bodyB.id, anchorX: d.anchor.x, anchorY: d.anchor.y, axisX: axis.x, axisY: axis.y,
            enableLimit: d.limits != nil, lower: d.limits?.lowerBound ?? 0, upper: d.limits?.upperBound ?? 0,
            enableMotor: d.isMotorEnabled, motorSpeed: d.motorSpeed, maxMotorForce: d.maxMotorForce,
            collideConnected: d.collideConnected)
        return PrismaticJoint(id: cb2_joint_create_prismatic(handle, &def))
    }

    /// Creates a friction joint. - Throws: when a maximum is negative or non-finite.
    @discardableResult
    public func createJoint(_ d: FrictionJoint.Definition) throws(PhysicsError) -> FrictionJoint {
        try checkPair(d.bodyA, d.bodyB, d.anchor)
        try Self.checkFriction(d.maxForce, d.maxTorque)
        var def = CB2FrictionDef(bodyA: d.bodyA.id, bodyB: d.bodyB.id, anchorX: d.anchor.x, anchorY: d.anchor.y, maxForce: d.maxForce, maxTorque: d.maxTorque)
        return FrictionJoint(id: cb2_joint_create_friction(handle, &def))
    }

    /// Creates a weld. - Throws: when stiffness or damping is negative or non-finite.
    @discardableResult
    public func createJoint(_ d: WeldJoint.Definition) throws(PhysicsError) -> WeldJoint {
        try checkPair(d.bodyA, d.bodyB, d.anchor)
        guard d.stiffness.isFinite, d.stiffness >= 0, d.damping.isFinite, d.damping >= 0 else {
            throw PhysicsError(.invalidJoint, "weld stiffness and damping must be finite and >= 0", context: ["stiffness": "\(d.stiffness)", "damping": "\(d.damping)"])
        }
        var def = CB2WeldDef(bodyA: d.bodyA.id, bodyB: d.bodyB.id, anchorX: d.anchor.x, anchorY: d.anchor.y, stiffness: d.stiffness, damping: d.damping)
        return WeldJoint(id: cb2_joint_create_weld(handle, &def))
    }

    // MARK: Reading joints

    /// Angle (rad), angular speed, motor torque and limit flags of a hinge.
    public func state(of joint: RevoluteJoint) -> JointState {
        readJoint(joint.id, CB2_JOINT_REVOLUTE, tolerance: JointState.limitTolerance.revolute)
    }

    /// Translation (m), speed, motor force and limit flags of a slider.
    public func state(of joint: PrismaticJoint) -> JointState {
        readJoint(joint.id, CB2_JOINT_PRISMATIC, tolerance: JointState.limitTolerance.prismatic)
    }

    // MARK: Driving joints

    /// Sets the hinge motor's target speed (rad/s). Cheap: call it every control step.
    public func setMotorSpeed(_ speed: Float, of joint: RevoluteJoint) throws(PhysicsError) {
        checkJoint(joint.id, Int32(CB2_JOINT_REVOLUTE.rawValue))
        try PhysicsError.requireFinite(speed, "motor speed")
        _ = cb2_joint_set_motor_speed(handle, joint.id, speed)
    }

    /// Sets the slider motor's target speed (m/s).
    public func setMotorSpeed(_ speed: Float, of joint: PrismaticJoint) throws(PhysicsError) {
        checkJoint(joint.id, Int32(CB2_JOINT_PRISMATIC.rawValue))
        try PhysicsError.requireFinite(speed, "motor speed")
        _ = cb2_joint_set_motor_speed(handle, joint.id, speed)
    }

    /// Turns a hinge motor on or off and sets its torque budget (N*m).
    public func setMotor(enabled: Bool, maxTorque: Float, of joint: RevoluteJoint) throws(PhysicsError) {
        try updateSettings(joint.id, CB2_JOINT_REVOLUTE) { (s) throws(PhysicsError) in
            try Self.checkMotor(nil, s.motorSpeed, maxTorque, "maxMotorTorque")
            s.enableMotor = enabled
            s.maxMotor = maxTorque
        }
    }

    /// Turns a slider motor on or off and sets its force budget (N).
    public func setMotor(enabled: Bool, maxForce: Float, of joint: PrismaticJoint) throws(PhysicsError) {
        try updateSettings(joint.id, CB2_JOINT_PRISMATIC) { (s) throws(PhysicsError) in
            try Self.checkMotor(nil, s.motorSpeed, maxForce, "maxMotorForce")
            s.enableMotor = enabled
            s.maxMotor = maxForce
        }
    }

    /// Changes or removes (`nil`) a hinge's limits.
    public func setLimits(_ limits: ClosedRange<Float>?, of joint: RevoluteJoint) throws(PhysicsError) {
        try updateSettings(joint.id, CB2_JOINT_REVOLUTE) { (s) throws(PhysicsError) in
            try Self.checkMotor(limits, 0, 0, "limits")
            s.enableLimit = limits != nil
            s.lower = limits?.lowerBound ?? 0
            s.upper = limits?.upperBound ?? 0
        }
    }

    /// Changes the friction budget of a friction joint.
    public func setFriction(maxForce: Float, maxTorque: Float, of joint: FrictionJoint) throws(PhysicsError) {
        try updateSettings(joint.id, CB2_JOINT_FRICTION) { (s) throws(PhysicsError) in
            try Self.checkFriction(maxForce, maxTorque)
            s.maxForce = maxForce
            s.maxTorque = maxTorque
        }
    }

    // MARK: Helpers

    private func readJoint(_ id: Int32, _ kind: CB2JointKind, tolerance: Float) -> JointState {
        checkJoint(id, Int32(kind.rawValue))
        var reading = CB2JointReading()
        var settings = CB2JointSettings()
        _ = cb2_joint_read(handle, id, &reading)
        _ = cb2_joint_get_settings(handle, id, &settings)
        let limits: ClosedRange<Float>? = settings.enableLimit ? settings.lower...max(settings.lower, settings.upper) : nil
        return JointState(value: reading.value, speed: reading.speed, motorEffort: reading.motorEffort, limits: limits, tolerance: tolerance)
    }

    private func updateSettings(_ id: Int32, _ kind: CB2JointKind, _ change: (inout CB2JointSettings) throws(PhysicsError) -> Void) throws(PhysicsError) {
        checkJoint(id, Int32(kind.rawValue))
        var settings = CB2JointSettings()
        _ = cb2_joint_get_settings(handle, id, &settings)
        try change(&settings)
        _ = cb2_joint_set_settings(handle, id, &settings)
    }

    private func checkPair(_ a: Body, _ b: Body, _ anchor: SIMD2<Float>) throws(PhysicsError) {
        check(a)
        check(b)
        guard a != b else {
            throw PhysicsError(.invalidJoint, "a joint needs two different bodies; both are body \(a.id)", context: ["body": "\(a.id)"])
        }
        try PhysicsError.requireFinite(anchor, "joint anchor")
    }

    private static func checkMotor(_ limits: ClosedRange<Float>?, _ speed: Float, _ maxEffort: Float, _ field: String) throws(PhysicsError) {
        if let limits, !(limits.lowerBound.isFinite && limits.upperBound.isFinite) {
            throw PhysicsError(.invalidJoint, "joint limits must be finite", context: ["limits": "\(limits)"])
        }
        try PhysicsError.requireFinite(speed, "motor speed")
        guard maxEffort.isFinite, maxEffort >= 0 else {
            throw PhysicsError(.invalidJoint, "\(field) must be finite and >= 0", context: [field: "\(maxEffort)"])
        }
    }

    private static func checkFriction(_ maxForce: Float, _ maxTorque: Float) throws(PhysicsError) {
        guard maxForce.isFinite, maxForce >= 0, maxTorque.isFinite, maxTorque >= 0 else {
            throw PhysicsError(.invalidJoint, "friction maxForce and maxTorque must be finite and >= 0", context: ["maxForce": "\(maxForce)", "maxTorque": "\(maxTorque)"])
        }
    }
}
