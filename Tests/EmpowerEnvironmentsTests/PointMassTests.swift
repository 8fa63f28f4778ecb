import EmpowerCore
import EmpowerNavigation
import EmpowerTestSupport
import Testing

@Suite("PointMass-v0")
struct PointMassTests {
    @Test("p <- clip(p + 0.05 clip(a), -1, 1), exactly in Float")
    func exactUpdate() throws {
        var env = try PointMass()
        let start = try env.reset(seed: 4).observation
        var p = SIMD2(start[0], start[1])
        let actions: [[Float]] = [[0.3, -0.9], [1, 1], [-0.25, 0.5], [0.7, 0.1]]
        for a in actions {
            let step = try env.step(a)
            p.x = min(max(p.x + Float(0.05) * a[0], -1), 1)
            p.y = min(max(p.y + Float(0.05) * a[1], -1), 1)
            #expect(step.observation == [p.x, p.y])
            #expect(step.reward == 0)
            #expect(env.positions["agent"] == p)
        }
    }

    @Test("actions outside [-1, 1] are clipped, and the position stays in [-1, 1]^2")
    func clipping() throws {
        var env = try PointMass(maxEpisodeSteps: 100)
        let start = try env.reset(seed: 1).observation
        let first = try env.step([5, -5])
        #expect(first.observation == [start[0] + 0.05, start[1] - 0.05])
        var last = first
        for _ in 0..<60 { last = try env.step([3, -2]) }
        #expect(last.observation == [1, -1], "61 steps of 0.05 reach the corner and stay there")
    }

    @Test("the start is drawn from U(-0.05, 0.05)^2")
    func start() throws {
        var env = try PointMass()
        var spread: Float = 0
        for seed in 0..<200 as Range<UInt64> {
            let p = try env.reset(seed: seed).observation
            #expect(p.allSatisfy { $0 >= -0.05 && $0 < 0.05 })
            spread = max(spread, abs(p[0]), abs(p[1]))
        }
        #expect(spread > 0.045)
    }

    @Test("the goal reward is minus the distance to the goal after the step")
    func goalReward() throws {
        var env = try PointMass(goal: [0.5, -0.25])
        _ = try env.reset(seed: 3)
        let step = try env.step([1, 0])
        let dx = step.observation[0] - 0.5, dy = step.observation[1] + 0.25
        #expect(isClose(step.reward, -(dx * dx + dy * dy).squareRoot(), absolute: 1e-7))
        #expect(throws: EnvironmentError.self) { try PointMass(goal: [2, 0]) }
        #expect(throws: EnvironmentError.self) { try PointMass(goal: [0]) }
    }

    @Test("episodes are truncated after 100 steps by default")
    func truncation() throws {
        var env = try PointMass()
        #expect(env.spec.maxEpisodeSteps == 100)
        _ = try env.reset(seed: 0)
        var steps = 0
        var step = try env.step([0, 0])
        steps += 1
        while !step.isDone {
            step = try env.step([0, 0])
            steps += 1
        }
        #expect(steps == 100 && step.isTruncated && !step.isTerminated)
    }
}

@Suite("Step cost")
struct StepCostTests {
    @Test("a PointMass step allocates only its observation array")
    func pointMassAllocations() throws {
        var env = try PointMass()
        _ = try env.reset(seed: 0)
        let action: [Float] = [0.1, -0.2]
        _ = try env.step(action)
        var observation: [Float] = []
        let count = try countAllocations { observation = try env.step(action).observation }
        #expect(count == 1, "allocations per step: \(count)")
        #expect(observation.count == 2)
    }
}
