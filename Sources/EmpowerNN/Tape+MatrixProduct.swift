import CKernels
// Matrix products through OpenBLAS, and the fused linear layer.
extension Tape {
    /// op(a) x op(b), where op transposes when asked. `a` and `b` are rank-2.
    public func matmul(_ a: Variable, _ b: Variable, transposeA: Bool = false, transposeB: Bool = false) -> Variable {
        let nodeA = nodes[a.index], nodeB = nodes[b.index]
        precondition(nodeA.shape.rank == 2 && nodeB.shape.rank == 2, "matmul needs two matrices, got \(nodeA.shape) and \(nodeB.shape)")
        let m = transposeA ? nodeA.shape[1] : nodeA.shape[0]
        let k = transposeA ? nodeA.shape[0] : nodeA.shape[1]
        let kb = transposeB ? nodeB.shape[1] : nodeB.shape[0]
        let n = transposeB ? nodeB.shape[0] : nodeB.shape[1]
        precondition(k == kb, "matmul: inner dimensions differ: \(nodeA.shape)\(transposeA ? "ᵀ" : "") x \(nodeB.shape)\(transposeB ? "ᵀ" : "")")
        let out = appendNode(.matmul, shape: Shape(rows: m, columns: n), requiresGradient: nodeA.requiresGradient || nodeB.requiresGradient, a: a.index, b: b.index)
        nodes[out].integer0 = (transposeA ? 1 : 0) | (transposeB ? 2 : 0)
        BLAS.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: nodeA.value, b: nodeB.value, c: nodes[out].value)
        countMatrixProduct(m: m, n: n, k: k)
        return Variable(out, self)
    }

    func matmulBackward(_ node: Node) {
        let nodeA = nodes[node.a], nodeB = nodes[node.b]
        let transposeA = node.integer0 & 1 != 0
        let transposeB = node.integer0 & 2 != 0
        let m = node.shape[0], n = node.shape[1]
        let k = transposeA ? nodeA.shape[0] : nodeA.shape[1]
        let g = node.gradient!
        if nodeA.requiresGradient {
            let (ga, beta) = gradientTarget(node.a)
            if transposeA {
                // A is stored K x M: dA = op(B) Gᵀ
                BLAS.gemm(transposeA: transposeB, transposeB: true, m: k, n: m, k: n, a: nodeB.value, b: g, beta: beta, c: ga)
            } else {
                // dA = G op(B)ᵀ
                BLAS.gemm(transposeB: !transposeB, m: m, n: k, k: n, a: g, b: nodeB.value, beta: beta, c: ga)
            }
            countMatrixProduct(m: m, n: k, k: n)
        }
        if nodeB.requiresGradient {
            let (gb, beta) = gradientTarget(node.b)
            if transposeB {
                // B is stored N x K: dB = Gᵀ op(A)
                BLAS.gemm(transposeA: true, transposeB: transposeA, m: n, n: k, k: m, a: g, b: nodeA.value, beta: beta, c: gb)
            } else {
                // dB = op(A)ᵀ G
                BLAS.gemm(transposeA: !transposeA, m: k, n: n, k: m, a: nodeA.value, b: g, beta: beta, c: gb)
            }
            countMatrixProduct(m: k, n: n, k: m)
        }
    }

    /// activation(x W + bias), fused: rows start as the bias, one product accumulates onto
    /// them, then the activation is applied in place.
    ///
    /// `x` is [B, in], `weight` [in, out], `bias` [out]; the result is [B, out]. The backward
    /// pass computes the activation derivative from the output, so nothing else is stored.
    public func linear(_ x: Variable, weight: Variable, bias: Variable, activation: Activation = .identity) -> Variable {
        let input = nodes[x.index], w = nodes[weight.index], b = nodes[bias.index]
        precondition(input.shape.rank == 2 && w.shape.rank == 2, "linear needs x [batch, in] and weight [in, out], got \(input.shape) and \(w.shape)")
        precondition(input.shape[1] == w.shape[0], "linear: x has \(input.shape[1]) features but the weight expects \(w.shape[0])")
        precondition(b.shape.elementCount == w.shape[1], "linear: bias has \(b.shape.elementCount) elements, the layer has \(w.shape[1]) outputs")
        let batch = input.shape[0], inputs = w.shape[0], outputs = w.shape[1]
        let out = appendNode(.linear, shape: Shape(rows: batch, columns: outputs),
                             requiresGradient: input.requiresGradient || w.requiresGradient || b.requiresGradient,
                             a: x.index, b: weight.index, c: bias.index)
        nodes[out].activation = activation
        let y = nodes[out].value
        // Rows start as the bias and the product accumulates onto them (beta = 1: OpenBLAS's
        // beta = 0 path zero-fills the output first, the same memory traffic as the bias copy).
        for r in 0..<batch { (y + r * outputs).update(from: b.value, count: outputs) }
        BLAS.gemm(m: batch, n: outputs, k: inputs, a: input.value, b: w.value, beta: 1, c: y)
        countMatrixProduct(m: batch, n: outputs, k: inputs)
        switch activation {
        case .identity: break
        case .relu: Kernels.reluInPlace(y, count: batch * outputs)
        case .tanh: for i in 0..<(batch * outputs) { y[i] = _tanh(y[i]) }
        }
        return Variable(out, self)
    }

    func linearBackward(_ node: Node) {
        let input = nodes[node.a], w = nodes[node.b], b = nodes[node.c]
        let batch = node.shape[0], outputs = node.shape[1], inputs = w.shape[0]
        let count = batch * outputs
        let y = node.value
        var g = node.gradient!
        var biasDone = false
        switch node.activation {
        case .identity: break
        case .relu:
            // The ReLU mask and the bias gradient in one pass.
            let masked = scratch(count)
            empower_relu_mask(g, y, masked, batch, outputs, b.requiresGradient ? gradientBuffer(node.c) : nil)
            biasDone = b.requiresGradient
            g = masked
        case .tanh:
            let scaled = scratch(count)
            Kernels.tanhDerivative(gradient: g, output: y, into: scaled, count: count)
            g = scaled
        }
        if w.requiresGradient {
            let (gw, beta) = gradientTarget(node.b)
            BLAS.gemm(transposeA: true, m: inputs, n: outputs, k: batch, a: input.value, b: g, beta: beta, c: gw)
            countMatrixProduct(m: inputs, n: outputs, k: batch)
        }
        if b.requiresGradient && !biasDone {
            Kernels.accumulateColumnSums(g, rows: batch, columns: outputs, into: gradientBuffer(node.c))
        }
        if input.requiresGradient {
            if let (part, offset, width) = differentiablePartOfConcat(node.a) {
                // x = [constant, part] (or [part, constant]): only part's columns need dx, and
                // they take the matching rows of W, so dpart = g W[offset ..< offset + width]ᵀ.
                let (gp, beta) = gradientTarget(part)
                BLAS.gemm(transposeB: true, m: batch, n: width, k: outputs, a: g, b: w.value + offset * outputs, beta: beta, c: gp)
                countMatrixProduct(m: batch, n: width, k: outputs)
            } else {
                let (gx, beta) = gradientTarget(node.a)
                BLAS.gemm(transposeB: true, m: batch, n: inputs, k: outputs, a: g, b: w.value, beta: beta, c: gx)
                countMatrixProduct(m: batch, n: inputs, k: outputs)
            }
        }
    }

    /// When node `index` is a rank-2 concatenation along its last axis of a value that needs
    /// a gradient and one that does not (as in a critic's `[state, action]` in the actor loss),
    /// the part that needs it, its first column and its width. The concatenation's own backward
    /// is then skipped: its gradient is never materialized.
    func differentiablePartOfConcat(_ index: Int) -> (index: Int, offset: Int, width: Int)? {
        let node = nodes[index]
        guard node.op == .concat, node.shape.rank == 2, node.integer0 == 1 else { return nil }
        let a = nodes[node.a], b = nodes[node.b]
        if a.requiresGradient && !b.requiresGradient { return (node.a, 0, a.shape[1]) }
        if b.requiresGradient && !a.requiresGradient { return (node.b, a.shape[1], b.shape[1]) }
        return nil
    }
}

extension Variable {
    /// The matrix product self x other.
    public func matmul(_ other: Variable) -> Variable { tape.matmul(self, other) }
}
