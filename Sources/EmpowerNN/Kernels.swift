/// Vector kernels for the element-wise work around the matrix products (the ReLU
/// pass, the tanh derivative, bias gradients, norms). The ReLU-mask pass of a linear layer's
/// backward step, Adam, Polyak averaging and narrow products are C (`CKernels`), compiled for
/// AVX-512 and AVX2 too.
///
/// Written with `SIMD8<Float>` so they vectorize on any x86-64 target, with plain loops for
/// the tails; no kernel allocates. Results are deterministic: the summation order depends only
/// on the length.
enum Kernels {
    typealias Vector = SIMD8<Float>
    static let width = 8

    @inline(__always)
    static func load(_ pointer: UnsafePointer<Float>, _ offset: Int) -> Vector {
        UnsafeRawPointer(pointer + offset).loadUnaligned(as: Vector.self)
    }

    @inline(__always)
    static func store(_ value: Vector, _ pointer: UnsafeMutablePointer<Float>, _ offset: Int) {
        UnsafeMutableRawPointer(pointer + offset).storeBytes(of: value, as: Vector.self)
    }

    /// y = max(y, 0), in place.
    static func reluInPlace(_ y: UnsafeMutablePointer<Float>, count: Int) {
        let vectorEnd = count - count % width
        let zero = Vector(repeating: 0)
        var i = 0
        while i < vectorEnd {
            let v = load(y, i)
            store(v.replacing(with: 0, where: v .< zero), y, i)
            i += width
        }
        while i < count {
            y[i] = Swift.max(y[i], 0)
            i += 1
        }
    }

    /// out = g * (1 - y^2) (the tanh derivative applied to a gradient, from the tanh's output).
    static func tanhDerivative(gradient g: UnsafePointer<Float>, output y: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, count: Int) {
        let vectorEnd = count - count % width
        let one = Vector(repeating: 1)
        var i = 0
        while i < vectorEnd {
            let v = load(y, i)
            store(load(g, i) * (one - v * v), out, i)
            i += width
        }
        while i < count {
            out[i] = g[i] * (1 - y[i] * y[i])
            i += 1
        }
    }

    /// sums[j] += sum over rows r of matrix[r, j] (a bias gradient).
    static func accumulateColumnSums(_ matrix: UnsafePointer<Float>, rows: Int, columns: Int, into sums: UnsafeMutablePointer<Float>) {
        let vectorEnd = columns - columns % width
        var j = 0
        while j < vectorEnd {
            var total = load(sums, j)
            for r in 0..<rows { total += load(matrix, r * columns + j) }
            store(total, sums, j)
            j += width
        }
        while j < columns {
            var total = sums[j]
            for r in 0..<rows { total += matrix[r * columns + j] }
            sums[j] = total
            j += 1
        }
    }

    /// The sum of squares of `count` elements, accumulated in 8 lanes then in Double.
    static func sumOfSquares(_ x: UnsafePointer<Float>, count: Int) -> Double {
        let vectorEnd = count - count % width
        var lanes = Vector(repeating: 0)
        var i = 0
        while i < vectorEnd {
            let v = load(x, i)
            lanes += v * v
            i += width
        }
        var total: Double = 0
        for lane in 0..<width { total += Double(lanes[lane]) }
        while i < count {
            total += Double(x[i] * x[i])
            i += 1
        }
        return total
    }

}
