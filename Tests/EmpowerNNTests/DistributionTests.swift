import EmpowerBase
import EmpowerNN
import EmpowerTestSupport
import Foundation
import Testing

@Suite("Distributions against closed forms")
struct DistributionTests {
    @Test("tanh-Gaussian log-probability equals the change-of-variables formula")
    func tanhGaussianClosedForm() throws {
        let mean: [Float] = [0.3, -0.7, 1.2, 0.0]
        let logStd: [Float] = [-0.5, 0.2, -1.0, 0.4]
        let noise: [Float] = [0.4, -1.3, 2.0, -0.1]
        let tape = Tape()
        let policy = TanhGaussian(
            mean: tape.constant(try Tensor(shape: [2, 2], scalars: mean)),
            logStd: tape.constant(try Tensor(shape: [2, 2], scalars: logStd)))
        let (action, logProbability) = policy.sample(noise: tape.constant(try Tensor(shape: [2, 2], scalars: noise)))
        let actions = tape.value(of: action).scalars
        let logProbabilities = tape.value(of: logProbability).scalars
        #expect(tape.shape(of: logProbability) == [2])
        for row in 0..<2 {
            var expected = 0.0
            for j in 0..<2 {
                let i = row * 2 + j
                let std = exp(Double(logStd[i]))
                let u = Double(mean[i]) + std * Double(noise[i])
                #expect(isClose(actions[i], Float(tanh(u)), absolute: 1e-6))
                let gaussian = -0.5 * pow((u - Double(mean[i])) / std, 2) - log(std) - 0.5 * log(2 * Double.pi)
                expected += gaussian - log(1 - pow(tanh(u), 2))
            }
            #expect(isClose(logProbabilities[row], Float(expected), absolute: 1e-4, relative: 1e-4), "row \(row)")
        }
        // The log-probability of the same actions, evaluated from the actions themselves.
        let evaluated = tape.value(of: policy.logProbability(of: action)).scalars
        for row in 0..<2 { #expect(isClose(evaluated[row], logProbabilities[row], absolute: 2e-3, relative: 1e-3)) }
        // Deterministic action is tanh(mean).
        let deterministic = tape.value(of: policy.deterministicAction).scalars
        for i in 0..<4 { #expect(isClose(deterministic[i], Float(tanh(Double(mean[i]))), absolute: 1e-6)) }
    }

    @Test("tanh-Gaussian log-probability stays finite for saturated actions")
    func saturation() throws {
        let tape = Tape()
        let policy = TanhGaussian(mean: tape.constant(try Tensor(shape: [1, 1], scalars: [12])), logStd: tape.constant(try Tensor(shape: [1, 1], scalars: [-3])))
        let (_, logProbability) = policy.sample(noise: tape.constant(try Tensor(shape: [1, 1], scalars: [1])))
        #expect(tape.scalar(logProbability).isFinite)
    }

    @Test("categorical log-probabilities are the log-softmax, entropy of uniform logits is log K")
    func categorical() throws {
        let logits: [Float] = [1, 2, 3, 0, 0, 0]
        let tape = Tape()
        let distribution = Categorical(logits: tape.constant(try Tensor(shape: [2, 3], scalars: logits)))
        let logP = tape.value(of: distribution.logProbabilities).scalars
        let normalizer = log(exp(1.0) + exp(2.0) + exp(3.0))
        for k in 0..<3 { #expect(isClose(logP[k], Float(Double(k + 1) - normalizer), absolute: 1e-6)) }
        for k in 3..<6 { #expect(isClose(logP[k], Float(-log(3.0)), absolute: 1e-6)) }
        let picked = tape.value(of: distribution.logProbability(of: [2, 1])).scalars
        #expect(isClose(picked[0], Float(3 - normalizer), absolute: 1e-6))
        let entropy = tape.value(of: distribution.entropy).scalars
        let p = (1...3).map { exp(Double($0) - normalizer) }
        #expect(isClose(entropy[0], Float(-p.map { $0 * log($0) }.reduce(0, +)), absolute: 1e-5))
        #expect(isClose(entropy[1], Float(log(3.0)), absolute: 1e-6))
        var modes = [Int32](repeating: -1, count: 2)
        modes.withUnsafeMutableBufferPointer { distribution.mode(into: $0) }
        #expect(modes == [2, 0])
    }

    @Test("categorical samples follow the probabilities")
    func categoricalSampling() throws {
        let rows = 20_000
        var logits: [Float] = []
        for _ in 0..<rows { logits += [0, Float(log(2.0)), Float(log(7.0))] }   // p = 0.1, 0.2, 0.7
        let tape = Tape()
        let distribution = Categorical(logits: tape.constant(try Tensor(shape: [rows, 3], scalars: logits)))
        var samples = [Int32](repeating: 0, count: rows)
        var rng = Xoshiro256(seed: 3)
        samples.withUnsafeMutableBufferPointer { distribution.sample(into: $0, using: &rng) }
        let frequencies = (0..<3).map { k in Double(samples.filter { $0 == k }.count) / Double(rows) }
        #expect(abs(frequencies[0] - 0.1) < 0.01)
        #expect(abs(frequencies[1] - 0.2) < 0.012)
        #expect(abs(frequencies[2] - 0.7) < 0.012)
    }
}
