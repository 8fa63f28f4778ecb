import EmpowerAgents
import EmpowerBase
import EmpowerCritics
import EmpowerNN
import EmpowerSkills

/// `empower bench parallel`, run on every rank of `mpirun -np N`: what data-parallel training
/// costs per update, and whether its updates are the ones a single process computes on the
/// same global batch.
///
/// - **Cost.** A SAC + DIAYN update at `empower bench update`'s shape (batch 256 per rank,
///   2x256 networks, observation 24, action 4, 50 skills) and a PPO minibatch step at SLIM's
///   shape on the tabletop (2x64 networks, three value heads, minibatch 64 per rank, input 24
///   + 8), each timed with every gradient averaged over the ranks and without: the time inside
///   the sums, their count and the bytes each rank contributes per update.
/// - **Equivalence.** Each rank updates on its slice of one global batch (N x B rows) with
///   averaging; rank 0 then runs the same number of updates in one process on the whole batch
///   (the reparameterization noise spliced from the ranks' streams, so every row sees the
///   noise it saw on its rank) and reports ||theta_N - theta_1|| / ||theta_1|| over every
///   parameter: SAC's actor, critics, targets and temperature with DIAYN's discriminator, and
///   PPO's actor and critic.
public struct ParallelBenchmark {
    public struct Result: Sendable {
        public var ranks: Int
        public var sac: Cost
        public var ppo: Cost
        /// ||theta_N - theta_1|| / ||theta_1|| after ``updates`` SAC + DIAYN updates.
        public var sacRelativeDifference: Double
        /// The same after ``updates`` PPO minibatch steps.
        public var ppoRelativeDifference: Double
        public var updates: Int
    }

    /// One update's cost on this rank.
    public struct Cost: Sendable {
        /// The update with every gradient averaged over the ranks.
        public var millisecondsPerUpdate: Double
        /// The same update in one process (nothing averaged).
        public var localMillisecondsPerUpdate: Double
        /// Time inside the sums (waiting for the other ranks included).
        public var communicationMillisecondsPerUpdate: Double
        /// Sums per update (one per optimizer step) and the bytes each rank contributes.
        public var sumsPerUpdate: Int
        public var bytesPerUpdate: Int
    }

    public let group: any ProcessGroup
    /// Updates of the equivalence check.
    public var updates: Int
    public var effort: Double

    /// SAC + DIAYN's shape (as `empower bench update`) and PPO's.
    let sacBatch = 256, observationSize = 24, actionSize = 4, skillCount = 50
    let ppoMinibatch = 64, ppoCodeSize = 8, ppoHeads = ["discovery", "reach", "safety"]

    public init(group: any ProcessGroup, updates: Int = 20, effort: Double = 1) {
        self.group = group
        self.updates = updates
        self.effort = effort
    }

    public func run() -> Result {
        BLAS.setThreadCount(1)
        let sac = SACRank(self, rows: sacBatch, slice: group.rank)
        let ppo = PPORank(self, rows: ppoMinibatch, slice: group.rank)
        let sacCost = measure { sac.update() }
        let ppoCost = measure { ppo.update() }

        // Equivalence: fresh copies, `updates` averaged updates, then rank 0's single-process run.
        let sacParallel = SACRank(self, rows: sacBatch, slice: group.rank)
        let ppoParallel = PPORank(self, rows: ppoMinibatch, slice: group.rank)
        DataParallel.averaging(over: group) {
            for _ in 0..<updates {
                sacParallel.update()
                ppoParallel.update()
            }
        }
        var sacDifference = 0.0, ppoDifference = 0.0
        if group.rank == 0 {
            let sacSingle = SACRank(self, rows: sacBatch * group.size, slice: nil)
            let ppoSingle = PPORank(self, rows: ppoMinibatch * group.size, slice: nil)
            for _ in 0..<updates {
                sacSingle.update()
                ppoSingle.update()
            }
            sacDifference = Self.relativeDifference(sacParallel.parameters, sacSingle.parameters)
            ppoDifference = Self.relativeDifference(ppoParallel.parameters, ppoSingle.parameters)
        }
        return Result(ranks: group.size, sac: sacCost, ppo: ppoCost, sacRelativeDifference: sacDifference, ppoRelativeDifference: ppoDifference, updates: updates)
    }

    /// Times `update` with averaging (every rank together) and without, and counts the sums.
    func measure(_ update: () -> Void) -> Cost {
        let repetitions = max(1, Int(10 * effort))
        for _ in 0..<3 { update() }
        let local = TimingSummary(Stopwatch.sample(samples: 7, repetitions: repetitions) { update() }).median
        let before = DataParallel.totals
        let averaged = DataParallel.averaging(over: group) {
            TimingSummary(Stopwatch.sample(samples: 7, repetitions: repetitions) { update() }).median
        }
        let after = DataParallel.totals, count = Double(7 * repetitions)
        return Cost(
            millisecondsPerUpdate: averaged * 1e3, localMillisecondsPerUpdate: local * 1e3,
            communicationMillisecondsPerUpdate: (after.seconds - before.seconds) * 1e3 / count,
            sumsPerUpdate: Int((Double(after.sums - before.sums) / count).rounded()),
            bytesPerUpdate: Int((Double(after.floats - before.floats) * 4 / count).rounded()))
    }

    /// ||a - b|| / ||b|| over every parameter, in double precision.
    static func relativeDifference(_ a: [Parameter], _ b: [Parameter]) -> Double {
        var difference = 0.0, norm = 0.0
        for (x, y) in zip(a, b) {
            x.value.withUnsafeBufferPointer { p in
                y.value.withUnsafeBufferPointer { q in
                    for i in p.indices {
                        difference += Double(p[i] - q[i]) * Double(p[i] - q[i])
                        norm += Double(q[i]) * Double(q[i])
                    }
                }
            }
        }
        return (difference / max(norm, .leastNormalMagnitude)).squareRoot()
    }

    /// The global batch's rows `slice x rows ..< (slice + 1) x rows` (all of them for nil),
    /// drawn alike on every rank.
    static func rows(of global: [Float], width: Int, rows: Int, slice: Int?) -> [Float] {
        guard let slice else { return global }
        return Array(global[(slice * rows * width)..<((slice + 1) * rows * width)])
    }

    /// The seed of rank r's reparameterization noise.
    static func noiseSeed(_ rank: Int) -> UInt64 { Seed.derive(7, stream: "parallel-bench-noise", index: UInt64(rank)) }

    /// SAC + DIAYN on one rank's slice (or, with no slice, the whole global batch in one
    /// process with every rank's noise spliced in rank order).
    final class SACRank: SACSideWork {
        var learner: SACLearner
        var objective: DIAYNObjective
        let batch: TransitionBatch
        var working: TransitionBatch
        var noise: SplicedNoise
        var metrics = Metrics(), objectiveMetrics = Metrics()

        init(_ benchmark: ParallelBenchmark, rows: Int, slice: Int?) {
            let b = benchmark
            var initGenerator = Xoshiro256(seed: 1)
            var configuration = SACConfiguration()
            configuration.hiddenSizes = [256, 256]
            configuration.batchSize = rows
            learner = SACLearner(configuration: configuration, observationSize: b.observationSize, actionSize: b.actionSize, skillCount: b.skillCount, using: &initGenerator)
            var diayn = DIAYNConfiguration()
            diayn.hiddenSizes = [256, 256]
            objective = DIAYNObjective(configuration: diayn, prior: SkillPrior(skillCount: b.skillCount), features: .all(b.observationSize), using: &initGenerator)
            // One global batch, the same on every rank.
            let global = b.sacBatch * b.group.size
            var data = Xoshiro256(seed: 2)
            let observations = (0..<(global * b.observationSize)).map { _ in data.nextFloat(in: -1, 1) }
            let nextObservations = (0..<(global * b.observationSize)).map { _ in data.nextFloat(in: -1, 1) }
            let actions = (0..<(global * b.actionSize)).map { _ in data.nextFloat(in: -1, 1) }
            let skills = (0..<global).map { _ in Int32(data.nextIndex(below: b.skillCount)) }
            var batch = TransitionBatch(batchSize: rows, observationSize: b.observationSize, actionSize: b.actionSize)
            func tensor(_ values: [Float], _ width: Int) -> Tensor {
                (try? Tensor(shape: Shape(rows: rows, columns: width), scalars: ParallelBenchmark.rows(of: values, width: width, rows: rows, slice: slice))) ?? Tensor(shape: [rows, width])
            }
            batch.observations = tensor(observations, b.observationSize)
            batch.nextObservations = tensor(nextObservations, b.observationSize)
            batch.actions = tensor(actions, b.actionSize)
            batch.skills = slice.map { Array(skills[($0 * rows)..<(($0 + 1) * rows)]) } ?? skills
            self.batch = batch
            working = batch
            // Each update draws the targets' noise, then the actor's: B x A normals each.
            let ranks = slice.map { [$0] } ?? Array(0..<b.group.size)
            noise = SplicedNoise(seeds: ranks.map(ParallelBenchmark.noiseSeed), wordsPerPart: 2 * b.sacBatch * b.actionSize)
        }

        var parameters: [Parameter] { learner.stateParameters + objective.discriminator.network.parameters }

        func update() {
            working.observations.assign(batch.observations)
            learner.update(working, using: &noise, metrics: &metrics, side: self)
        }

        func relabel(_ rewards: inout Tensor) {
            objective.relabel(rewards: &rewards, of: working, deferringStep: true, metrics: &objectiveMetrics)
        }

        func learn() { objective.completeStep() }
    }

    /// PPO minibatch steps on one rank's slice (one minibatch per epoch, so each step sees the
    /// whole slice), or on the whole global batch.
    final class PPORank {
        var learner: PPOLearner
        let samples: RolloutSamples
        var shuffle = Xoshiro256(seed: 4)
        var metrics = Metrics()

        init(_ benchmark: ParallelBenchmark, rows: Int, slice: Int?) {
            let b = benchmark
            var configuration = PPOConfiguration()
            configuration.epochs = 1
            configuration.minibatchSize = rows
            let inputSize = b.observationSize + b.ppoCodeSize, heads = b.ppoHeads.count
            var initGenerator = Xoshiro256(seed: 3)
            learner = PPOLearner(configuration: configuration, inputSize: inputSize, actionSize: b.actionSize, heads: b.ppoHeads, architecture: .separate, using: &initGenerator)
            let global = b.ppoMinibatch * b.group.size
            var data = Xoshiro256(seed: 5)
            let inputs = (0..<(global * inputSize)).map { _ in data.nextFloat(in: -1, 1) }
            let actions = (0..<(global * b.actionSize)).map { _ in data.nextFloat(in: -1, 1) }
            let advantages = (0..<global).map { _ in data.nextStandardNormal() }
            let returns = (0..<(global * heads)).map { _ in data.nextStandardNormal() }
            func tensor(_ values: [Float], _ width: Int) -> Tensor {
                (try? Tensor(shape: Shape(rows: rows, columns: width), scalars: ParallelBenchmark.rows(of: values, width: width, rows: rows, slice: slice))) ?? Tensor(shape: [rows, width])
            }
            let inputTensor = tensor(inputs, inputSize), actionTensor = tensor(actions, b.actionSize)
            // The old policy's log-probabilities: the initial actor's, so ratios start at 1.
            let tape = Tape()
            let logProbabilities = tape.value(of: learner.actor.logProbability(of: tape.constant(actionTensor), inputs: tape.constant(inputTensor))).scalars
            samples = RolloutSamples(
                inputs: inputTensor, actions: actionTensor, logProbabilities: logProbabilities,
                advantages: ParallelBenchmark.rows(of: advantages, width: 1, rows: rows, slice: slice),
                returns: tensor(returns, heads), values: Tensor(shape: [rows, heads]))
        }

        var parameters: [Parameter] { learner.actor.parameters + learner.critic.parameters }

        func update() {
            learner.update(samples, using: &shuffle, metrics: &metrics)
        }
    }
}

/// A generator that replays several ranks' streams in turn: part k of every update comes from
/// each rank's generator in rank order, `wordsPerPart` words each, so a single process drawing
/// N x B rows of noise gets, row for row, what each rank drew for its B rows.
struct SplicedNoise: RandomNumberGenerator {
    var generators: [Xoshiro256]
    let wordsPerPart: Int
    var current = 0, drawn = 0

    init(seeds: [UInt64], wordsPerPart: Int) {
        generators = seeds.map { Xoshiro256(seed: $0) }
        self.wordsPerPart = wordsPerPart
    }

    mutating func next() -> UInt64 {
        if drawn == wordsPerPart {
            drawn = 0
            current = (current + 1) % generators.count
        }
        drawn += 1
        return generators[current].next()
    }
}
