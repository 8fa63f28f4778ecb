import EmpowerBase
import EmpowerPhysics
import EmpowerTestSupport
import Foundation
import Testing

@Suite("Damped-least-squares IK")
struct InverseKinematicsTests {
    /// The textbook computation in Double: explicit Jacobian, `J^T (J J^T + d^2 I)^-1 v` by
    /// Cramer's rule, independent of the SIMD implementation.
    static func reference(arm: PlanarArm, world: World, velocity: SIMD2<Float>, angular: Float?, damping: Double = 0.05) -> [Double] {
        let n = arm.links.count
        let angles = arm.links.map { Double(world.state(of: $0).angle) }
        let rows = angular == nil ? 2 : 3
        var jacobian = [[Double]](repeating: [Double](repeating: 0, count: n), count: rows)
        for j in 0..<n {
            for i in j..<n {
                jacobian[0][j] += Double(arm.linkLengths[i]) * -sin(angles[i])
                jacobian[1][j] += Double(arm.linkLengths[i]) * cos(angles[i])
            }
            if rows == 3 { jacobian[2][j] = 1 }
        }
        var a = [[Double]](repeating: [Double](repeating: 0, count: rows), count: rows)
        for r in 0..<rows {
            for c in 0..<rows {
                a[r][c] = (0..<n).reduce(0) { $0 + jacobian[r][$1] * jacobian[c][$1] } + (r == c ? damping * damping : 0)
            }
        }
        var b = [Double(velocity.x), Double(velocity.y)]
        if let angular { b.append(Double(angular)) }
        let y = solveByCramer(a, b)
        return (0..<n).map { j in (0..<rows).reduce(0) { $0 + jacobian[$1][j] * y[$1] } }
    }

    static func determinant(_ m: [[Double]]) -> Double {
        if m.count == 2 { return m[0][0] * m[1][1] - m[0][1] * m[1][0] }
        return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
            - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
            + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
    }

    static func solveByCramer(_ a: [[Double]], _ b: [Double]) -> [Double] {
        let d = determinant(a)
        return (0..<b.count).map { k in
            var m = a
            for r in 0..<b.count { m[r][k] = b[r] }
            return determinant(m) / d
        }
    }

    @Test("matches the textbook formula in poses across the workspace, with and without an angular target")
    func matchesReference() throws {
        let scene = try TabletopScene()
        var generator = Xoshiro256(seed: 5)
        for trial in 0..<40 {
            let pose: [Float] = (0..<3).map { _ in generator.nextFloat(in: -1.4, 1.4) }
            // A straight arm (trial 0) is the singular pose the damping exists for.
            try scene.arm.fold(to: trial == 0 ? [0, 0, 0] : pose, in: scene.world)
            let velocity = SIMD2(generator.nextFloat(in: -0.5, 0.5), generator.nextFloat(in: -0.5, 0.5))
            for angular in [nil, generator.nextFloat(in: -1, 1)] as [Float?] {
                let speeds = scene.arm.jointSpeeds(forEndEffectorVelocity: velocity, angularVelocity: angular, in: scene.world)
                let expected = Self.reference(arm: scene.arm, world: scene.world, velocity: velocity, angular: angular)
                #expect(speeds.count == 3)
                for j in 0..<3 {
                    #expect(isClose(speeds[j], Float(expected[j]), absolute: 2e-3, relative: 1e-3), "trial \(trial), joint \(j): \(speeds[j]) vs \(expected[j])")
                }
            }
        }
    }

    @Test("the buffer variant allocates nothing once the buffer has one entry per joint")
    func allocationFree() throws {
        let scene = try TabletopScene()
        var speeds = [Float](repeating: 0, count: scene.arm.links.count)
        let arm = scene.arm, world = scene.world
        // Built outside the measurement: an array literal is a heap array in unoptimized builds.
        let a = SIMD2<Float>(0.1, 0.2), b = SIMD2<Float>(-0.1, 0.05)
        // Warm-up (first calls may instantiate runtime metadata).
        arm.jointSpeeds(forEndEffectorVelocity: a, in: world, into: &speeds)
        arm.jointSpeeds(forEndEffectorVelocity: b, angularVelocity: 0.3, in: world, into: &speeds)
        let allocations = countAllocations {
            for _ in 0..<100 {
                arm.jointSpeeds(forEndEffectorVelocity: a, in: world, into: &speeds)
                arm.jointSpeeds(forEndEffectorVelocity: b, angularVelocity: 0.3, in: world, into: &speeds)
            }
        }
        #expect(allocations == 0)
        #expect(speeds == arm.jointSpeeds(forEndEffectorVelocity: [-0.1, 0.05], angularVelocity: 0.3, in: world))
    }

    @Test("a buffer of the wrong size is resized to one entry per joint")
    func resizesBuffer() throws {
        let scene = try TabletopScene()
        var speeds: [Float] = [1]
        scene.arm.jointSpeeds(forEndEffectorVelocity: [0.1, 0], in: scene.world, into: &speeds)
        #expect(speeds.count == scene.arm.links.count)
        #expect(speeds == scene.arm.jointSpeeds(forEndEffectorVelocity: [0.1, 0], in: scene.world))
    }
}
