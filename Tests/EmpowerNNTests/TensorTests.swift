import EmpowerBase
import EmpowerNN
import Testing

@Suite("Tensor and Shape")
struct TensorTests {
    @Test("copies share storage until mutated")
    func copyOnWrite() {
        var a = Tensor([1, 2, 3])
        let b = a
        a[0] = 10
        #expect(a.scalars == [10, 2, 3])
        #expect(b.scalars == [1, 2, 3])
    }

    @Test("a wrong element count is a typed error")
    func elementCount() {
        #expect(throws: TensorError.self) { try Tensor(shape: [2, 2], scalars: [1, 2, 3]) }
        #expect(throws: TensorError.self) { try Tensor([1, 2, 3]).reshaped(to: [2, 2]) }
    }

    @Test("shapes report rank, counts and axes")
    func shapes() {
        let shape: Shape = [2, 3, 4]
        #expect(shape.rank == 3 && shape.elementCount == 24 && shape[-1] == 4 && shape.rowCount == 6)
        #expect(shape.removing(axis: 1) == [2, 4])
        #expect(shape.replacing(axis: 0, with: 5) == [5, 3, 4])
        #expect(Shape.scalar.elementCount == 1)
    }

    @Test("orthogonal initialization gives orthonormal rows", arguments: [(3, 5), (5, 3), (4, 4)])
    func orthogonal(rows: Int, columns: Int) {
        var rng = Xoshiro256(seed: 4)
        let w = Initializer.orthogonal(gain: 1).tensor(shape: [rows, columns], using: &rng)
        let byRows = rows <= columns
        let count = byRows ? rows : columns
        for i in 0..<count {
            for j in 0..<count {
                var dot: Float = 0
                for k in 0..<(byRows ? columns : rows) {
                    dot += byRows ? w[i * columns + k] * w[j * columns + k] : w[k * columns + i] * w[k * columns + j]
                }
                #expect(abs(dot - (i == j ? 1 : 0)) < 1e-5)
            }
        }
    }

    @Test("initializers respect their bounds and are reproducible")
    func initializers() {
        var a = Xoshiro256(seed: 5)
        var b = Xoshiro256(seed: 5)
        let x = Initializer.heUniform.tensor(shape: [24, 10], using: &a)
        #expect(x == Initializer.heUniform.tensor(shape: [24, 10], using: &b))
        let bound = (6 / Float(24)).squareRoot()
        #expect(x.scalars.allSatisfy { abs($0) <= bound })
        #expect(Initializer.constant(3).tensor(shape: [4], using: &a).scalars == [3, 3, 3, 3])
    }

    @Test("matmul matches a hand-computed product")
    func matmulValues() throws {
        let tape = Tape()
        let a = tape.constant(try Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6]))
        let b = tape.constant(try Tensor(shape: [3, 2], scalars: [7, 8, 9, 10, 11, 12]))
        #expect(tape.value(of: a.matmul(b)).scalars == [58, 64, 139, 154])
        #expect(tape.matrixFloatingPointOperations == 2 * 2 * 2 * 3)
    }

    @Test("broadcast shapes combine from the right")
    func broadcastShapes() throws {
        let tape = Tape()
        let a = tape.constant(Tensor(shape: [2, 3, 4]))
        #expect((a + tape.constant(Tensor(shape: [4]))).shape == [2, 3, 4])
        #expect((a * tape.constant(Tensor(shape: [3, 1]))).shape == [2, 3, 4])
        let column = tape.constant(try Tensor(shape: [2, 1], scalars: [1, 2]))
        let row = tape.constant(try Tensor(shape: [3], scalars: [10, 20, 30]))
        #expect(tape.value(of: column + row).scalars == [11, 21, 31, 12, 22, 32])
    }

    @Test("resize keeps storage for the same element count and zero-fills a new one; assign copies shape and elements")
    func resizeAndAssign() throws {
        var t = try Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        t.resize(to: [3, 2])
        #expect(t.shape == [3, 2] && t.scalars == [1, 2, 3, 4, 5, 6])
        t.resize(to: [4])
        #expect(t.shape == [4] && t.scalars == [0, 0, 0, 0])
        let source = try Tensor(shape: [2, 2], scalars: [7, 8, 9, 10])
        t.assign(source)
        #expect(t == source)
        t[0] = 1
        #expect(source.scalars == [7, 8, 9, 10], "assign copies; it does not share")
    }
}
