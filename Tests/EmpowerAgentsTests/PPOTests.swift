import EmpowerAgents
import EmpowerBase
import EmpowerCritics
import EmpowerNN
import EmpowerTestSupport
import Testing

@Suite("PPO, GAE and multiple critics")
struct PPOTests {
    @Test("GAE matches a hand-computed example with a termination, a truncation bootstrap and two environments")
    func gaeByHand() {
        // Time-major, 3 steps x 2 environments, gamma 0.9, lambda 0.8.
        // env 0: terminates after step 1 (bootstraps from 0); env 1: truncated after step 1,
        // bootstrapping from V(final) = 2.
        var advantages: [Float] = [], returns: [Float] = []
        GeneralizedAdvantageEstimation.compute(
            rewards: [1, 0, 0, 0, 2, 1], values: [0.5, 1, 0.4, 1, 0.3, 1], nextValues: [0.4, 1, 0, 2, 0.6, 1],
            ends: [false, false, true, true, false, false], steps: 3, environments: 2, gamma: 0.9, lambda: 0.8,
            advantages: &advantages, returns: &returns)
        // env 0: delta = [0.86, -0.4, 2.24]; A2 = 2.24, A1 = -0.4 (episode end), A0 = 0.86 + 0.72 * -0.4.
        // env 1: delta = [-0.1, 0.8, 0.9]; A2 = 0.9, A1 = 0.8, A0 = -0.1 + 0.72 * 0.8.
        let expected: [Float] = [0.572, 0.476, -0.4, 0.8, 2.24, 0.9]
        for (a, e) in zip(advantages, expected) { #expect(isClose(a, e, absolute: 1e-5)) }
        let expectedReturns: [Float] = [1.072, 1.476, 0, 1.8, 2.54, 1.9]
        for (r, e) in zip(returns, expectedReturns) { #expect(isClose(r, e, absolute: 1e-5)) }
    }

    @Test("advantages combine as sum_k w_k normalized(A_k), so a channel's scale does not change its share")
    func combination() {
        let a1: [Float] = [1, 2, 3, 4]        // mean 2.5, std sqrt(1.25)
        let a2: [Float] = [0, 0, 0, 4]        // mean 1, std sqrt(3)
        var combined: [Float] = []
        AdvantageCombination.combine([a1, a2], weights: [1, 0.5], normalize: true, into: &combined)
        let s1 = Float(1.25).squareRoot(), s2 = Float(3).squareRoot()
        for i in 0..<4 {
            let expected = (a1[i] - 2.5) / s1 + 0.5 * (a2[i] - 1) / s2
            #expect(isClose(combined[i], expected, absolute: 1e-5))
        }
        var scaled: [Float] = []
        AdvantageCombination.combine([a1.map { $0 * 100 }, a2], weights: [1, 0.5], normalize: true, into: &scaled)
        for i in 0..<4 { #expect(isClose(scaled[i], combined[i], absolute: 1e-4)) }
        var raw: [Float] = []
        AdvantageCombination.combine([a1, a2], weights: [1, 0.5], normalize: false, into: &raw)
        #expect(raw == [1, 2, 3, 6])
        // A floor caps the amplification of a channel with almost no spread (noise only).
        let quiet: [Float] = [0.001, -0.001, 0.001, -0.001]
        var floored: [Float] = []
        AdvantageCombination.combine([quiet], weights: [1], normalize: true, floor: 0.1, into: &floored)
        for i in 0..<4 { #expect(isClose(floored[i], quiet[i] / 0.1, absolute: 1e-5)) }
        var unfloored: [Float] = []
        AdvantageCombination.combine([quiet], weights: [1], normalize: true, into: &unfloored)
        for i in 0..<4 { #expect(isClose(abs(unfloored[i]), 1, absolute: 1e-3)) }
        var zeroWeight: [Float] = []
        AdvantageCombination.combine([a1, a2], weights: [0, 1], normalize: true, into: &zeroWeight)
        for i in 0..<4 { #expect(isClose(zeroWeight[i], (a2[i] - 1) / s2, absolute: 1e-5)) }
    }

    @Test("a shared critic has one network with a column per head; separate heads share no gradient")
    func multiCriticLayouts() {
        var rng = Xoshiro256(seed: 1)
        let shared = MultiCritic(heads: ["a", "b", "c"], inputSize: 5, hiddenSizes: [8], architecture: .shared, using: &rng)
        let separate = MultiCritic(heads: ["a", "b", "c"], inputSize: 5, hiddenSizes: [8], architecture: .separate, using: &rng)
        #expect(shared.networks.count == 1 && shared.networks[0].outputCount == 3)
        #expect(separate.networks.count == 3 && separate.networks.allSatisfy { $0.outputCount == 1 })
        let inputs = Initializer.uniform(low: -1, high: 1).tensor(shape: [4, 5], using: &rng)
        let tape = Tape()
        let values = separate.values(tape.constant(inputs))
        #expect(values.shape == Shape(rows: 4, columns: 3))
        // A loss on head 1 only: heads 0 and 2 get no gradient.
        var mask = Tensor(shape: [4, 3])
        for r in 0..<4 { mask[r * 3 + 1] = 1 }
        separate.zeroGradients()
        tape.backward((values * tape.constant(mask)).sum())
        func gradientNorm(_ network: MLP) -> Float { network.parameters.reduce(0) { $0 + $1.gradient.scalars.map { $0 * $0 }.reduce(0, +) } }
        #expect(gradientNorm(separate.networks[0]) == 0 && gradientNorm(separate.networks[2]) == 0)
        #expect(gradientNorm(separate.networks[1]) > 0)
    }

    @Test("a PPO update moves the policy toward actions with positive advantage and fits every value head")
    func updateImproves() throws {
        var rng = Xoshiro256(seed: 4)
        var configuration = PPOConfiguration()
        configuration.hiddenSizes = [16]
        configuration.minibatchSize = 32
        configuration.epochs = 20
        configuration.learningRate = 3e-3
        var learner = PPOLearner(configuration: configuration, inputSize: 3, actionSize: 1, heads: ["x", "y"], architecture: .separate, using: &rng)
        let count = 128
        let inputs = Initializer.uniform(low: -1, high: 1).tensor(shape: [count, 3], using: &rng)
        var acting = PPOActing(learner: learner)
        acting.act(inputs, deterministic: false, using: &rng)
        let actions = acting.actions
        // Positive actions are good; head x should learn 1, head y should learn -2.
        let advantages = actions.map { $0 > 0 ? Float(1) : -1 }
        var returnValues = [Float](repeating: 0, count: count * 2)
        for r in 0..<count { returnValues[r * 2] = 1; returnValues[r * 2 + 1] = -2 }
        let samples = RolloutSamples(
            inputs: inputs, actions: try Tensor(shape: [count, 1], scalars: actions), logProbabilities: acting.logProbabilities,
            advantages: advantages, returns: try Tensor(shape: [count, 2], scalars: returnValues),
            values: try Tensor(shape: [count, 2], scalars: acting.values))
        let meanBefore = { () -> Float in
            var a = PPOActing(learner: learner)
            a.act(inputs, deterministic: true, using: &rng)
            return a.actions.reduce(0, +) / Float(count)
        }
        let before = meanBefore()
        var metrics = Metrics()
        learner.update(samples, using: &rng, metrics: &metrics)
        let firstLosses = learner.lastValueLosses
        for _ in 0..<5 { learner.update(samples, using: &rng, metrics: &metrics) }
        #expect(meanBefore() > before + 0.05, "mean action \(before) -> \(meanBefore())")
        #expect(learner.lastValueLosses.count == 2)
        #expect(learner.lastValueLosses[0] < firstLosses[0] && learner.lastValueLosses[1] < firstLosses[1])
        #expect(metrics["train/approx_kl"] != nil && metrics["train/clip_fraction"] != nil)
    }
}
