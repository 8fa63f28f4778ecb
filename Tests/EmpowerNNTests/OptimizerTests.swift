import EmpowerBase
import EmpowerNN
import EmpowerTestSupport
import Testing

@Suite("Adam and Polyak averaging")
struct OptimizerTests {
    @Test("two Adam steps match the hand-computed update")
    func adamByHand() throws {
        let parameter = Parameter(name: "p", value: try Tensor(shape: [2], scalars: [1.0, -2.0]))
        var adam = Adam(parameters: [parameter], learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8)
        // Step 1, g = (0.5, -1): m = 0.1 g, v = 0.001 g^2, m^ = g, v^ = g^2, so p -= 0.1 * sign(g).
        parameter.gradient = try Tensor(shape: [2], scalars: [0.5, -1.0])
        adam.step()
        #expect(isClose(parameter.value[0], 0.9, absolute: 1e-6))
        #expect(isClose(parameter.value[1], -1.9, absolute: 1e-6))
        #expect(parameter.gradient.scalars == [0, 0], "the step zeroes the gradients")
        // Step 2, g = (0.25, 0.5):
        parameter.gradient = try Tensor(shape: [2], scalars: [0.25, 0.5])
        adam.step()
        func expected(_ g1: Double, _ g2: Double, _ p1: Double) -> Double {
            let m = 0.9 * (0.1 * g1) + 0.1 * g2
            let v = 0.999 * (0.001 * g1 * g1) + 0.001 * g2 * g2
            let mHat = m / (1 - 0.81)
            let vHat = v / (1 - 0.998001)
            return p1 - 0.1 * mHat / (vHat.squareRoot() + 1e-8)
        }
        #expect(isClose(parameter.value[0], Float(expected(0.5, 0.25, 0.9)), absolute: 1e-5))
        #expect(isClose(parameter.value[1], Float(expected(-1.0, 0.5, -1.9)), absolute: 1e-5))
        #expect(adam.stepCount == 2)
    }

    @Test("global-norm clipping scales all gradients together")
    func clipping() throws {
        let a = Parameter(name: "a", value: Tensor(shape: [1]))
        let b = Parameter(name: "b", value: Tensor(shape: [1]))
        var adam = Adam(parameters: [a, b], learningRate: 1, maximumGradientNorm: 1)
        a.gradient = Tensor([3])
        b.gradient = Tensor([4])
        adam.step()
        #expect(isClose(adam.lastGradientNorm, 5))
        // First step moves each parameter by lr * sign(clipped g): clipping keeps the direction.
        #expect(isClose(a.value[0], -1, absolute: 1e-5) && isClose(b.value[0], -1, absolute: 1e-5))
        // The first moment holds (1 - beta1) * clipped gradient: (0.06, 0.08).
        #expect(isClose(adam.firstMoments[0][0], 0.06, absolute: 1e-6))
        #expect(isClose(adam.firstMoments[1][0], 0.08, absolute: 1e-6))
    }

    @Test("optimizer state round-trips through named tensors")
    func stateRoundTrip() throws {
        let p = Parameter(name: "p", value: Tensor([1, 2]))
        var adam = Adam(parameters: [p])
        p.gradient = Tensor([1, -1])
        adam.step()
        var restored = Adam(parameters: [p])
        try restored.restore(namedState: Dictionary(uniqueKeysWithValues: adam.namedState(prefix: "opt").map { ($0.name, $0.tensor) }), prefix: "opt")
        #expect(restored.stepCount == 1)
        #expect(restored.firstMoments == adam.firstMoments && restored.secondMoments == adam.secondMoments)
        #expect(throws: ParameterFileError.self) { try restored.restore(namedState: [:], prefix: "opt") }
    }

    @Test("Polyak averaging moves targets by tau")
    func polyak() {
        let target = Parameter(name: "t", value: Tensor([0, 10]))
        let source = Parameter(name: "s", value: Tensor([1, 20]))
        polyakUpdate(target: [target], source: [source], tau: 0.25)
        #expect(target.value.scalars == [0.25, 12.5])
    }

    @Test("a copied network is independent of the original")
    func deepCopy() {
        var rng = Xoshiro256(seed: 1)
        let network = MLP(name: "q", sizes: [2, 3, 1], using: &rng)
        let copy = network.copy(named: "q_target")
        #expect(copy.parameters.map(\.name) == ["q_target.0.weight", "q_target.0.bias", "q_target.1.weight", "q_target.1.bias"])
        #expect(copy.parameters[0].value == network.parameters[0].value)
        network.parameters[0].value[0] += 1
        #expect(copy.parameters[0].value != network.parameters[0].value)
    }

    @Test("an optimizer restored from another's state steps into storage of its own, and both agree")
    func restoredStateIsNotShared() throws {
        let first = Parameter(name: "p", value: Tensor([1, 2, 3]))
        var a = Adam(parameters: [first], learningRate: 0.1)
        first.gradient = Tensor([0.5, -1, 2])
        a.step()
        let second = Parameter(name: "p", value: Tensor([0, 0, 0]))
        var b = Adam(parameters: [second], learningRate: 0.1)
        try b.restore(namedState: Dictionary(uniqueKeysWithValues: a.namedState(prefix: "o").map { ($0.name, $0.tensor) }), prefix: "o")
        second.value = first.value          // shared storage, as a restored checkpoint has
        first.gradient = Tensor([0.5, -1, 2])
        second.gradient = Tensor([0.5, -1, 2])
        a.step()
        b.step()
        #expect(first.value == second.value)
        #expect(a.firstMoments == b.firstMoments && a.secondMoments == b.secondMoments)
        #expect(a.firstMoments[0].scalars.allSatisfy { $0 != 0 })
    }

    @Test("a step applied in parts equals one step")
    func stepInParts() {
        func parameters() -> [Parameter] {
            (0..<3).map { Parameter(name: "p\($0)", value: Tensor([Float($0), 1, -2])) }
        }
        let whole = parameters(), parts = parameters()
        var a = Adam(parameters: whole, learningRate: 0.05, maximumGradientNorm: 1)
        var b = Adam(parameters: parts, learningRate: 0.05, maximumGradientNorm: 1)
        for round in 0..<3 {
            for (x, y) in zip(whole, parts) {
                x.gradient = Tensor([Float(round) + 1, -2, 0.5])
                y.gradient = Tensor([Float(round) + 1, -2, 0.5])
            }
            a.step()
            let step = b.beginStep()
            b.apply(step, to: 2..<3)
            b.apply(step, to: 0..<2)
        }
        #expect(whole.map(\.value) == parts.map(\.value))
        #expect(a.stepCount == b.stepCount && a.lastGradientNorm == b.lastGradientNorm)
    }
}
