import EmpowerBase
import EmpowerNN
import Testing

@Suite("Gradients match finite differences")
struct GradientTests {
    @Test("matmul, every transpose combination", arguments: [(false, false), (true, false), (false, true), (true, true)])
    func matmul(transposeA: Bool, transposeB: Bool) {
        let a = randomTensor(transposeA ? [4, 3] : [3, 4], seed: 1)
        let b = randomTensor(transposeB ? [5, 4] : [4, 5], seed: 2)
        checkGradients([a, b]) { $0[0].tape.matmul($0[0], $0[1], transposeA: transposeA, transposeB: transposeB) }
    }

    @Test("fused linear layer", arguments: Activation.allCases)
    func linear(activation: Activation) {
        let x = randomTensor([5, 3], seed: 3), w = randomTensor([3, 4], seed: 4), b = randomTensor([4], seed: 5)
        checkGradients([x, w, b]) { $0[0].tape.linear($0[0], weight: $0[1], bias: $0[2], activation: activation) }
    }

    @Test("add, subtract, multiply, divide with broadcasting",
          arguments: [([3, 4], [3, 4]), ([3, 4], [4]), ([3, 4], [3, 1]), ([3, 4], [1]), ([2, 3, 4], [3, 1])] as [([Int], [Int])])
    func broadcastBinary(shapeA: [Int], shapeB: [Int]) {
        let a = randomTensor(Shape(shapeA), seed: 6)
        let b = randomTensor(Shape(shapeB), seed: 7, low: 0.5, high: 2)
        checkGradients([a, b]) { $0[0] + $0[1] }
        checkGradients([a, b]) { $0[0] - $0[1] }
        checkGradients([a, b]) { $0[0] * $0[1] }
        checkGradients([a, b]) { $0[0] / $0[1] }
        checkGradients([b, a]) { $0[0] + $0[1] }
    }

    @Test("element-wise minimum")
    func minimum() {
        let a = randomTensor([4, 3], seed: 8), b = randomTensor([4, 3], seed: 9)
        checkGradients([a, b]) { $0[0].minimum($0[1]) }
    }

    @Test("unary operations")
    func unary() {
        let x = randomTensor([3, 5], seed: 10, low: -2, high: 2)
        let positive = randomTensor([3, 5], seed: 11, low: 0.2, high: 3)
        checkGradients([x]) { -$0[0] }
        checkGradients([x]) { $0[0] * 2.5 }
        checkGradients([x]) { $0[0] + 1.5 }
        checkGradients([x]) { 1.5 - $0[0] }
        checkGradients([x]) { $0[0].relu() }
        checkGradients([x]) { $0[0].tanh() }
        checkGradients([x]) { $0[0].exp() }
        checkGradients([positive]) { $0[0].log() }
        checkGradients([x]) { $0[0].softplus() }
        checkGradients([x]) { $0[0].sigmoid() }
        checkGradients([x]) { $0[0].square() }
        checkGradients([x]) { $0[0].clamped(to: -1.03...1.07) }
    }

    @Test("sums and means over an axis and over everything")
    func reductions() {
        let x = randomTensor([3, 4, 2], seed: 12)
        for axis in [0, 1, 2, -1] {
            checkGradients([x]) { $0[0].sum(alongAxis: axis) }
            checkGradients([x]) { $0[0].mean(alongAxis: axis, keepingDimension: true) }
        }
        checkGradients([x]) { $0[0].sum() }
        checkGradients([x]) { $0[0].mean() }
    }

    @Test("log-softmax, gather, concat, slice, reshape")
    func structural() {
        let x = randomTensor([4, 5], seed: 13, low: -3, high: 3)
        let y = randomTensor([4, 2], seed: 14)
        checkGradients([x]) { $0[0].logSoftmax() }
        checkGradients([x]) { $0[0].gathered(at: [0, 4, 2, 2]) }
        checkGradients([x, y]) { $0[0].concatenated(with: $0[1]) }
        checkGradients([x, randomTensor([2, 5], seed: 15)]) { $0[0].tape.concat($0[0], $0[1], alongAxis: 0) }
        checkGradients([x]) { $0[0].sliced(1..<4) }
        checkGradients([x]) { $0[0].tape.slice($0[0], alongAxis: 0, 1..<3) }
        checkGradients([x]) { $0[0].reshaped(to: [2, 10]).sum(alongAxis: 0) }
    }

    @Test("a detached value passes no gradient back")
    func detach() {
        let parameter = Parameter(name: "p", value: randomTensor([3], seed: 16))
        let tape = Tape()
        let p = tape.parameter(parameter)
        tape.backward((p.detached() * p).sum())
        // d/dp (stop(p) * p) = stop(p) = p
        for i in 0..<3 { #expect(abs(parameter.gradient[i] - parameter.value[i]) < 1e-6) }
    }

    @Test("an MLP end to end, every activation", arguments: Activation.allCases)
    func mlp(activation: Activation) {
        var rng = Xoshiro256(seed: 17)
        let network = MLP(name: "net", sizes: [3, 6, 5, 2], activation: activation, outputActivation: .tanh, initializer: .xavierUniform, using: &rng)
        let x = randomTensor([4, 3], seed: 18)
        let tape = Tape()
        let weights = randomTensor([4, 2], seed: 19)
        func loss(_ tape: Tape) -> Variable { (network(tape.constant(x)) * tape.constant(weights)).sum() }
        tape.backward(loss(tape))
        let step: Float = 3e-3
        for parameter in network.parameters {
            let analytic = parameter.gradient
            for i in 0..<parameter.value.elementCount {
                let original = parameter.value[i]
                parameter.value[i] = original + step
                let probe = Tape(recordsGradients: false)
                let plus = probe.scalar(loss(probe))
                parameter.value[i] = original - step
                probe.reset()
                let minus = probe.scalar(loss(probe))
                parameter.value[i] = original
                let numeric = (plus - minus) / (2 * step)
                #expect(abs(analytic[i] - numeric) <= 5e-3 + 3e-2 * abs(numeric), "\(parameter.name)[\(i)]: \(analytic[i]) vs \(numeric)")
            }
        }
    }

    @Test("tanh-Gaussian sample log-probability")
    func tanhGaussian() {
        let mean = randomTensor([3, 2], seed: 20), logStd = randomTensor([3, 2], seed: 21, low: -1, high: 0.5)
        let noise = randomTensor([3, 2], seed: 22)
        checkGradients([mean, logStd]) { v in
            let policy = TanhGaussian(mean: v[0], logStd: v[1])
            let (action, logProbability) = policy.sample(noise: v[0].tape.constant(noise))
            return action.sum(alongAxis: -1) + logProbability
        }
    }
}

@Suite("Tape passes")
struct TapePassTests {
    @Test("two losses on one tape: each backward adds only its own gradient")
    func twoLosses() {
        let parameter = Parameter(name: "p", value: Tensor([2, 3]))
        let tape = Tape()
        let p = tape.parameter(parameter)
        tape.backward(p.square().sum())          // d/dp = 2p = (4, 6)
        #expect(parameter.gradient.scalars == [4, 6])
        parameter.zeroGradient()
        let q = tape.parameter(parameter)
        tape.backward((q * 10).sum())           // d/dp = 10, the first loss must not be replayed
        #expect(parameter.gradient.scalars == [10, 10])
    }

    @Test("a frozen parameter passes gradients through but receives none")
    func frozen() throws {
        let weight = Parameter(name: "w", value: try Tensor(shape: [2, 1], scalars: [3, 5]))
        let input = Parameter(name: "x", value: try Tensor(shape: [1, 2], scalars: [1, 1]))
        let tape = Tape()
        let y = tape.parameter(input).matmul(tape.parameter(weight, trainable: false))
        tape.backward(y.sum())
        #expect(input.gradient.scalars == [3, 5])
        #expect(weight.gradient.scalars == [0, 0])
    }
}

@Suite("Linear layer on a partly constant concatenation")
struct ConcatRoutingTests {
    @Test("the gradient of the differentiable part matches finite differences, either side")
    func routed() {
        let constant = randomTensor([5, 3], seed: 30)
        let w = randomTensor([5, 4], seed: 31), b = randomTensor([4], seed: 32)
        for constantFirst in [true, false] {
            checkGradients([randomTensor([5, 2], seed: 33)]) { v in
                let tape = v[0].tape
                let fixed = tape.constant(constant)
                let x = constantFirst ? fixed.concatenated(with: v[0]) : v[0].concatenated(with: fixed)
                let weight = tape.constant(constantFirst ? w : w)
                return tape.linear(x, weight: weight, bias: tape.constant(b), activation: .relu)
            }
        }
    }
}
