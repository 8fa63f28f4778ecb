import EmpowerBase

/// Spectral normalization (Miyato et al., 2018): a weight W divided by an estimate of its
/// largest singular value sigma(W), so the layer x -> x W / sigma is (at most about)
/// 1-Lipschitz.
///
/// sigma is estimated by power iteration, carried over from call to call: with u (size
/// `outputs`) from the last call,
///
///     v <- W u / |W u|,   u <- W^T v / |W^T v|,   sigma = v^T W u
///
/// (W is stored [inputs, outputs]). One iteration per training step is enough because W
/// changes slowly; `iterations` more converge from any start. The division is recorded on the
/// tape with u and v held constant, so the gradient flows through sigma = sum(W * v u^T) to W,
/// as in the paper.
///
/// ```swift
/// var normalization = SpectralNormalization(outputs: 64, using: &rng)
/// let w = normalization.normalizedWeight(layer.weight, on: tape, iterations: 1)   // W / sigma
/// let y = tape.linear(x, weight: w, bias: tape.parameter(layer.bias))
/// ```
public struct SpectralNormalization: Sendable {
    /// The right singular vector estimate (size `outputs`), kept between calls.
    public private(set) var u: [Float]
    /// sigma(W) of the last call.
    public private(set) var lastSigma: Float = 1
    var v: [Float] = []
    var outer: Tensor

    /// - Parameter outputs: the weight's column count; u starts as a random unit vector.
    public init(outputs: Int, using generator: inout some RandomNumberGenerator) {
        precondition(outputs > 0, "SpectralNormalization needs a positive size")
        var start = (0..<outputs).map { _ in generator.nextStandardNormal() }
        Self.normalize(&start)
        u = start
        outer = Tensor(shape: [1, outputs])
    }

    /// Restores a saved u (from a checkpoint).
    /// - Throws: ``TensorError`` when the size does not match.
    public mutating func restore(u saved: [Float]) throws(TensorError) {
        guard saved.count == u.count, saved.allSatisfy(\.isFinite) else {
            throw TensorError(.shapeMismatch, "a spectral-normalization vector of \(saved.count) values cannot replace one of \(u.count)")
        }
        u = saved
    }

    /// Runs `iterations` power-iteration steps on `weight` ([inputs, outputs]) and returns its
    /// largest-singular-value estimate, without touching any tape.
    @discardableResult
    public mutating func iterate(_ weight: Tensor, iterations: Int) -> Float {
        let rows = weight.shape[0], columns = weight.shape[1]
        precondition(columns == u.count, "SpectralNormalization of size \(u.count) got a weight with \(columns) columns")
        if v.count != rows { v = [Float](repeating: 0, count: rows) }
        weight.withUnsafeBufferPointer { w in
            for _ in 0..<max(iterations, 1) {
                for i in 0..<rows {
                    var total: Float = 0
                    for j in 0..<columns { total += w[i * columns + j] * u[j] }
                    v[i] = total
                }
                Self.normalize(&v)
                for j in 0..<columns { u[j] = 0 }
                for i in 0..<rows {
                    let vi = v[i]
                    for j in 0..<columns { u[j] += w[i * columns + j] * vi }
                }
                Self.normalize(&u)
            }
            var sigma: Float = 0
            for i in 0..<rows {
                var row: Float = 0
                for j in 0..<columns { row += w[i * columns + j] * u[j] }
                sigma += v[i] * row
            }
            lastSigma = sigma
        }
        return lastSigma
    }

    /// W / sigma(W) recorded on `tape`, after `iterations` power-iteration steps; with
    /// `trainable`, gradients reach `weight` through both W and sigma.
    public mutating func normalizedWeight(_ weight: Parameter, on tape: Tape, iterations: Int = 1, trainable: Bool = true) -> Variable {
        iterate(weight.value, iterations: iterations)
        let rows = weight.shape[0], columns = weight.shape[1]
        if outer.shape != Shape(rows: rows, columns: columns) { outer = Tensor(shape: Shape(rows: rows, columns: columns)) }
        outer.withUnsafeMutableBufferPointer { o in
            for i in 0..<rows { for j in 0..<columns { o[i * columns + j] = v[i] * u[j] } }
        }
        let w = tape.parameter(weight, trainable: trainable)
        let sigma = (w * tape.constant(outer)).sum()
        return w / sigma
    }

    static func normalize(_ vector: inout [Float]) {
        var squared: Float = 0
        for x in vector { squared += x * x }
        let norm = squared.squareRoot()
        guard norm > 1e-12 else { return }
        for i in vector.indices { vector[i] /= norm }
    }
}
