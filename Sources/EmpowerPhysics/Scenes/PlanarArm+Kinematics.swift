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
    public func jointSpeeds(
        forEndEffectorVelocity velocity: SIMD2<Float>, angularVelocity: Float? = nil, damping: Float = 0.05, in world: World
    ) -> [Float] {
        let n = links.count
        // Absolute link angles and per-joint Jacobian columns.
        var angles = [Float](repeating: 0, count: n)
        for (i, link) in links.enumerated() { angles[i] = world.state(of: link).angle }
        var columns = [SIMD2<Float>](repeating: .zero, count: n)
        var tail = SIMD2<Float>.zero
        for i in stride(from: n - 1, through: 0, by: -1) {
            tail += linkLengths[i] * SIMD2(-sin(angles[i]), cos(angles[i]))
            columns[i] = tail
        }
        let rows = angularVelocity == nil ? 2 : 3
        // J J^T + damping^2 I (rows x rows), and the target.
        var a = [Float](repeating: 0, count: rows * rows)
        func entry(_ r: Int, _ j: Int) -> Float { r == 0 ? columns[j].x : r == 1 ? columns[j].y : 1 }
        for r in 0..<rows {
            for c in 0..<rows {
                var sum: Float = 0
                for j in 0..<n { sum += entry(r, j) * entry(c, j) }
                a[r * rows + c] = sum + (r == c ? damping * damping : 0)
            }
        }
        var b: [Float] = [velocity.x, velocity.y]
        if let angularVelocity { b.append(angularVelocity) }
        let y = Self.solve(a, b, size: rows)
        var speeds = [Float](repeating: 0, count: n)
        for j in 0..<n {
            var sum: Float = 0
            for r in 0..<rows { sum += entry(r, j) * y[r] }
            speeds[j] = sum
        }
        return speeds
    }

    /// Gaussian elimination with partial pivoting for a small symmetric positive definite system.
    static func solve(_ matrix: [Float], _ rhs: [Float], size n: Int) -> [Float] {
        var a = matrix, b = rhs
        for col in 0..<n {
            var pivot = col
            for r in col + 1..<max(col + 1, n) where abs(a[r * n + col]) > abs(a[pivot * n + col]) { pivot = r }
            if pivot != col {
                for c in 0..<n { a.swapAt(col * n + c, pivot * n + c) }
                b.swapAt(col, pivot)
            }
            let p = a[col * n + col]
            guard p != 0 else { continue }
            for r in col + 1..<max(col + 1, n) {
                let f = a[r * n + col] / p
                for c in col..<n { a[r * n + c] -= f * a[col * n + c] }
                b[r] -= f * b[col]
            }
        }
        var x = [Float](repeating: 0, count: n)
        for r in stride(from: n - 1, through: 0, by: -1) {
            var sum = b[r]
            for c in r + 1..<max(r + 1, n) { sum -= a[r * n + c] * x[c] }
            let p = a[r * n + r]
            x[r] = p != 0 ? sum / p : 0
        }
        return x
    }
}
