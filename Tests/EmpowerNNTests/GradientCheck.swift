import EmpowerBase
import EmpowerNN
import EmpowerTestSupport
import Testing

/// Compares the tape's gradient of `loss = sum(f(inputs) * w)` (w fixed random weights) with
/// central finite differences, element by element, for every input.
func checkGradients(
    _ inputs: [Tensor], step: Float = 3e-3, absolute: Float = 4e-3, relative: Float = 3e-2,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ f: ([Variable]) -> Variable
) {
    let parameters = inputs.enumerated().map { Parameter(name: "x\($0.offset)", value: $0.element) }
    var rng = Xoshiro256(seed: 77)
    var weights: Tensor?
    func loss(_ tape: Tape) -> Variable {
        let output = f(parameters.map { tape.parameter($0) })
        if weights == nil {
            weights = Initializer.uniform(low: 0.5, high: 1.5).tensor(shape: output.shape, using: &rng)
        }
        return (output * tape.constant(weights!)).sum()
    }
    let tape = Tape()
    tape.backward(loss(tape))
    for parameter in parameters {
        let analytic = parameter.gradient
        for i in 0..<parameter.value.elementCount {
            let original = parameter.value[i]
            parameter.value[i] = original + step
            let probe = Tape(recordsGradients: false)
            let plus = Double(probe.scalar(loss(probe)))
            parameter.value[i] = original - step
            probe.reset()
            let minus = Double(probe.scalar(loss(probe)))
            parameter.value[i] = original
            let numeric = Float((plus - minus) / Double(2 * step))
            #expect(
                isClose(analytic[i], numeric, absolute: absolute, relative: relative),
                "d/d\(parameter.name)[\(i)]: tape \(analytic[i]) vs finite difference \(numeric)",
                sourceLocation: sourceLocation)
        }
    }
}

/// A random tensor whose elements stay at least `margin` away from zero (away from the kinks
/// of relu and friends, where a finite difference is meaningless).
func randomTensor(_ shape: Shape, seed: UInt64, low: Float = -1, high: Float = 1, margin: Float = 0.05) -> Tensor {
    var rng = Xoshiro256(seed: seed)
    var tensor = Initializer.uniform(low: low, high: high).tensor(shape: shape, using: &rng)
    tensor.withUnsafeMutableBufferPointer { values in
        for i in values.indices where abs(values[i]) < margin {
            values[i] = values[i] < 0 ? -margin - 0.01 : margin + 0.01
        }
    }
    return tensor
}
