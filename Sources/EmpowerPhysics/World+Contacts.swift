import CBox2D

extension World {
    /// The largest normal contact impulse (N*s) of any contact point during the last
    /// ``step(_:)`` call, over all its substeps; 0 when nothing touched. Divide by the step
    /// duration for an average force. Safety checks compare it with a threshold.
    public var maxContactImpulse: Float { cb2_world_max_contact_impulse(handle) }

    /// The largest normal impulse (N*s) of a contact involving `body` during the last step call.
    public func maxContactImpulse(on body: Body) -> Float {
        check(body)
        return cb2_body_max_contact_impulse(handle, body.id)
    }

    /// Number of pairs that started touching during the last step call.
    public var beginContactCount: Int { Int(cb2_world_begin_contact_count(handle)) }

    /// Replaces the contents of `events` with the pairs that started touching during the last
    /// step call. Reuse the same array: once its capacity suffices, nothing is allocated.
    public func readBeginContacts(into events: inout [ContactEvent]) {
        let count = beginContactCount
        events.removeAll(keepingCapacity: true)
        guard count > 0 else { return }
        if scratchContacts.count < count { scratchContacts = Array(repeating: CB2ContactPair(), count: count) }
        let n = scratchContacts.withUnsafeMutableBufferPointer { cb2_world_read_begin_contacts(handle, $0.baseAddress, Int32(count)) }
        for i in 0..<Int(n) {
            let pair = scratchContacts[i]
            events.append(ContactEvent(bodyA: Body(id: pair.bodyA), bodyB: Body(id: pair.bodyB), involvesSensor: pair.sensor))
        }
    }

    /// Whether two bodies are touching now (solid fixtures only, sensors ignored).
    public func areTouching(_ a: Body, _ b: Body) -> Bool {
        check(a)
        check(b)
        return cb2_bodies_touching(handle, a.id, b.id) == 1
    }

    /// Bodies whose fixtures' bounding boxes overlap the rectangle `min...max` (broad phase:
    /// a cheap superset of the bodies actually inside).
    public func bodies(overlapping min: SIMD2<Float>, _ max: SIMD2<Float>) -> [Body] {
        var ids = [Int32](repeating: 0, count: 16)
        var found = Int(cb2_world_query_aabb(handle, min.x, min.y, max.x, max.y, &ids, Int32(ids.count)))
        if found > ids.count {
            ids = [Int32](repeating: 0, count: found)
            found = Int(cb2_world_query_aabb(handle, min.x, min.y, max.x, max.y, &ids, Int32(ids.count)))
        }
        return ids.prefix(found).map { Body(id: $0) }
    }
}
