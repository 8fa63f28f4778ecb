/// Vector kernels for the element-wise work around the matrix products (activations, their
/// derivatives, bias gradients, norms); the Adam update is in C (`CKernels`).
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

    /// out = y > 0 ? g : 0 (the ReLU derivative applied to a gradient, from the ReLU's output).
    static func reluMask(gradient g: UnsafePointer<Float>, output y: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, count: Int) {
        let vectorEnd = count - count % width
        let zero = Vector(repeating: 0)
        var i = 0
        while i < vectorEnd {
            store(load(g, i).replacing(with: 0, where: load(y, i) .<= zero), out, i)
            i += width
        }
        while i < count {
            out[i] = y[i] > 0 ? g[i] : 0
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

    /// destination += source, element-wise.
    static func accumulate(_ source: UnsafePointer<Float>, into destination: UnsafeMutablePointer<Float>, count: Int) {
        let vectorEnd = count - count % width
        var i = 0
        while i < vectorEnd {
            store(load(destination, i) + load(source, i), destination, i)
            i += width
        }
        while i < count {
            destination[i] += source[i]
            i += 1
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

    /// y = activation(y + bias) for every row of a [rows, columns] matrix, in place: the bias
    /// and the activation of a linear layer in one pass after a beta = 0 product.
    static func addBiasAndActivate(_ y: UnsafeMutablePointer<Float>, bias: UnsafePointer<Float>, rows: Int, columns: Int, activation: Activation) {
        let vectorEnd = columns - columns % width
        let zero = Vector(repeating: 0)
        for r in 0..<rows {
            let row = y + r * columns
            var j = 0
            switch activation {
            case .relu:
                while j < vectorEnd {
                    let v = load(row, j) + load(bias, j)
                    store(v.replacing(with: 0, where: v .< zero), row, j)
                    j += width
                }
                while j < columns {
                    row[j] = Swift.max(row[j] + bias[j], 0)
                    j += 1
                }
            case .identity, .tanh:
                while j < vectorEnd {
                    store(load(row, j) + load(bias, j), row, j)
                    j += width
                }
                while j < columns {
                    row[j] += bias[j]
                    j += 1
                }
                if activation == .tanh {
                    for k in 0..<columns { row[k] = _tanh(row[k]) }
                }
            }
        }
    }

    /// out = y > 0 ? g : 0 for a [rows, columns] matrix, and sums[j] += the column sums of out
    /// (the ReLU derivative and the bias gradient of a linear layer in one pass).
    static func reluMaskAndColumnSums(
        gradient g: UnsafePointer<Float>, output y: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>,
        rows: Int, columns: Int, sums: UnsafeMutablePointer<Float>?
    ) {
        guard let sums else {
            reluMask(gradient: g, output: y, into: out, count: rows * columns)
            return
        }
        // Row by row: the rows stream through once and the sums stay in L1.
        let vectorEnd = columns - columns % width
        let zero = Vector(repeating: 0)
        for r in 0..<rows {
            let offset = r * columns
            var j = 0
            while j < vectorEnd {
                let masked = load(g, offset + j).replacing(with: 0, where: load(y, offset + j) .<= zero)
                store(masked, out, offset + j)
                store(load(sums, j) + masked, sums, j)
                j += width
            }
            while j < columns {
                let masked = y[offset + j] > 0 ? g[offset + j] : 0
                out[offset + j] = masked
                sums[j] += masked
                j += 1
            }
        }
    }
}
