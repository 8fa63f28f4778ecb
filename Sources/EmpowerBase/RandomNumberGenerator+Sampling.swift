/// Sampling primitives with a fixed definition, so a seed means the same numbers on every
/// toolchain (the standard library's `Float.random(in:)` does not promise that).
extension RandomNumberGenerator {
    /// A uniform `Float` in [0, 1) from the top 24 bits of one 64-bit draw.
    @inlinable
    public mutating func nextUnitFloat() -> Float {
        Float(next() >> 40) * 0x1p-24
    }

    /// A uniform `Double` in [0, 1) from the top 53 bits of one 64-bit draw.
    @inlinable
    public mutating func nextUnitDouble() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A uniform `Float` in [low, high).
    @inlinable
    public mutating func nextFloat(in low: Float, _ high: Float) -> Float {
        low + (high - low) * nextUnitFloat()
    }

    /// A uniform integer in 0..<upperBound (Lemire's nearly divisionless method, unbiased).
    /// - Precondition: `upperBound > 0`.
    @inlinable
    public mutating func nextIndex(below upperBound: Int) -> Int {
        precondition(upperBound > 0, "nextIndex(below:) needs a positive bound, got \(upperBound)")
        let bound = UInt64(upperBound)
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold {
                product = next().multipliedFullWidth(by: bound)
            }
        }
        return Int(product.high)
    }

    /// A standard normal sample by the Box-Muller transform (one sample per two uniforms; the
    /// second is discarded so each call consumes exactly two draws).
    @inlinable
    public mutating func nextStandardNormal() -> Float {
        // u1 in (0, 1]: avoids log(0).
        let u1 = 1.0 - nextUnitDouble()
        let u2 = nextUnitDouble()
        let radius = (-2.0 * _log(u1)).squareRoot()
        return Float(radius * _cos(2.0 * Double.pi * u2))
    }

    /// Fills `buffer` with standard normal samples.
    @inlinable
    public mutating func fillStandardNormal(_ buffer: UnsafeMutableBufferPointer<Float>) {
        for i in buffer.indices { buffer[i] = nextStandardNormal() }
    }
}
