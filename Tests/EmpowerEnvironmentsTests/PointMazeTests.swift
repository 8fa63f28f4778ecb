import EmpowerCore
import EmpowerNavigation
import EmpowerTestSupport
import Testing

@Suite("PointMaze-v0")
struct PointMazeTests {
    @Test("away from walls a step moves the point by 0.05 a, like PointMass")
    func freeMotion() throws {
        let env = try PointMaze()
        let start = try env.reset(seed: 4).observation
        #expect(abs(start[0]) <= 0.05 && abs(start[1] + 0.3) <= 0.05)
        var p = SIMD2(start[0], start[1])
        for a in [[0.3, 0.9], [-0.5, 0.2], [0.25, 0.5], [5, -0.1]] as [[Float]] {
            let step = try env.step(a)
            p += 0.05 * SIMD2(min(a[0], 1), a[1])
            #expect(isClose(step.observation[0], p.x, absolute: 1e-5) && isClose(step.observation[1], p.y, absolute: 1e-5))
            #expect(env.positions["agent"] == SIMD2(step.observation[0], step.observation[1]))
            #expect(step.reward == 0)
        }
    }

    @Test("the U stops the point: pushing down stays above the bottom wall, sideways inside the side walls")
    func wallsBlock() throws {
        let env = try PointMaze()
        _ = try env.reset(seed: 0)
        var last: [Float] = []
        for _ in 0..<30 { last = try env.step([0, -1]).observation }
        // Bottom wall's top face at y = -0.45, point radius 0.03; Box2D's contact skin is ~0.01.
        #expect(last[1] > -0.45 + 0.03 - 0.012 && last[1] < -0.45 + 0.03 + 0.012)
        for _ in 0..<30 { last = try env.step([1, 0]).observation }
        #expect(last[0] < 0.45 - 0.03 + 0.012 && last[0] > 0.45 - 0.03 - 0.012)
    }

    @Test("leaving through the top opening reaches the region below the U")
    func escape() throws {
        let env = try PointMaze(maxEpisodeSteps: 200)
        _ = try env.reset(seed: 0)
        var p: [Float] = []
        for _ in 0..<20 { p = try env.step([0, 1]).observation }     // up to y ~ 0.7
        for _ in 0..<17 { p = try env.step([1, 0]).observation }     // right to x ~ 0.85
        for _ in 0..<30 { p = try env.step([0, -1]).observation }    // down along the outside
        #expect(p[0] > 0.6 && p[1] < -0.7, "reached \(p)")
    }

    @Test("the goal reward is minus the distance to the goal; bad arguments are typed errors")
    func goalReward() throws {
        let env = try PointMaze(goal: [0.5, 0.5])
        _ = try env.reset(seed: 3)
        let step = try env.step([1, 1])
        let dx = step.observation[0] - 0.5, dy = step.observation[1] - 0.5
        #expect(isClose(step.reward, -(dx * dx + dy * dy).squareRoot(), absolute: 1e-6))
        #expect(throws: EnvironmentError.self) { try PointMaze(goal: [0, 3]) }
        #expect(throws: EnvironmentError.self) { try PointMaze(maxEpisodeSteps: 0) }
    }

    @Test("a reset after a long episode starts exactly like a fresh environment")
    func resetIsCold() throws {
        let used = try PointMaze(), fresh = try PointMaze()
        _ = try used.reset(seed: 1)
        for i in 0..<100 { _ = try used.step([i % 7 < 3 ? 1 : -1, -1]) }
        let a = try used.reset(seed: 8), b = try fresh.reset(seed: 8)
        #expect(a.observation == b.observation)
        for i in 0..<50 {
            let action: [Float] = [i % 5 < 2 ? 1 : -0.5, -1]
            #expect(try used.step(action).observation.map(\.bitPattern) == fresh.step(action).observation.map(\.bitPattern))
        }
    }

    @Test("the raw simulation step advances the world without counting a step")
    func simulationOnly() throws {
        let env = try PointMaze(maxEpisodeSteps: 3)
        _ = try env.reset(seed: 0)
        _ = try env.step([1, 0])
        let before = env.scene.pointPosition
        env.stepSimulationOnly()
        #expect(isClose(env.scene.pointPosition.x - before.x, 0.05, absolute: 1e-5))
        #expect(try !env.step([0, 0]).isDone)
        #expect(try env.step([0, 0]).isTruncated)
    }
}
