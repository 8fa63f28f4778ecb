import EmpowerBase
import EmpowerNN
import EmpowerTestSupport
import Testing
@testable import EmpowerSkills

/// An objective whose phi is one linear layer set to the identity: phi(s) = s.
private func identityObjective(_ constraint: DistanceConstraint, size: Int, dualLearningRate: Float = 0.1) -> DistanceObjective {
    var generator = Xoshiro256(seed: 3)
    let objective = DistanceObjective(
        constraint: constraint, features: .all(size), skills: .discrete(size), hiddenSizes: [], learningRate: 1e-9,
        initialDual: 2, dualLearningRate: dualLearningRate, using: &generator)
    var identity = [Float](repeating: 0, count: size * size)
    for i in 0..<size { identity[i * size + i] = 1 }
    objective.layers[0].weight.value = Tensor(identity, shape: [size, size])
    objective.layers[0].bias.value = Tensor(shape: [size])
    return objective
}

private func oneHot(_ skill: Int, of count: Int, rows: Int = 1) -> Tensor {
    var values = [Float](repeating: 0, count: rows * count)
    for row in 0..<rows { values[row * count + skill] = 1 }
    return Tensor(values, shape: [rows, count])
}

extension Tensor {
    fileprivate init(_ values: [Float], shape: Shape) {
        self = try! Tensor(shape: shape, scalars: values)
    }
}

@Suite("Distance-based skills (LSD, METRA, CSD)")
struct DistanceObjectiveTests {
    @Test("r = (phi(s') - phi(s))^T z with z = (K onehot - 1) / (K - 1), on a hand-built phi")
    func rewardFormula() {
        var objective = identityObjective(.temporal, size: 3)
        let s = Tensor([0, 0, 0, 1, 1, 1], shape: [2, 3])
        let next = Tensor([0.2, 0.4, -0.2, 1, 1, 2], shape: [2, 3])
        let codes = Tensor([1, 0, 0, 0, 0, 1], shape: [2, 3])   // skills 0 and 2
        let rewards = objective.rewards(observations: s, nextObservations: next, codes: codes)
        // z0 = [1, -0.5, -0.5]: 0.2 - 0.2 + 0.1 = 0.1; z2 = [-0.5, -0.5, 1]: 0 + 0 + 1 = 1.
        #expect(isClose(rewards[0], 0.1, absolute: 1e-6) && isClose(rewards[1], 1, absolute: 1e-6), "\(rewards)")
        #expect(objective.directions(fromCodes: oneHot(1, of: 3)).scalars == [-0.5, 1, -0.5])
    }

    @Test("the dual variable grows while ||phi(s') - phi(s)|| > 1 and shrinks while the constraint holds")
    func dualUpdateSign() {
        var objective = identityObjective(.temporal, size: 2)
        let start = objective.dual
        var metrics = Metrics()
        // ||dphi||^2 = 4: slack = min(eps, 1 - 4) = -3, so log lambda += 0.1 * 3.
        objective.learn(observations: Tensor([0, 0], shape: [1, 2]), nextObservations: Tensor([2, 0], shape: [1, 2]), codes: oneHot(0, of: 2), metrics: &metrics)
        #expect(isClose(objective.dual, start * _expf(0.3), relative: 1e-4), "\(objective.dual)")
        #expect(isClose(Float(metrics["skills/constraint_violation"] ?? 0), 3, absolute: 1e-4))
        #expect(isClose(Float(metrics["skills/phi_distance"] ?? 0), 2, absolute: 1e-4))
        // A tiny step: slack = eps = 1e-3, so log lambda -= 0.1 * 1e-3.
        let before = objective.dual
        objective.learn(observations: Tensor([0, 0], shape: [1, 2]), nextObservations: Tensor([0.01, 0], shape: [1, 2]), codes: oneHot(0, of: 2), metrics: &metrics)
        #expect(objective.dual < before && isClose(objective.dual, before * _expf(-1e-4), relative: 1e-5))
        #expect(metrics["skills/constraint_violation"] == 0)
    }

    @Test("lipschitz: after normalization phi moves no farther than its input, ||phi(a) - phi(b)|| <= ||a - b||")
    func spectralNormalizationBoundsPhi() {
        var generator = Xoshiro256(seed: 11)
        var objective = DistanceObjective(
            constraint: .lipschitz, features: .all(4), skills: .continuous(4, dimension: 3), hiddenSizes: [8], learningRate: 1e-3,
            iterations: 50, using: &generator)
        for layer in objective.layers {   // weights far from 1-Lipschitz
            layer.weight.value = Tensor(layer.weight.value.scalars.map { $0 * 7 }, shape: layer.weight.shape)
        }
        var worst: Float = 0
        for _ in 0..<50 {
            let a = (0..<4).map { _ in generator.nextFloat(in: -2, 2) }, b = (0..<4).map { _ in generator.nextFloat(in: -2, 2) }
            objective.tape.reset()
            let phi = objective.tape.value(of: objective.phi(objective.tape.constant(Tensor(a + b, shape: [2, 4])), trainable: false)).scalars
            var output: Float = 0, input: Float = 0
            for j in 0..<3 { output += (phi[j] - phi[3 + j]) * (phi[j] - phi[3 + j]) }
            for j in 0..<4 { input += (a[j] - b[j]) * (a[j] - b[j]) }
            worst = max(worst, output.squareRoot() / input.squareRoot())
        }
        #expect(worst <= 1.001, "largest ratio \(worst)")
        #expect(worst > 0.05)
    }

    @Test("controllability: d(s, s') = sum_j (s'_j - mu_j)^2 / sigma_j^2 under a known Gaussian model")
    func controllabilityDistance() throws {
        var generator = Xoshiro256(seed: 5)
        let objective = DistanceObjective(
            constraint: .controllability, features: .all(2), skills: .discrete(2), hiddenSizes: [4], learningRate: 1e-3,
            densityHiddenSizes: [4], using: &generator)
        let density = try #require(objective.density)
        let last = try #require(density.layers.last)
        // mu(s) = s + 0, sigma^2 = 0.25 (first feature) and 4 (second), whatever s is.
        last.weight.value = Tensor(shape: last.weight.shape)
        last.bias.value = Tensor([0, 0, _logf(0.25), _logf(4)])
        let s = Tensor([0, 0, 1, -1], shape: [2, 2]), next = Tensor([0.5, 2, 1, -1], shape: [2, 2])
        let d = try #require(objective.surprise(observations: s, nextObservations: next))
        #expect(isClose(d[0], 0.25 / 0.25 + 4 / 4, absolute: 1e-5) && isClose(d[1], 0, absolute: 1e-6), "\(d)")
        #expect(identityObjective(.temporal, size: 2).surprise(observations: s, nextObservations: next) == nil)
    }

    @Test("checkpointed state restores exactly, and a dual constraint's state without its dual is refused")
    func restoresItsState() throws {
        var generator = Xoshiro256(seed: 8)
        var trained = DistanceObjective(
            constraint: .controllability, features: .all(2), skills: .discrete(3), hiddenSizes: [4], learningRate: 1e-2,
            densityHiddenSizes: [4], using: &generator)
        var metrics = Metrics()
        let s = Tensor([0, 0, 1, 0], shape: [2, 2]), next = Tensor([0.5, 0, 1, 0.3], shape: [2, 2])
        for _ in 0..<5 { trained.learn(observations: s, nextObservations: next, codes: oneHot(1, of: 3, rows: 2), metrics: &metrics) }
        #expect(metrics["skills/density_loss"] != nil && metrics["skills/dual"] != nil)
        var fresh = DistanceObjective(
            constraint: .controllability, features: .all(2), skills: .discrete(3), hiddenSizes: [4], learningRate: 1e-2,
            densityHiddenSizes: [4], using: &generator)
        let state = Dictionary(uniqueKeysWithValues: trained.namedState().map { ($0.name, $0.tensor) })
        try fresh.restore(from: state, source: "test")
        #expect(fresh.dual == trained.dual)
        #expect(fresh.namedState().map(\.tensor.scalars) == trained.namedState().map(\.tensor.scalars))
        var withoutDual = state
        withoutDual["dual.log_lambda"] = nil
        #expect(throws: ParameterFileError.self) { try fresh.restore(from: withoutDual, source: "test") }
    }
}
