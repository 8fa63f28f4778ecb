import EmpowerBase
import EmpowerNN
import EmpowerTestSupport
import Testing

@Suite("Spectral normalization")
struct SpectralNormalizationTests {
    @Test("power iteration finds the largest singular value of matrices with known spectra")
    func knownSingularValues() throws {
        var rng = Xoshiro256(seed: 3)
        // Symmetric [[2, 1], [1, 3]]: singular values (5 ± sqrt 5) / 2.
        var square = SpectralNormalization(outputs: 2, using: &rng)
        let sigma = square.iterate(try Tensor(shape: [2, 2], scalars: [2, 1, 1, 3]), iterations: 50)
        #expect(isClose(sigma, (5 + 5.0.squareRoot().float) / 2, absolute: 1e-4))
        // [3 x 2] with singular values 2 and 1 (columns scaled unit vectors).
        var tall = SpectralNormalization(outputs: 2, using: &rng)
        let tallSigma = tall.iterate(try Tensor(shape: [3, 2], scalars: [1, 0, 0, 2, 0, 0]), iterations: 50)
        #expect(isClose(tallSigma, 2, absolute: 1e-4))
    }

    @Test("the normalized weight is 1-Lipschitz: |x W / sigma| <= |x| for random x, with equality reachable")
    func normalizedWeightIsLipschitz() throws {
        var rng = Xoshiro256(seed: 5)
        let weight = Parameter(name: "w", value: Initializer.uniform(low: -2, high: 2).tensor(shape: [6, 4], using: &rng))
        var normalization = SpectralNormalization(outputs: 4, using: &rng)
        normalization.iterate(weight.value, iterations: 100)
        let tape = Tape()
        let normalized = tape.value(of: normalization.normalizedWeight(weight, on: tape))
        #expect(normalization.lastSigma > 1)
        var largestRatio: Float = 0
        for _ in 0..<200 {
            let x = (0..<6).map { _ in rng.nextStandardNormal() }
            var y = [Float](repeating: 0, count: 4)
            for i in 0..<6 { for j in 0..<4 { y[j] += x[i] * normalized[i * 4 + j] } }
            let ratio = (y.map { $0 * $0 }.reduce(0, +) / x.map { $0 * $0 }.reduce(0, +)).squareRoot()
            #expect(ratio <= 1 + 1e-4)
            largestRatio = max(largestRatio, ratio)
        }
        // Along the top singular direction the gain is exactly 1.
        let fresh = SpectralNormalization(outputs: 4, using: &rng)
        var copy = fresh
        let again = copy.iterate(normalized, iterations: 200)
        #expect(isClose(again, 1, absolute: 1e-3))
        #expect(largestRatio > 0.5)
    }

    @Test("the gradient through W / sigma(W) matches finite differences of the true normalized weight")
    func gradientMatchesFiniteDifferences() throws {
        var rng = Xoshiro256(seed: 9)
        let weight = Parameter(name: "w", value: Initializer.uniform(low: -1, high: 1).tensor(shape: [3, 4], using: &rng))
        let probe = Initializer.uniform(low: -1, high: 1).tensor(shape: [3, 4], using: &rng)
        var normalization = SpectralNormalization(outputs: 4, using: &rng)
        normalization.iterate(weight.value, iterations: 300)
        let tape = Tape()
        var converged = normalization
        let loss = (converged.normalizedWeight(weight, on: tape) * tape.constant(probe)).sum()
        tape.backward(loss)
        let analytic = weight.gradient
        func trueLoss(_ w: Tensor) -> Double {
            var fresh = normalization
            let sigma = fresh.iterate(w, iterations: 300)
            var total = 0.0
            for i in 0..<w.elementCount { total += Double(w[i] / sigma * probe[i]) }
            return total
        }
        let step: Float = 1e-2
        for i in 0..<weight.value.elementCount {
            var plus = weight.value, minus = weight.value
            plus[i] += step
            minus[i] -= step
            let numeric = Float((trueLoss(plus) - trueLoss(minus)) / Double(2 * step))
            #expect(isClose(analytic[i], numeric, absolute: 2e-3, relative: 2e-2), "entry \(i): tape \(analytic[i]) vs \(numeric)")
        }
    }
}

extension Double {
    var float: Float { Float(self) }
}
