import EmpowerAgents
import EmpowerBase
import EmpowerNN
import EmpowerSkills
import EmpowerTestSupport
import Foundation
import Testing

@Suite("DIAYN")
struct DIAYNTests {
    /// An objective whose discriminator ignores its input and outputs fixed logits.
    func objective(logits: [Float], features: FeatureSelection = .all(2)) -> DIAYNObjective {
        var rng = Xoshiro256(seed: 1)
        var configuration = DIAYNConfiguration()
        configuration.hiddenSizes = [4]
        configuration.learningRate = 1e-12     // the update must not change the rewards measured below
        let objective = DIAYNObjective(configuration: configuration, prior: SkillPrior(skillCount: logits.count), features: features, using: &rng)
        let layers = objective.discriminator.network.layers
        for layer in layers { layer.weight.value = Tensor(shape: layer.weight.shape) }
        layers[layers.count - 1].bias.value = Tensor(logits)
        return objective
    }

    @Test("intrinsic reward is log q(z|s') - log p(z) on hand-built discriminator outputs")
    func rewardFormula() {
        let logits: [Float] = [2, 0, -1, 0.5]
        var objective = objective(logits: logits)
        var batch = TransitionBatch(batchSize: 4, observationSize: 2, actionSize: 1)
        batch.skills = [0, 1, 2, 3]
        var metrics = Metrics()
        objective.relabel(&batch, metrics: &metrics)
        let normalizer = log(logits.map { exp(Double($0)) }.reduce(0, +))
        for z in 0..<4 {
            let expected = Double(logits[z]) - normalizer + log(4.0)
            #expect(isClose(batch.rewards[z], Float(expected), absolute: 1e-5), "skill \(z)")
        }
        // The most probable skill is 0, so exactly one of four is classified right.
        #expect(metrics["skills/accuracy"] == 0.25)
        let meanReward = (0..<4).map { Double(logits[$0]) - normalizer + log(4.0) }.reduce(0, +) / 4
        #expect(abs((metrics["skills/mutual_information_bound"] ?? 0) - meanReward) < 1e-5)
    }

    @Test("the environment reward is added with its weight")
    func extrinsicWeight() {
        var objective = objective(logits: [0, 0])
        var configuration = objective.configuration
        configuration.extrinsicRewardWeight = 0.5
        var rng = Xoshiro256(seed: 1)
        objective = DIAYNObjective(configuration: configuration, prior: objective.prior, features: .all(2), using: &rng)
        for layer in objective.discriminator.network.layers { layer.weight.value = Tensor(shape: layer.weight.shape); layer.bias.value = Tensor(shape: layer.bias.shape) }
        var batch = TransitionBatch(batchSize: 2, observationSize: 2, actionSize: 1)
        batch.rewards = Tensor([4, -2])
        var metrics = Metrics()
        objective.relabel(&batch, metrics: &metrics)
        // Uniform q: intrinsic reward 0, so the reward is half the environment's.
        #expect(isClose(batch.rewards[0], 2, absolute: 1e-5) && isClose(batch.rewards[1], -1, absolute: 1e-5))
    }

    @Test("the discriminator learns to tell skills apart when they occupy different regions")
    func discriminatorLearns() {
        var rng = Xoshiro256(seed: 2)
        var discriminator = Discriminator(name: "d", features: .all(2), skillCount: 4, hiddenSizes: [32, 32], learningRate: 3e-3, using: &rng)
        let centres: [(Float, Float)] = [(0.5, 0.5), (-0.5, 0.5), (-0.5, -0.5), (0.5, -0.5)]
        var observations = Tensor(shape: [64, 2])
        var skills = [Int32](repeating: 0, count: 64)
        var last: Discriminator.Result?
        for _ in 0..<300 {
            for i in 0..<64 {
                let z = rng.nextIndex(below: 4)
                skills[i] = Int32(z)
                observations[2 * i] = centres[z].0 + 0.1 * rng.nextStandardNormal()
                observations[2 * i + 1] = centres[z].1 + 0.1 * rng.nextStandardNormal()
            }
            last = discriminator.train(on: observations, skills: skills)
        }
        #expect((last?.accuracy ?? 0) > 0.95)
        #expect((last?.loss ?? 1) < 0.2)
    }

    @Test("feature selection picks the named columns")
    func features() throws {
        let selection = try FeatureSelection.resolve("xy", observationSize: 4, groups: ["xy": [2, 3]], field: "diayn.features").get()
        var selected = Tensor(shape: [1, 1])
        selection.select(try Tensor(shape: [2, 4], scalars: [1, 2, 3, 4, 5, 6, 7, 8]), into: &selected)
        #expect(selected.scalars == [3, 4, 7, 8])
        #expect(try FeatureSelection.resolve("0, 2", observationSize: 4, groups: [:], field: "f").get().indices == [0, 2])
        #expect(try FeatureSelection.resolve("all", observationSize: 3, groups: [:], field: "f").get().indices == [0, 1, 2])
    }

    @Test("a bad feature specification names what is allowed, with a suggestion")
    func badFeatures() {
        guard case .failure(let issue) = FeatureSelection.resolve("xz", observationSize: 4, groups: ["xy": [0, 1]], field: "diayn.features") else {
            Issue.record("expected a failure")
            return
        }
        #expect(issue.field == "diayn.features" && issue.allowed.contains("did you mean 'xy'"))
        guard case .failure(let range) = FeatureSelection.resolve("0,7", observationSize: 4, groups: [:], field: "f") else {
            Issue.record("expected a failure")
            return
        }
        #expect(range.allowed.contains("0 to 3"))
    }
}

@Suite("DIAYN relative to the episode's start")
struct DIAYNRelativeToStartTests {
    @Test("with relative_to_start the reward depends on what moved, not on where the episode started")
    func invariantToWhereEpisodesStart() throws {
        func reward(relative: Bool, shift: Float) throws -> [Float] {
            var generator = Xoshiro256(seed: 4)
            var diayn = DIAYNReward(
                prior: SkillPrior(skillCount: 3),
                discriminator: Discriminator(name: "discriminator", features: .all(2), skillCount: 3, hiddenSizes: [8], learningRate: 1e-3, using: &generator),
                relativeToStart: relative)
            let starts: [Float] = [0.1, 0.2, -0.3, 0.4, 0.5, -0.6]
            let moves: [Float] = [0.05, 0, 0, 0.05, -0.05, 0]
            let shifted = starts.map { $0 + shift }
            let next = zip(shifted, moves).map { $0 + $1 }
            let transitions = SkillTransitions(
                observations: try Tensor(shape: [3, 2], scalars: shifted), nextObservations: try Tensor(shape: [3, 2], scalars: next),
                skills: [0, 1, 2], episodeStarts: try Tensor(shape: [3, 2], scalars: shifted))
            var rewards: [Float] = [], metrics = Metrics()
            diayn.rewards(for: transitions, learn: false, into: &rewards, metrics: &metrics)
            // The evaluation table of one episode gets the same inputs from its start row.
            let table = diayn.discriminator.logProbabilityTable(of: diayn.discriminatorInputs(transitions.nextObservations, start: Array(shifted[0..<2])))
            if relative { #expect(table.count == 9) }
            return rewards
        }
        // Equal up to the rounding of (s_0 + shift + move) - (s_0 + shift).
        let (a, b) = (try reward(relative: true, shift: 0), try reward(relative: true, shift: 0.7))
        #expect(zip(a, b).allSatisfy { abs($0 - $1) < 1e-4 }, "\(a) vs \(b)")
        let (c, d) = (try reward(relative: false, shift: 0), try reward(relative: false, shift: 0.7))
        #expect(zip(c, d).contains { abs($0 - $1) > 1e-3 }, "\(c) vs \(d)")
    }

    @Test("relative_to_start goes with the DIAYN discovery reward only")
    func onlyForDIAYN() {
        var slim = SLIMConfiguration()
        slim.relativeToStart = true
        #expect(slim.issues().isEmpty)
        slim.discovery = .distance
        slim.skillSpace = .continuous
        #expect(slim.issues().map(\.field) == ["relative_to_start"])
    }
}
