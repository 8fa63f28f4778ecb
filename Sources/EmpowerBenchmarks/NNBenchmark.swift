import EmpowerBase
import EmpowerNN

/// `empower bench nn`: the numeric core against the machine's own limit, in one run.
///
/// - sgemm peak: best GFLOP/s of `cblas_sgemm` on 256x256x256 and 256x64x256 (M x K x N).
/// - MLP training step: forward, mean-squared-error loss, backward and Adam for a 2x256 ReLU
///   MLP (78 -> 256 -> 256 -> 1) and a 2x64 MLP (78 -> 64 -> 64 -> 1), batch 256.
///   GFLOP/s counts the matrix products the step runs (forward and backward, 2 MNK each).
/// - Policy forward: batch-1 forward of a 74 -> 256 -> 256 -> 8 MLP (an actor's mean and
///   log-std for 4 action dimensions) on an inference tape.
///
/// Step times are the median over samples of many repetitions, after a warm-up.
public struct NNBenchmark {
    public struct Result: Sendable {
        public var threads: Int
        public var sgemmPeakGFLOPS: Double
        public var sgemmSquareGFLOPS: Double
        public var sgemmThinGFLOPS: Double
        public var mlp256StepMilliseconds: Double
        public var mlp256GFLOPS: Double
        public var mlp256FLOPPerStep: Int
        public var mlp64StepMilliseconds: Double
        public var mlp64GFLOPS: Double
        public var policyForwardMicroseconds: Double
        public var blasConfiguration: String

        /// mlp256 GFLOP/s as a fraction of the sgemm peak measured in the same run.
        public var mlp256FractionOfPeak: Double { mlp256GFLOPS / sgemmPeakGFLOPS }
    }

    public var threads: Int
    /// Scales the number of repetitions (1 = the default budget of a few seconds).
    public var effort: Double

    public init(threads: Int = 1, effort: Double = 1) {
        self.threads = threads
        self.effort = effort
    }

    public func run() -> Result {
        BLAS.setThreadCount(threads)
        let square = Self.sgemmGFLOPS(m: 256, k: 256, n: 256, effort: effort)
        let thin = Self.sgemmGFLOPS(m: 256, k: 64, n: 256, effort: effort)
        let big = Self.trainingStep(sizes: [78, 256, 256, 1], batch: 256, effort: effort)
        let small = Self.trainingStep(sizes: [78, 64, 64, 1], batch: 256, effort: effort)
        let policy = Self.policyForward(sizes: [74, 256, 256, 8], effort: effort)
        return Result(
            threads: BLAS.threadCount,
            sgemmPeakGFLOPS: max(square, thin), sgemmSquareGFLOPS: square, sgemmThinGFLOPS: thin,
            mlp256StepMilliseconds: big.seconds * 1e3, mlp256GFLOPS: Double(big.flop) / big.seconds * 1e-9,
            mlp256FLOPPerStep: big.flop,
            mlp64StepMilliseconds: small.seconds * 1e3, mlp64GFLOPS: Double(small.flop) / small.seconds * 1e-9,
            policyForwardMicroseconds: policy * 1e6,
            blasConfiguration: BLAS.configuration)
    }

    /// Best GFLOP/s of C[M,N] = A[M,K] B[K,N] over repeated calls.
    public static func sgemmGFLOPS(m: Int, k: Int, n: Int, effort: Double = 1) -> Double {
        var rng = Xoshiro256(seed: 1)
        let a = Initializer.uniform(low: -1, high: 1).tensor(shape: [m, k], using: &rng)
        let b = Initializer.uniform(low: -1, high: 1).tensor(shape: [k, n], using: &rng)
        var c = Tensor(shape: [m, n])
        let flop = Double(2 * m * n * k)
        let repetitions = max(1, Int(Double(2e8 / flop) * effort))
        let times = a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    Stopwatch.sample(samples: 15, repetitions: repetitions) {
                        BLAS.gemm(m: m, n: n, k: k, a: pa.baseAddress!, b: pb.baseAddress!, c: pc.baseAddress!)
                    }
                }
            }
        }
        return flop / TimingSummary(times).best * 1e-9
    }

    /// A reusable regression training step: forward, MSE loss, backward, Adam. The same
    /// object serves the benchmark and the allocation test.
    public final class RegressionStep {
        public let network: MLP
        public var optimizer: Adam
        public let tape = Tape()
        let inputs: Tensor
        let targets: Tensor
        public private(set) var lastLoss: Float = 0

        public init(sizes: [Int], batch: Int, seed: UInt64 = 0) {
            var rng = Xoshiro256(seed: seed)
            network = MLP(name: "mlp", sizes: sizes, activation: .relu, using: &rng)
            optimizer = Adam(parameters: network.parameters, learningRate: 1e-3)
            inputs = Initializer.uniform(low: -1, high: 1).tensor(shape: [batch, sizes[0]], using: &rng)
            targets = Initializer.uniform(low: -1, high: 1).tensor(shape: [batch, sizes[sizes.count - 1]], using: &rng)
        }

        /// One step; returns the loss before the update.
        @discardableResult
        public func callAsFunction() -> Float {
            tape.reset()
            let prediction = network(tape.constant(inputs))
            let loss = (prediction - tape.constant(targets)).square().mean()
            tape.backward(loss)
            optimizer.step()
            lastLoss = tape.scalar(loss)
            return lastLoss
        }
    }

    static func trainingStep(sizes: [Int], batch: Int, effort: Double) -> (seconds: Double, flop: Int) {
        let step = RegressionStep(sizes: sizes, batch: batch)
        for _ in 0..<20 { step() }
        let flop = step.tape.matrixFloatingPointOperations
        let repetitions = max(1, Int(2e8 / Double(flop) * effort))
        let times = Stopwatch.sample(samples: 11, repetitions: repetitions) { step() }
        return (TimingSummary(times).median, flop)
    }

    static func policyForward(sizes: [Int], effort: Double) -> Double {
        var rng = Xoshiro256(seed: 2)
        let policy = MLP(name: "policy", sizes: sizes, activation: .relu, using: &rng)
        let observation = Initializer.uniform(low: -1, high: 1).tensor(shape: [1, sizes[0]], using: &rng)
        let tape = Tape(recordsGradients: false)
        var output = Tensor(shape: [1, sizes[sizes.count - 1]])
        let forward = {
            tape.reset()
            let y = policy(tape.constant(observation))
            tape.copyValue(of: y, into: &output)
        }
        for _ in 0..<1000 { forward() }
        let repetitions = max(1, Int(20_000 * effort))
        return TimingSummary(Stopwatch.sample(samples: 11, repetitions: repetitions, forward)).median
    }
}
