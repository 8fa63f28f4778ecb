import EmpowerBase

/// How a weight matrix [fanIn, fanOut] is initialized.
///
/// ```swift
/// var rng = Xoshiro256(seed: 0)
/// let w = Initializer.heUniform.tensor(shape: [78, 256], using: &rng)
/// ```
public enum Initializer: Codable, Sendable, Hashable {
    /// All zeros.
    case zeros
    /// Every element `value`.
    case constant(Float)
    /// U(-a, a) with a = sqrt(6 / (fanIn + fanOut)) (Glorot and Bengio, 2010).
    case xavierUniform
    /// N(0, s^2) with s = sqrt(2 / (fanIn + fanOut)).
    case xavierNormal
    /// U(-a, a) with a = sqrt(6 / fanIn) (He et al., 2015), for ReLU layers.
    case heUniform
    /// N(0, 2 / fanIn).
    case heNormal
    /// A (semi-)orthogonal matrix times `gain` (Saxe et al., 2014): rows or columns orthonormal.
    case orthogonal(gain: Float = 1)
    /// U(low, high).
    case uniform(low: Float, high: Float)

    /// A tensor of `shape` (rank 1 or 2; rank 1 is treated as [1, n]) drawn from this scheme.
    public func tensor(shape: Shape, using generator: inout some RandomNumberGenerator) -> Tensor {
        var result = Tensor(shape: shape)
        let fanIn = shape.rank >= 2 ? shape[0] : 1
        let fanOut = shape.rank >= 2 ? shape.elementCount / shape[0] : shape.elementCount
        result.withUnsafeMutableBufferPointer { buffer in
            switch self {
            case .zeros:
                buffer.update(repeating: 0)
            case .constant(let value):
                buffer.update(repeating: value)
            case .xavierUniform:
                let bound = (6 / Float(fanIn + fanOut)).squareRoot()
                for i in buffer.indices { buffer[i] = generator.nextFloat(in: -bound, bound) }
            case .xavierNormal:
                let deviation = (2 / Float(fanIn + fanOut)).squareRoot()
                for i in buffer.indices { buffer[i] = deviation * generator.nextStandardNormal() }
            case .heUniform:
                let bound = (6 / Float(fanIn)).squareRoot()
                for i in buffer.indices { buffer[i] = generator.nextFloat(in: -bound, bound) }
            case .heNormal:
                let deviation = (2 / Float(fanIn)).squareRoot()
                for i in buffer.indices { buffer[i] = deviation * generator.nextStandardNormal() }
            case .orthogonal(let gain):
                Initializer.fillOrthogonal(buffer, rows: fanIn, columns: fanOut, gain: gain, using: &generator)
            case .uniform(let low, let high):
                for i in buffer.indices { buffer[i] = generator.nextFloat(in: low, high) }
            }
        }
        return result
    }

    /// Fills a rows x columns matrix whose rows (when rows <= columns) or columns (otherwise)
    /// are orthonormal: modified Gram-Schmidt, in Double, on a Gaussian matrix.
    /// Cost: O(rows * columns * min(rows, columns)), once at construction.
    static func fillOrthogonal(
        _ buffer: UnsafeMutableBufferPointer<Float>, rows: Int, columns: Int, gain: Float,
        using generator: inout some RandomNumberGenerator
    ) {
        // Orthonormalize the shorter side: vectors of length `length`, `vectorCount` of them.
        let transposed = rows > columns
        let vectorCount = transposed ? columns : rows
        let length = transposed ? rows : columns
        var vectors = [Double](repeating: 0, count: vectorCount * length)
        for i in vectors.indices { vectors[i] = Double(generator.nextStandardNormal()) }
        for v in 0..<vectorCount {
            for u in 0..<v {
                var dot = 0.0
                for i in 0..<length { dot += vectors[v * length + i] * vectors[u * length + i] }
                for i in 0..<length { vectors[v * length + i] -= dot * vectors[u * length + i] }
            }
            var norm = 0.0
            for i in 0..<length { norm += vectors[v * length + i] * vectors[v * length + i] }
            norm = norm.squareRoot()
            let scale = norm > 1e-12 ? 1 / norm : 0
            for i in 0..<length { vectors[v * length + i] *= scale }
        }
        for r in 0..<rows {
            for c in 0..<columns {
                let value = transposed ? vectors[c * length + r] : vectors[r * length + c]
                buffer[r * columns + c] = gain * Float(value)
            }
        }
    }
}
