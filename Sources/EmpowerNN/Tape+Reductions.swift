#if canImport(Glibc)
import Glibc
#endif

// Sums and means, over one axis or over everything, and the log-softmax.
extension Tape {
    func reduce(_ op: Operation, _ x: Variable, axis: Int, keepingDimension: Bool) -> Variable {
        let input = nodes[x.index]
        let rank = input.shape.rank
        let a = axis < 0 ? axis + rank : axis
        precondition(a >= 0 && a < rank, "\(op): axis \(axis) is out of range for shape \(input.shape)")
        let (outer, size, inner) = input.shape.split(at: a)
        let shape = keepingDimension ? input.shape.replacing(axis: a, with: 1) : input.shape.removing(axis: a)
        let out = appendNode(op, shape: shape, requiresGradient: input.requiresGradient, a: x.index)
        nodes[out].integer0 = a
        let source = input.value
        let target = nodes[out].value
        target.update(repeating: 0, count: outer * inner)
        for o in 0..<outer {
            for s in 0..<size {
                let row = source + (o * size + s) * inner
                let sum = target + o * inner
                for i in 0..<inner { sum[i] += row[i] }
            }
        }
        if op == .mean {
            let scale = 1 / Float(size)
            for i in 0..<(outer * inner) { target[i] *= scale }
        }
        return Variable(out, self)
    }

    func reduceAll(_ op: Operation, _ x: Variable) -> Variable {
        let input = nodes[x.index]
        let count = input.shape.elementCount
        let out = appendNode(op, shape: .scalar, requiresGradient: input.requiresGradient, a: x.index)
        // Pairwise-friendly accumulation in Double keeps large sums accurate.
        var total: Double = 0
        let source = input.value
        for i in 0..<count { total += Double(source[i]) }
        nodes[out].value[0] = op == .meanAll ? Float(total / Double(Swift.max(count, 1))) : Float(total)
        return Variable(out, self)
    }

    func reduceBackward(_ node: Node) {
        let input = nodes[node.a]
        let g = node.gradient!
        let gx = gradientBuffer(node.a)
        switch node.op {
        case .sumAll, .meanAll:
            let count = input.shape.elementCount
            let value = node.op == .meanAll ? g[0] / Float(Swift.max(count, 1)) : g[0]
            for i in 0..<count { gx[i] += value }
        default:
            let (outer, size, inner) = input.shape.split(at: node.integer0)
            let scale: Float = node.op == .mean ? 1 / Float(size) : 1
            for o in 0..<outer {
                let gradientRow = g + o * inner
                for s in 0..<size {
                    let row = gx + (o * size + s) * inner
                    for i in 0..<inner { row[i] += gradientRow[i] * scale }
                }
            }
        }
    }

    func logSoftmax(_ x: Variable) -> Variable {
        let input = nodes[x.index]
        let columns = input.shape.last
        let rows = input.shape.rowCount
        let out = appendNode(.logSoftmax, shape: input.shape, requiresGradient: input.requiresGradient, a: x.index)
        let source = input.value
        let target = nodes[out].value
        for r in 0..<rows {
            let row = source + r * columns
            let result = target + r * columns
            var maximum = -Float.infinity
            for c in 0..<columns { maximum = Swift.max(maximum, row[c]) }
            var total: Float = 0
            for c in 0..<columns { total += expf(row[c] - maximum) }
            let logTotal = maximum + logf(total)
            for c in 0..<columns { result[c] = row[c] - logTotal }
        }
        return Variable(out, self)
    }

    func logSoftmaxBackward(_ node: Node) {
        let columns = node.shape.last
        let rows = node.shape.rowCount
        let g = node.gradient!
        let y = node.value
        let gx = gradientBuffer(node.a)
        for r in 0..<rows {
            let offset = r * columns
            var total: Float = 0
            for c in 0..<columns { total += g[offset + c] }
            for c in 0..<columns { gx[offset + c] += g[offset + c] - expf(y[offset + c]) * total }
        }
    }
}

extension Variable {
    /// The sum over `axis` (negative counts from the end), removing that axis unless
    /// `keepingDimension`.
    public func sum(alongAxis axis: Int, keepingDimension: Bool = false) -> Variable {
        tape.reduce(.sum, self, axis: axis, keepingDimension: keepingDimension)
    }

    /// The mean over `axis` (negative counts from the end).
    public func mean(alongAxis axis: Int, keepingDimension: Bool = false) -> Variable {
        tape.reduce(.mean, self, axis: axis, keepingDimension: keepingDimension)
    }

    /// The sum of every element (a scalar).
    public func sum() -> Variable { tape.reduceAll(.sumAll, self) }

    /// The mean of every element (a scalar).
    public func mean() -> Variable { tape.reduceAll(.meanAll, self) }

    /// log softmax over the last axis: x - log(sum(exp(x))), computed stably.
    public func logSoftmax() -> Variable { tape.logSoftmax(self) }
}
