#if canImport(Glibc)
import Glibc
#endif

extension PlanarArm {
    /// Joint speeds (rad/s) that move the end effector at `velocity` (m/s), and, when
    /// `angularVelocity` is given, turn it at that rate, by damped least squares:
    /// `qdot = J^T (J J^T + damping^2 I)^-1 v`.
    ///
    /// The damping keeps speeds bounded near singular poses (a straight arm) at the cost of a
    /// small tracking error; 0.05 suits arms of about a metre.
    ///
    /// ```swift
    /// let speeds = scene.arm.jointSpeeds(forEndEffectorVelocity: [0.1, 0], in: scene.world)
    /// try scene.setJointSpeeds(speeds)
    /// ```
    /// Allocates the returned array; on a hot path, use
    /// ``jointSpeeds(forEndEffectorVelocity:angularVelocity:damping:in:into:)`` with a reused
    /// buffer instead.
    public func jointSpeeds(
        forEndEffectorVelocity velocity: SIMD2<Float>, angularVelocity: Float? = nil, damping: Float = 0.05, in world: World
    ) -> [Float] {
        var speeds: [Float] = []
        jointSpeeds(forEndEffectorVelocity: velocity, angularVelocity: angularVelocity, damping: damping, in: world, into: &speeds)
        return speeds
    }

    /// The same damped-least-squares joint speeds, written into `speeds` (resized to one entry
    /// per joint if it has another size). Allocates nothing when `speeds` already has
    /// `links.count` entries.
    ///
    /// ```swift
    /// var speeds = [Float](repeating: 0, count: scene.arm.links.count)  // once
    /// scene.arm.jointSpeeds(forEndEffectorVelocity: [0.1, 0], in: scene.world, into: &speeds)
    /// ```
    ///
    /// How: the task-space system `J J^T + damping^2 I` is at most 3 x 3 whatever the number of
    /// joints (rows: x, y and, with `angularVelocity`, the angle), so it is built in SIMD
    /// registers and solved there. The Jacobian columns are not stored: column j is the sum of
    /// the link vectors from link j to the tip, `Σ_{i >= j} length_i (-sin θ_i, cos θ_i)` (θ the
    /// absolute link angles), accumulated tip first, once to build the system and once more to
    /// map its solution back to joint speeds. The link angles wait in `speeds` in between.
    /// Cost: one body-state read and two sine/cosine pairs per link.
    public func jointSpeeds(
        forEndEffectorVelocity velocity: SIMD2<Float>, angularVelocity: Float? = nil, damping: Float = 0.05, in world: World,
        into speeds: inout [Float]
    ) {
        let n = links.count
        if speeds.count != n { speeds = [Float](repeating: 0, count: n) }
        // Without an angular target the third row is inert: a zero Jacobian row, 1 on the
        // diagonal and a 0 target, so it solves to 0 and leaves the 2 x 2 system unchanged.
        let angularRow: Float = angularVelocity == nil ? 0 : 1
        let lambda = damping * damping
        var row0 = SIMD3<Float>(lambda, 0, 0)
        var row1 = SIMD3<Float>(0, lambda, 0)
        var row2 = SIMD3<Float>(0, 0, angularVelocity == nil ? 1 : lambda)
        // Plain indexing, no buffer-pointer closures: a closure capturing these mutable
        // locals would box them on the heap in unoptimized builds.
        // Pass 1, tip first: Jacobian columns into J J^T; the angles are kept in `speeds`.
        var tail = SIMD2<Float>.zero
        for i in stride(from: n - 1, through: 0, by: -1) {
            let angle = world.state(of: links[i]).angle
            speeds[i] = angle
            tail += linkLengths[i] * SIMD2(-sin(angle), cos(angle))
            let column = SIMD3(tail.x, tail.y, angularRow)
            row0 += column.x * column
            row1 += column.y * column
            row2 += column.z * column
        }
        let y = Self.solve(row0, row1, row2, SIMD3(velocity.x, velocity.y, angularVelocity ?? 0))
        // Pass 2, tip first again: J^T y.
        tail = .zero
        for i in stride(from: n - 1, through: 0, by: -1) {
            let angle = speeds[i]
            tail += linkLengths[i] * SIMD2(-sin(angle), cos(angle))
            speeds[i] = tail.x * y.x + tail.y * y.y + angularRow * y.z
        }
    }

    /// Solves the 3 x 3 system with rows `r0`, `r1`, `r2` and right-hand side `b` by Gaussian
    /// elimination with partial pivoting, in registers. A zero pivot (a singular system, which
    /// the damping rules out for finite inputs) gives 0 for that unknown instead of a division
    /// by zero.
    static func solve(_ r0: SIMD3<Float>, _ r1: SIMD3<Float>, _ r2: SIMD3<Float>, _ b: SIMD3<Float>) -> SIMD3<Float> {
        // Augmented rows [a | b] in SIMD4 lanes 0...3.
        var a0 = SIMD4(r0.x, r0.y, r0.z, b.x)
        var a1 = SIMD4(r1.x, r1.y, r1.z, b.y)
        var a2 = SIMD4(r2.x, r2.y, r2.z, b.z)
        // Column 0.
        if abs(a1.x) > abs(a0.x), abs(a1.x) >= abs(a2.x) {
            swap(&a0, &a1)
        } else if abs(a2.x) > abs(a0.x) {
            swap(&a0, &a2)
        }
        if a0.x != 0 {
            a1 -= (a1.x / a0.x) * a0
            a2 -= (a2.x / a0.x) * a0
        }
        // Column 1.
        if abs(a2.y) > abs(a1.y) { swap(&a1, &a2) }
        if a1.y != 0 { a2 -= (a2.y / a1.y) * a1 }
        // Back substitution.
        let x2: Float = a2.z != 0 ? a2.w / a2.z : 0
        let x1: Float = a1.y != 0 ? (a1.w - a1.z * x2) / a1.y : 0
        let x0: Float = a0.x != 0 ? (a0.w - a0.y * x1 - a0.z * x2) / a0.x : 0
        return SIMD3(x0, x1, x2)
    }
}
