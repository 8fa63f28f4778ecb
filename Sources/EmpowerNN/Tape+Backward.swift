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
        guard nodes[output.index].requiresGradient else { return }
        backwardPass += 1
        let g = gradientBuffer(output.index)
        for i in 0..<nodes[output.index].shape.elementCount { g[i] += seed }
        propagate(from: output.index)
    }

    /// Back-propagates from `output` with its gradient given element by element (`seeds`, one
    /// per element of `output`): the output's gradient when it feeds a loss recorded elsewhere.
    /// - Precondition: `seeds` has as many elements as `output`.
    public func backward(_ output: Variable, seeds: Tensor) {
        let count = nodes[output.index].shape.elementCount
        precondition(seeds.elementCount == count, "backward(_:seeds:): \(seeds.elementCount) seeds for an output of \(count) elements")
        guard nodes[output.index].requiresGradient else { return }
        backwardPass += 1
        let g = gradientBuffer(output.index)
        seeds.withUnsafeBufferPointer { source in
            for i in 0..<count { g[i] += source[i] }
        }
        propagate(from: output.index)
    }

    /// The reverse walk from node `last`, whose gradient is set for this pass.
    private func propagate(from last: Int) {
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
