import EmpowerNN

/// Stores integers exactly in a Float32 tensor, for counters inside checkpoints.
///
/// A Float32 holds integers exactly only up to 2^24, so each `Int` is split into four 16-bit
/// digits (of its two's-complement bit pattern, least significant first): shape [n, 4].
///
/// ```swift
/// let tensor = IntegerTensor.encode([12_000_000_000, -1])
/// try IntegerTensor.decode(tensor, count: 2)   // [12000000000, -1]
/// ```
public enum IntegerTensor {
    /// The tensor holding `values`.
    public static func encode(_ values: [Int]) -> Tensor {
        var tensor = Tensor(shape: Shape(rows: values.count, columns: 4))
        tensor.withUnsafeMutableBufferPointer { elements in
            for (i, value) in values.enumerated() {
                let bits = UInt64(bitPattern: Int64(value))
                for digit in 0..<4 { elements[i * 4 + digit] = Float((bits >> (16 * UInt64(digit))) & 0xFFFF) }
            }
        }
        return tensor
    }

    /// The integers in `tensor`, or nil when it is not a valid encoding of `count` integers.
    public static func decode(_ tensor: Tensor, count: Int) -> [Int]? {
        guard tensor.shape == Shape(rows: count, columns: 4) else { return nil }
        var result: [Int] = []
        for i in 0..<count {
            var bits: UInt64 = 0
            for digit in 0..<4 {
                let value = tensor[i * 4 + digit]
                guard value >= 0, value <= 65535, value.rounded(.towardZero) == value else { return nil }
                bits |= UInt64(value) << (16 * UInt64(digit))
            }
            result.append(Int(Int64(bitPattern: bits)))
        }
        return result
    }
}
