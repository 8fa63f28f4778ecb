import EmpowerAgents
import EmpowerBase
import EmpowerNN
import EmpowerSkills

/// `empower bench update`: one SAC + DIAYN update at the shape of the SAC + DIAYN row of the
/// README's benchmark table: batch 256, 2x256 MLPs, observation 24, action 4, 50 skills,
/// auto-tuned alpha. One update = discriminator pass and step (intrinsic rewards), critic
/// targets and step, actor step, temperature step, Polyak update of the targets.
///
/// GFLOP/s counts the matrix products the update runs (forward and backward).
public struct UpdateBenchmark {
    public struct Result: Sendable {
        public var threads: Int
        public var millisecondsPerUpdate: Double
        public var megaFLOPPerUpdate: Double
        public var gflops: Double
        public var sgemmPeakGFLOPS: Double
        public var fractionOfPeak: Double { gflops / sgemmPeakGFLOPS }
    }

    public var batchSize = 256
    public var observationSize = 24
    public var actionSize = 4
    public var skillCount = 50
    public var hiddenSizes = [256, 256]
    public var threads = 1
    public var effort: Double = 1
    /// How a second thread is used.
    public var strategy = ThreadStrategy.critics

    /// How an update uses more than one thread.
    public enum ThreadStrategy: String, Sendable, CaseIterable {
        /// The two critics' share of the update on two threads, OpenBLAS on one thread per
        /// product (what training does).
        case critics
        /// OpenBLAS's own threads inside every product, the update itself on one thread.
        case openblas
    }

    public init(threads: Int = 1, effort: Double = 1, strategy: ThreadStrategy = .critics) {
        self.threads = threads
        self.effort = effort
        self.strategy = strategy
    }

    /// The learner's threads and OpenBLAS's for `strategy`.
    var learnerThreads: Int { strategy == .critics ? min(threads, 2) : 1 }
    var blasThreads: Int { strategy == .critics && threads > 1 ? 1 : threads }

    /// A learner and an objective at the benchmark's shape, updated on one fixed batch.
    public final class Workload: SACSideWork {
        public var learner: SACLearner
        public var objective: DIAYNObjective
        let batch: TransitionBatch
        var working: TransitionBatch
        var rng = Xoshiro256(seed: 3)
        var metrics = Metrics()
        var objectiveMetrics = Metrics()

        public init(_ benchmark: UpdateBenchmark) {
            var rng = Xoshiro256(seed: 1)
            var configuration = SACConfiguration()
            configuration.hiddenSizes = benchmark.hiddenSizes
            configuration.batchSize = benchmark.batchSize
            learner = SACLearner(
                configuration: configuration, observationSize: benchmark.observationSize, actionSize: benchmark.actionSize,
                skillCount: benchmark.skillCount, threads: benchmark.learnerThreads, using: &rng)
            var diayn = DIAYNConfiguration()
            diayn.hiddenSizes = benchmark.hiddenSizes
            objective = DIAYNObjective(configuration: diayn, prior: SkillPrior(skillCount: benchmark.skillCount), features: .all(benchmark.observationSize), using: &rng)
            var batch = TransitionBatch(batchSize: benchmark.batchSize, observationSize: benchmark.observationSize, actionSize: benchmark.actionSize)
            batch.observations = Initializer.uniform(low: -1, high: 1).tensor(shape: batch.observations.shape, using: &rng)
            batch.nextObservations = Initializer.uniform(low: -1, high: 1).tensor(shape: batch.nextObservations.shape, using: &rng)
            batch.actions = Initializer.uniform(low: -1, high: 1).tensor(shape: batch.actions.shape, using: &rng)
            for i in 0..<benchmark.batchSize { batch.skills[i] = Int32(rng.nextIndex(below: benchmark.skillCount)) }
            self.batch = batch
            working = batch
        }

        /// The discriminator's share of an update (as training's).
        public func relabel(_ rewards: inout Tensor) {
            objective.relabel(rewards: &rewards, of: working, deferringStep: true, metrics: &objectiveMetrics)
        }

        public func learn() { objective.completeStep() }

        /// One update (relabel + SAC, the discriminator's passes beside the actor's, as
        /// training does), on a copy of the fixed batch made in reused storage.
        public func callAsFunction() {
            working.observations.assign(batch.observations)
            learner.update(working, using: &rng, metrics: &metrics, side: self)
        }
    }

    public func run() -> Result {
        BLAS.setThreadCount(threads)
        let peak = max(NNBenchmark.sgemmGFLOPS(m: 256, k: 256, n: 256, effort: effort), NNBenchmark.sgemmGFLOPS(m: 256, k: 64, n: 256, effort: effort))
        BLAS.setThreadCount(blasThreads)
        let workload = Workload(self)
        for _ in 0..<10 { workload() }
        let flop = Double(workload.learner.matrixFLOPOfLastUpdate + workload.objective.discriminator.matrixFLOPOfLastPass)
        let repetitions = max(1, Int(30 * effort))
        let seconds = TimingSummary(Stopwatch.sample(samples: 9, repetitions: repetitions) { workload() }).median
        return Result(
            threads: threads, millisecondsPerUpdate: seconds * 1e3, megaFLOPPerUpdate: flop / 1e6,
            gflops: flop / seconds * 1e-9, sgemmPeakGFLOPS: peak)
    }
}
