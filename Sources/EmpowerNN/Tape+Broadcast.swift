// Element-wise operations of two inputs with NumPy-style broadcasting: shapes are aligned on
// their last dimension, and each dimension must be equal or 1 in one of them.
//
//   [256, 4] + [4]      -> [256, 4]   (the row is repeated)
//   [256, 4] * [256, 1] -> [256, 4]   (the column is repeated)

/// Right-aligned, rank-4 view of two broadcast operands and their result. Built on the stack:
/// no heap allocation.
struct BroadcastPlan {
    var dims: SIMD4<Int>
    var stridesA: SIMD4<Int>
    var stridesB: SIMD4<Int>
    var sameShape: Bool
    var shape: Shape

    init?(_ a: Shape, _ b: Shape) {
        let rank = Swift.max(a.rank, b.rank)
        var aDims = SIMD4<Int>(repeating: 1)
        var bDims = SIMD4<Int>(repeating: 1)
        for i in 0..<a.rank { aDims[4 - a.rank + i] = a[i] }
        for i in 0..<b.rank { bDims[4 - b.rank + i] = b[i] }
        var outDims = SIMD4<Int>(repeating: 1)
        for i in 0..<4 {
            if aDims[i] == bDims[i] || bDims[i] == 1 {
                outDims[i] = aDims[i]
            } else if aDims[i] == 1 {
                outDims[i] = bDims[i]
            } else {
                return nil
            }
        }
        func strides(_ d: SIMD4<Int>) -> SIMD4<Int> {
            let full = SIMD4<Int>(d[3] * d[2] * d[1], d[3] * d[2], d[3], 1)
            var result = full
            for i in 0..<4 where d[i] == 1 { result[i] = 0 }
            return result
        }
        dims = outDims
        stridesA = strides(aDims)
        stridesB = strides(bDims)
        sameShape = aDims == bDims
        let o = outDims
        switch rank {
        case 0: shape = .scalar
        case 1: shape = Shape(rank: 1, o[3], 1, 1, 1)
        case 2: shape = Shape(rank: 2, o[2], o[3], 1, 1)
        case 3: shape = Shape(rank: 3, o[1], o[2], o[3], 1)
        default: shape = Shape(rank: 4, o[0], o[1], o[2], o[3])
        }
    }

    /// Calls `body(out, ia, ib)` for every output element, in row-major order.
    @inline(__always)
    func forEach(_ body: (Int, Int, Int) -> Void) {
        var out = 0
        let sa = stridesA[3], sb = stridesB[3]
        for i0 in 0..<dims[0] {
            for i1 in 0..<dims[1] {
                for i2 in 0..<dims[2] {
                    let baseA = i0 * stridesA[0] + i1 * stridesA[1] + i2 * stridesA[2]
                    let baseB = i0 * stridesB[0] + i1 * stridesB[1] + i2 * stridesB[2]
                    for i3 in 0..<dims[3] {
                        body(out, baseA + i3 * sa, baseB + i3 * sb)
                        out += 1
                    }
                }
            }
        }
    }
}

extension Tape {
    func binary(_ op: Operation, _ a: Variable, _ b: Variable) -> Variable {
        let nodeA = nodes[a.index]
        let nodeB = nodes[b.index]
        guard let plan = BroadcastPlan(nodeA.shape, nodeB.shape) else {
            preconditionFailure("\(op): shapes \(nodeA.shape) and \(nodeB.shape) do not broadcast")
        }
        let out = appendNode(op, shape: plan.shape, requiresGradient: nodeA.requiresGradient || nodeB.requiresGradient, a: a.index, b: b.index)
        let x = nodeA.value, y = nodeB.value, z = nodes[out].value
        if plan.sameShape {
            let count = plan.shape.elementCount
            switch op {
            case .add: for i in 0..<count { z[i] = x[i] + y[i] }
            case .subtract: for i in 0..<count { z[i] = x[i] - y[i] }
            case .multiply: for i in 0..<count { z[i] = x[i] * y[i] }
            case .divide: for i in 0..<count { z[i] = x[i] / y[i] }
            case .minimum: for i in 0..<count { z[i] = Swift.min(x[i], y[i]) }
            default: preconditionFailure("\(op) is not a binary operation")
            }
        } else {
            switch op {
            case .add: plan.forEach { o, i, j in z[o] = x[i] + y[j] }
            case .subtract: plan.forEach { o, i, j in z[o] = x[i] - y[j] }
            case .multiply: plan.forEach { o, i, j in z[o] = x[i] * y[j] }
            case .divide: plan.forEach { o, i, j in z[o] = x[i] / y[j] }
            case .minimum: plan.forEach { o, i, j in z[o] = Swift.min(x[i], y[j]) }
            default: preconditionFailure("\(op) is not a binary operation")
            }
        }
        return Variable(out, self)
    }

    func binaryBackward(_ node: Node) {
        let nodeA = nodes[node.a]
        let nodeB = nodes[node.b]
        guard let plan = BroadcastPlan(nodeA.shape, nodeB.shape) else { return }
        let g = node.gradient!
        let x = nodeA.value, y = nodeB.value
        let ga = nodeA.requiresGradient ? gradientBuffer(node.a) : nil
        let gb = nodeB.requiresGradient ? gradientBuffer(node.b) : nil
        switch node.op {
        case .add:
            if let ga { plan.forEach { o, i, _ in ga[i] += g[o] } }
            if let gb { plan.forEach { o, _, j in gb[j] += g[o] } }
        case .subtract:
            if let ga { plan.forEach { o, i, _ in ga[i] += g[o] } }
            if let gb { plan.forEach { o, _, j in gb[j] -= g[o] } }
        case .multiply:
            if let ga { plan.forEach { o, i, j in ga[i] += g[o] * y[j] } }
            if let gb { plan.forEach { o, i, j in gb[j] += g[o] * x[i] } }
        case .divide:
            if let ga { plan.forEach { o, i, j in ga[i] += g[o] / y[j] } }
            if let gb { plan.forEach { o, i, j in gb[j] -= g[o] * x[i] / (y[j] * y[j]) } }
        case .minimum:
            // Ties send the gradient to the first operand.
            if let ga { plan.forEach { o, i, j in if x[i] <= y[j] { ga[i] += g[o] } } }
            if let gb { plan.forEach { o, i, j in if x[i] > y[j] { gb[j] += g[o] } } }
        default:
            preconditionFailure("\(node.op) is not a binary operation")
        }
    }
}

extension Variable {
    public static func + (a: Variable, b: Variable) -> Variable { a.tape.binary(.add, a, b) }
    public static func - (a: Variable, b: Variable) -> Variable { a.tape.binary(.subtract, a, b) }
    public static func * (a: Variable, b: Variable) -> Variable { a.tape.binary(.multiply, a, b) }
    public static func / (a: Variable, b: Variable) -> Variable { a.tape.binary(.divide, a, b) }

    /// The element-wise minimum (as in the twin-critic target min(Q1, Q2)); on ties the
    /// gradient goes to `self`.
    public func minimum(_ other: Variable) -> Variable { tape.binary(.minimum, self, other) }
}
