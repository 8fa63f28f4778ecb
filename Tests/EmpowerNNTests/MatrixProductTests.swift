import EmpowerBase
import EmpowerNN
import Testing

/// C = alpha A B + beta C in double precision, the reference every path is checked against.
func referenceProduct(m: Int, n: Int, k: Int, alpha: Float, a: [Float], b: [Float], beta: Float, c: [Float]) -> [Float] {
    (0..<(m * n)).map { index in
        let i = index / n, j = index % n
        var total = 0.0
        for p in 0..<k { total += Double(a[i * k + p]) * Double(b[p * n + j]) }
        return Float(Double(alpha) * total + Double(beta) * Double(c[index]))
    }
}

@Suite("Matrix products")
struct MatrixProductTests {
    /// Every path of `BLAS.gemm` without transposes: Empower's kernels for few rows (acting)
    /// and for few columns, and OpenBLAS for the rest.
    @Test("BLAS.gemm matches the reference for few rows, few columns and large shapes",
          arguments: [(1, 256, 74), (1, 64, 3), (2, 130, 17), (3, 64, 256), (4, 200, 9), (5, 256, 40), (8, 512, 78), (9, 256, 64), (1, 8, 256), (256, 256, 78), (3, 15, 20)])
    func matchesReference(shape: (Int, Int, Int)) {
        let (m, n, k) = shape
        var generator = Xoshiro256(seed: UInt64(m * 1_000_000 + n * 1000 + k))
        let a = (0..<(m * k)).map { _ in generator.nextFloat(in: -1, 1) }
        let b = (0..<(k * n)).map { _ in generator.nextFloat(in: -1, 1) }
        let initial = (0..<(m * n)).map { _ in generator.nextFloat(in: -1, 1) }
        for (alpha, beta) in [(Float(1), Float(0)), (0.5, 1), (2, -0.25)] {
            var c = initial
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    c.withUnsafeMutableBufferPointer { c in
                        BLAS.gemm(m: m, n: n, k: k, alpha: alpha, a: a.baseAddress!, b: b.baseAddress!, beta: beta, c: c.baseAddress!)
                    }
                }
            }
            let expected = referenceProduct(m: m, n: n, k: k, alpha: alpha, a: a, b: b, beta: beta, c: initial)
            let worst = zip(c, expected).map { abs($0 - $1) }.max() ?? 0
            #expect(worst <= 1e-4 * Float(k).squareRoot() * 4, "m \(m) n \(n) k \(k) alpha \(alpha) beta \(beta): largest error \(worst)")
        }
    }

    @Test("a row's product through the few-rows kernel does not depend on how many rows come with it")
    func rowsAreIndependent() {
        let n = 256, k = 74
        var generator = Xoshiro256(seed: 7)
        let a = (0..<(8 * k)).map { _ in generator.nextFloat(in: -1, 1) }
        let b = (0..<(k * n)).map { _ in generator.nextFloat(in: -1, 1) }
        func product(rows: Int) -> [Float] {
            var c = [Float](repeating: 0, count: rows * n)
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    c.withUnsafeMutableBufferPointer { c in
                        BLAS.gemm(m: rows, n: n, k: k, a: a.baseAddress!, b: b.baseAddress!, c: c.baseAddress!)
                    }
                }
            }
            return c
        }
        let all = product(rows: 8)
        for rows in 1...7 { #expect(Array(all.prefix(rows * n)) == product(rows: rows), "\(rows) rows") }
    }
}
