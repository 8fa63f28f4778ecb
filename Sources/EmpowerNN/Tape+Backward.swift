// The reverse pass.
extension Tape {
    /// Back-propagates from `output`, whose gradient is taken as `seed` (1 for a loss), and
    /// accumulates into the gradient of every parameter it depends on.
    ///
    /// Gradients accumulate: zero the parameters' gradients between steps (an optimizer's
    /// `step()` does). Intermediate gradients can be read with ``gradient(of:)`` until reset.
    /// A tape may hold several losses, each with its own `backward`: a pass visits only the
    /// operations its output depends on.
    /// - Precondition: `output` has one element unless `seed` covers every element.
    public func backward(_ output: Variable, seed: Float = 1) {
        let last = output.index
        guard nodes[last].requiresGradient else { return }
        backwardPass += 1
        let g = gradientBuffer(last)
        for i in 0..<nodes[last].shape.elementCount { g[i] += seed }
        var index = last
        while index >= 0 {
            let node = nodes[index]
            index -= 1
            guard node.requiresGradient, node.pass == backwardPass, node.gradient != nil else { continue }
            switch node.op {
            case .input, .parameter, .detach:
                continue
            case .add, .subtract, .multiply, .divide, .minimum:
                binaryBackward(node)
            case .negate, .scale, .addScalar, .relu, .tanh, .exp, .log, .softplus, .sigmoid, .square, .clamp:
                unaryBackward(node)
            case .sum, .mean, .sumAll, .meanAll:
                reduceBackward(node)
            case .logSoftmax:
                logSoftmaxBackward(node)
            case .gather:
                gatherBackward(node)
            case .concat:
                concatBackward(node)
            case .slice:
                sliceBackward(node)
            case .reshape:
                reshapeBackward(node)
            case .matmul:
                matmulBackward(node)
            case .linear:
                linearBackward(node)
            }
        }
    }
}
