import EmpowerBase
import EmpowerBenchmarks
import EmpowerNN
import EmpowerTestSupport
import Testing

@Suite("The benchmarked training step")
struct NNBenchmarkTests {
    @Test("a warm training step allocates no heap memory", .enabled(if: isOptimizedBuild, "allocation counts need an optimized build"))
    func noAllocationOnceWarm() {
        let step = NNBenchmark.RegressionStep(sizes: [78, 64, 64, 1], batch: 32)
        for _ in 0..<3 { step() }
        let allocations = countAllocations { for _ in 0..<10 { step() } }
        #expect(allocations == 0)
    }

    @Test("the allocation counter sees allocations (so the test above can fail)")
    func counterWorks() {
        let allocations = countAllocations { _ = Tensor(shape: [16]) }
        #expect(allocations >= 1)
    }

    @Test("a warm inference forward allocates no heap memory", .enabled(if: isOptimizedBuild, "allocation counts need an optimized build"))
    func inferenceNoAllocation() {
        var rng = Xoshiro256(seed: 1)
        let policy = MLP(name: "policy", sizes: [74, 32, 32, 8], using: &rng)
        let observation = Tensor(shape: [1, 74], repeating: 0.5)
        var output = Tensor(shape: [1, 8])
        let tape = Tape(recordsGradients: false)
        func forward() {
            tape.reset()
            tape.copyValue(of: policy(tape.constant(observation)), into: &output)
        }
        for _ in 0..<3 { forward() }
        #expect(countAllocations { for _ in 0..<10 { forward() } } == 0)
    }

    @Test("the benchmarked step really learns: the regression loss falls")
    func learns() {
        let step = NNBenchmark.RegressionStep(sizes: [78, 64, 64, 1], batch: 64)
        let first = step()
        for _ in 0..<300 { step() }
        #expect(step() < first * 0.2)
    }

    @Test("the same seed gives bit-identical parameters after training")
    func reproducible() {
        let a = NNBenchmark.RegressionStep(sizes: [78, 64, 64, 1], batch: 64, seed: 9)
        let b = NNBenchmark.RegressionStep(sizes: [78, 64, 64, 1], batch: 64, seed: 9)
        for _ in 0..<50 { a(); b() }
        for (x, y) in zip(a.network.parameters, b.network.parameters) { #expect(x.value == y.value) }
    }
}
