import CBox2D

extension World {
    /// Captures the world's state for an exact later ``restore(_:)``.
    ///
    /// ## Exactness, and what it costs
    /// Box2D's solver keeps hidden state between steps: warm-starting impulses in every contact
    /// and joint, and a broad-phase tree whose shape decides the order contacts are solved in.
    /// Positions and velocities alone therefore do not determine the future. To make restores
    /// exact, the world is *rebuilt*: the native world is destroyed and recreated from the
    /// recorded construction sequence, with each body placed at its captured state and every
    /// solver cache empty. `snapshot()` rebuilds the live world too, so that
    ///
    ///   `snapshot()`, step N times  ==  `restore(s)`, step N times   (bit-identical)
    ///
    /// for any N and any number of restores. The price is that the first step after
    /// `snapshot()` starts with cold caches: the trajectory departs slightly from the one the
    /// world would have followed without the snapshot. Measured on the 3-object tabletop with
    /// the arm sweeping through the objects (`SnapshotTests`): the largest body-position
    /// difference after 100 further control steps (200 Box2D steps) is 1.5e-3 m. Restoring
    /// poses and velocities into the running world without a rebuild drifts by the same
    /// order (1.5e-3 m) and, unlike a rebuild, depends on the history of the world. Planning
    /// only compares rebuilt continuations with each other, and those are exact.
    ///
    /// Cost: O(bodies + fixtures + joints) allocations, a few microseconds for a tabletop scene.
    /// Handles (``Body``, joints) stay valid.
    public func snapshot() -> WorldSnapshot {
        let snapshot = capture()
        rebuild(snapshot)
        return snapshot
    }

    /// Returns the world to the state captured by ``snapshot()`` (see there for exactness).
    ///
    /// - Throws: ``PhysicsError`` `.invalidSnapshot` when the snapshot's body or joint count does
    ///   not match this world (it was taken from a differently built world).
    public func restore(_ snapshot: WorldSnapshot) throws(PhysicsError) {
        guard snapshot.bodyStates.count == bodyCount, snapshot.jointSettings.count == jointCount else {
            throw PhysicsError(
                .invalidSnapshot,
                "the snapshot has \(snapshot.bodyStates.count) bodies and \(snapshot.jointSettings.count) joints but this world has \(bodyCount) and \(jointCount); restore only into a world built the same way",
                context: ["snapshotBodies": "\(snapshot.bodyStates.count)", "worldBodies": "\(bodyCount)"])
        }
        for state in snapshot.bodyStates where !state.isFinite {
            throw PhysicsError(.invalidSnapshot, "the snapshot contains a non-finite body state; it was taken after the simulation diverged")
        }
        rebuild(snapshot)
    }

    /// Reads states and joint settings without touching the world.
    func capture() -> WorldSnapshot {
        var states: [BodyState] = []
        readStates(into: &states)
        var settings = [CB2JointSettings](repeating: CB2JointSettings(), count: jointCount)
        for i in settings.indices { _ = cb2_joint_get_settings(handle, Int32(i), &settings[i]) }
        return WorldSnapshot(bodyStates: states, jointSettings: settings)
    }

    /// Puts body states and joint settings back into the running world without rebuilding it
    /// (solver caches keep their current values). Used to measure what a rebuild buys.
    func restoreInPlace(_ snapshot: WorldSnapshot) {
        for (i, s) in snapshot.jointSettings.enumerated() {
            var s = s
            _ = cb2_joint_set_settings(handle, Int32(i), &s)
        }
        for (i, s) in snapshot.bodyStates.enumerated() {
            _ = cb2_body_set_transform(handle, Int32(i), s.position.x, s.position.y, s.angle)
            _ = cb2_body_set_velocity(handle, Int32(i), s.linearVelocity.x, s.linearVelocity.y, s.angularVelocity)
        }
    }

    private func rebuild(_ snapshot: WorldSnapshot) {
        for (i, s) in snapshot.jointSettings.enumerated() {
            var s = s
            _ = cb2_joint_set_settings(handle, Int32(i), &s)
        }
        let native = snapshot.bodyStates.map(\.native)
        let status = cb2_world_rebuild(handle, native, Int32(native.count))
        precondition(status == CB2_OK, "CBox2D rejected a rebuild with matching counts (status \(status))")
    }
}
