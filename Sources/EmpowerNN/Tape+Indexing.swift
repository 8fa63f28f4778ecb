// Picking, joining and cutting: gather, concat, slice, reshape, detach.
extension Tape {
    /// One element per row of `x`'s last axis: out[r] = x[r, indices[r]].
    ///
    /// With `x` of shape [B, K] and B indices, the result has shape [B]. Used for log q(z|s)
    /// of the sampled skill and log pi(a|s) of a taken discrete action.
    /// - Precondition: one index per row, each in 0..<K.
    public func gather(_ x: Variable, indices: UnsafeBufferPointer<Int32>) -> Variable {
        let input = nodes[x.index]
        let columns = input.shape.last
        let rows = input.shape.rowCount
        precondition(indices.count == rows, "gather: \(rows) rows need \(rows) indices, got \(indices.count)")
        let shape = input.shape.rank <= 1 ? Shape.scalar : input.shape.removing(axis: -1)
        let out = appendNode(.gather, shape: shape, requiresGradient: input.requiresGradient, a: x.index)
        let stored = UnsafeMutableRawPointer(arena.allocate(rows))
        let source = input.value
        let target = nodes[out].value
        for r in 0..<rows {
            let index = indices[r]
            precondition(index >= 0 && Int(index) < columns, "gather: index \(index) in row \(r) is outside 0..<\(columns)")
            stored.storeBytes(of: index, toByteOffset: r * 4, as: Int32.self)
            target[r] = source[r * columns + Int(index)]
        }
        nodes[out].indices = stored
        return Variable(out, self)
    }

    func gatherBackward(_ node: Node) {
        let input = nodes[node.a]
        let columns = input.shape.last
        let rows = input.shape.rowCount
        let g = node.gradient!
        let gx = gradientBuffer(node.a)
        guard let stored = node.indices else { return }
        for r in 0..<rows {
            let index = Int(stored.load(fromByteOffset: r * 4, as: Int32.self))
            gx[r * columns + index] += g[r]
        }
    }

    /// `a` and `b` joined along `axis` (their other dimensions must match).
    public func concat(_ a: Variable, _ b: Variable, alongAxis axis: Int = -1) -> Variable {
        let nodeA = nodes[a.index], nodeB = nodes[b.index]
        let rank = nodeA.shape.rank
        let ax = axis < 0 ? axis + rank : axis
        precondition(nodeB.shape.rank == rank && ax >= 0 && ax < rank, "concat: shapes \(nodeA.shape) and \(nodeB.shape) cannot be joined along axis \(axis)")
        for i in 0..<rank where i != ax {
            precondition(nodeA.shape[i] == nodeB.shape[i], "concat: shapes \(nodeA.shape) and \(nodeB.shape) differ outside axis \(axis)")
        }
        let (outer, sizeA, inner) = nodeA.shape.split(at: ax)
        let sizeB = nodeB.shape[ax]
        let shape = nodeA.shape.replacing(axis: ax, with: sizeA + sizeB)
        let out = appendNode(.concat, shape: shape, requiresGradient: nodeA.requiresGradient || nodeB.requiresGradient, a: a.index, b: b.index)
        nodes[out].integer0 = ax
        let target = nodes[out].value
        let blockA = sizeA * inner, blockB = sizeB * inner
        for o in 0..<outer {
            (target + o * (blockA + blockB)).update(from: nodeA.value + o * blockA, count: blockA)
            (target + o * (blockA + blockB) + blockA).update(from: nodeB.value + o * blockB, count: blockB)
        }
        return Variable(out, self)
    }

    func concatBackward(_ node: Node) {
        let nodeA = nodes[node.a], nodeB = nodes[node.b]
        let (outer, sizeA, inner) = nodeA.shape.split(at: node.integer0)
        let sizeB = nodeB.shape[node.integer0]
        let blockA = sizeA * inner, blockB = sizeB * inner
        let g = node.gradient!
        if nodeA.requiresGradient {
            let ga = gradientBuffer(node.a)
            for o in 0..<outer {
                let source = g + o * (blockA + blockB)
                for i in 0..<blockA { ga[o * blockA + i] += source[i] }
            }
        }
        if nodeB.requiresGradient {
            let gb = gradientBuffer(node.b)
            for o in 0..<outer {
                let source = g + o * (blockA + blockB) + blockA
                for i in 0..<blockB { gb[o * blockB + i] += source[i] }
            }
        }
    }

    /// The part of `x` at positions `range` along `axis`.
    public func slice(_ x: Variable, alongAxis axis: Int = -1, _ range: Range<Int>) -> Variable {
        let input = nodes[x.index]
        let rank = input.shape.rank
        let ax = axis < 0 ? axis + rank : axis
        precondition(ax >= 0 && ax < rank, "slice: axis \(axis) is out of range for shape \(input.shape)")
        let (outer, size, inner) = input.shape.split(at: ax)
        precondition(range.lowerBound >= 0 && range.upperBound <= size, "slice: \(range) is outside 0..<\(size) on axis \(axis)")
        let shape = input.shape.replacing(axis: ax, with: range.count)
        let out = appendNode(.slice, shape: shape, requiresGradient: input.requiresGradient, a: x.index)
        nodes[out].integer0 = ax
        nodes[out].integer1 = range.lowerBound
        let target = nodes[out].value
        let block = range.count * inner
        for o in 0..<outer {
            (target + o * block).update(from: input.value + (o * size + range.lowerBound) * inner, count: block)
        }
        return Variable(out, self)
    }

    func sliceBackward(_ node: Node) {
        let input = nodes[node.a]
        let (outer, size, inner) = input.shape.split(at: node.integer0)
        let count = node.shape[node.integer0]
        let block = count * inner
        let g = node.gradient!
        let gx = gradientBuffer(node.a)
        for o in 0..<outer {
            let target = gx + (o * size + node.integer1) * inner
            for i in 0..<block { target[i] += g[o * block + i] }
        }
    }

    /// `x` seen with another shape of the same element count (no copy).
    public func reshape(_ x: Variable, to shape: Shape) -> Variable {
        let input = nodes[x.index]
        precondition(input.shape.elementCount == shape.elementCount, "reshape: \(input.shape) has \(input.shape.elementCount) elements, \(shape) needs \(shape.elementCount)")
        var node = Node(op: .reshape, shape: shape, value: input.value, requiresGradient: input.requiresGradient)
        node.a = x.index
        nodes.append(node)
        return Variable(nodes.count - 1, self)
    }

    func detach(_ x: Variable) -> Variable {
        let input = nodes[x.index]
        var node = Node(op: .detach, shape: input.shape, value: input.value, requiresGradient: false)
        node.a = x.index
        nodes.append(node)
        return Variable(nodes.count - 1, self)
    }

    func reshapeBackward(_ node: Node) {
        let g = node.gradient!
        let gx = gradientBuffer(node.a)
        for i in 0..<node.shape.elementCount { gx[i] += g[i] }
    }
}

extension Variable {
    /// `self` and `other` joined along the last axis (e.g. observation and skill one-hot).
    public func concatenated(with other: Variable) -> Variable { tape.concat(self, other) }

    /// Columns `range` of the last axis.
    public func sliced(_ range: Range<Int>) -> Variable { tape.slice(self, range) }

    /// The same elements with another shape.
    public func reshaped(to shape: Shape) -> Variable { tape.reshape(self, to: shape) }

    /// One element per row of the last axis, chosen by `indices`.
    public func gathered(at indices: UnsafeBufferPointer<Int32>) -> Variable { tape.gather(self, indices: indices) }

    /// One element per row of the last axis, chosen by `indices`.
    public func gathered(at indices: [Int32]) -> Variable {
        indices.withUnsafeBufferPointer { tape.gather(self, indices: $0) }
    }
}
