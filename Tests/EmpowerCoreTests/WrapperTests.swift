import EmpowerCore
import EmpowerTestSupport
import Foundation
import Testing

@Suite("TimeLimit")
struct TimeLimitTests {
    @Test("truncates at exactly the limit, then refuses to step", arguments: [1, 4, 7])
    func truncatesAtLimit(limit: Int) throws {
        var env = try TimeLimit(LineWalk(goal: 1000, maxEpisodeSteps: nil), maxEpisodeSteps: limit)
        #expect(env.spec.maxEpisodeSteps == limit)
        _ = try env.reset(seed: 2)
        for i in 1...limit {
            let step = try env.step([0.1])
            #expect(step.isTruncated == (i == limit), "step \(i)")
            #expect(!step.isTerminated)
        }
        #expect(throws: EnvironmentError.self) { _ = try env.step([0.1]) }
        _ = try env.reset()
        #expect(env.elapsedSteps == 0)
        #expect(!(try env.step([0.1])).isTruncated || limit == 1)
    }

    @Test("termination on the last step is not reported as truncation")
    func terminationWins() throws {
        var env = try TimeLimit(LineWalk(goal: 0.6, maxEpisodeSteps: nil), maxEpisodeSteps: 1)
        _ = try env.reset(seed: 0)  // x < 0.5, one step of +1 reaches the goal
        let step = try env.step([1])
        #expect(step.isTerminated && !step.isTruncated)
    }

    @Test("a non-positive limit is an error")
    func invalid() throws {
        #expect(throws: EnvironmentError.self) { try TimeLimit(LineWalk(), maxEpisodeSteps: 0) }
    }
}

@Suite("RecordEpisodeStatistics")
struct RecordEpisodeStatisticsTests {
    @Test("the final step's info holds the episode return and length")
    func statistics() throws {
        var env = RecordEpisodeStatistics(try LineWalk(goal: 1000, maxEpisodeSteps: 5))
        _ = try env.reset(seed: 1)
        let actions: [Float] = [0.5, -0.25, 2, 0.125, -1]  // 2 is clipped to 1 by the env
        var last: Step?
        for (i, a) in actions.enumerated() {
            let step = try env.step([a])
            #expect((step.info.episode != nil) == (i == actions.count - 1))
            last = step
        }
        let stats = try #require(last?.info.episode)
        #expect(stats.length == 5)
        #expect(stats.episodeReturn == 0.5 - 0.25 + 1 + 0.125 - 1)
        #expect(env.episodeCount == 1)
        _ = try env.reset()
        #expect(env.episodeReturn == 0 && env.episodeLength == 0)
    }
}

@Suite("RescaleAction and ClipAction")
struct ActionWrapperTests {
    @Test("RescaleAction maps [min, max] affinely onto the base bounds")
    func rescale() throws {
        // LineWalk's action box is [-1, 1]; map [0, 4] onto it: 0 -> -1, 2 -> 0, 3 -> 0.5.
        var env = try RescaleAction(LineWalk(maxEpisodeSteps: nil), minimum: 0, maximum: 4)
        #expect(env.actionSpace == .box(try Box(low: 0, high: 4, shape: [1])))
        _ = try env.reset(seed: 0)
        #expect(try env.step([3]).reward == 0.5)
        #expect(try env.step([0]).reward == -1)
        #expect(try env.step([2]).reward == 0)
        #expect(throws: EnvironmentError.self) { _ = try env.step([1, 2]) }
        #expect(throws: EnvironmentError.self) { try RescaleAction(LineWalk(), minimum: 1, maximum: 1) }
    }

    @Test("ClipAction clips into the base bounds and lets NaN be rejected")
    func clip() throws {
        var env = try ClipAction(LineWalk(maxEpisodeSteps: nil))
        #expect(env.actionSpace == .box(try Box(low: -.infinity, high: .infinity, shape: [1])))
        _ = try env.reset(seed: 0)
        #expect(try env.step([7]).reward == 1)
        #expect(try env.step([-3]).reward == -1)
        #expect(try env.step([0.25]).reward == 0.25)
        #expect {
            _ = try env.step([.nan])
        } throws: { error in
            (error as? EnvironmentError)?.code == .nonFiniteAction
        }
    }
}

@Suite("NormalizeObservation and RunningMeanVariance")
struct NormalizationTests {
    @Test("running statistics match a hand-computed mean and population variance")
    func handComputed() {
        var stats = RunningMeanVariance(size: 2)
        for x: [Float] in [[1, 10], [2, 10], [4, 10], [9, 10]] { stats.update(x) }
        // Column 0: mean 4, deviations -3 -2 0 5, squares 9 4 0 25 -> variance 38 / 4 = 9.5.
        #expect(stats.count == 4)
        #expect(abs(stats.mean[0] - 4) < 1e-12 && abs(stats.mean[1] - 10) < 1e-12)
        #expect(abs(stats.variance[0] - 9.5) < 1e-12 && abs(stats.variance[1]) < 1e-12)
    }

    @Test("merging two halves equals updating with everything")
    func merge() {
        var rng = Xoshiro256(seed: 5)
        let samples = (0..<50).map { _ in [rng.nextFloat(in: -3, 5), rng.nextStandardNormal()] }
        var all = RunningMeanVariance(size: 2), left = RunningMeanVariance(size: 2), right = RunningMeanVariance(size: 2)
        for (i, x) in samples.enumerated() {
            all.update(x)
            if i < 20 { left.update(x) } else { right.update(x) }
        }
        left.merge(right)
        #expect(left.count == all.count)
        for j in 0..<2 {
            #expect(abs(left.mean[j] - all.mean[j]) < 1e-12)
            #expect(abs(left.variance[j] - all.variance[j]) < 1e-10)
        }
    }

    @Test("observations are normalized with the statistics including themselves")
    func normalizes() throws {
        var env = try NormalizeObservation(LineWalk(goal: 1000, maxEpisodeSteps: nil), epsilon: 1e-8)
        let first = try env.reset(seed: 3)
        #expect(first.observation == [0], "one sample: x - mean = 0")
        let base0 = env.statistics.mean[0]
        let step = try env.step([1])
        // Two samples x0 and x0 + 1: mean x0 + 0.5, variance 0.25, so x1 normalizes to
        // 0.5 / sqrt(0.25 + 1e-8), which is 1 within 1e-7.
        #expect(isClose(step.observation[0], 1, absolute: 1e-5))
        #expect(abs(env.statistics.mean[0] - (base0 + 0.5)) < 1e-6)
        #expect(throws: EnvironmentError.self) { try NormalizeObservation(LineWalk(), epsilon: 0) }
    }

    @Test("frozen statistics do not move; saved statistics restore exactly")
    func freezeAndRestore() throws {
        var env = try NormalizeObservation(LineWalk(goal: 1000, maxEpisodeSteps: nil))
        _ = try env.reset(seed: 3)
        for a: Float in [1, 0.5, -0.2, 0.9] { _ = try env.step([a]) }
        let data = try JSONEncoder().encode(env.statistics)
        env.isFrozen = true
        let before = env.statistics
        let frozenObservation = try env.step([0.3]).observation
        #expect(env.statistics == before)

        var restored = try NormalizeObservation(LineWalk(goal: 1000, maxEpisodeSteps: nil), isFrozen: true)
        restored.statistics = try JSONDecoder().decode(RunningMeanVariance.self, from: data)
        #expect(restored.statistics == before)
        // The same raw observation normalizes identically.
        var raw = env.base
        let rawObservation = try raw.step([0]).observation
        #expect(try restored.normalized(rawObservation) == (try env.normalized(rawObservation)))
        #expect(frozenObservation.count == 1)
        #expect(throws: EnvironmentError.self) { _ = try restored.normalized([1, 2]) }
    }
}
