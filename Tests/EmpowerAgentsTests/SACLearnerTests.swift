import EmpowerAgents
import EmpowerBase
import EmpowerNN
import EmpowerTestSupport
import Testing

/// A batch with deterministic random contents.
func randomBatch(size: Int, observationSize: Int, actionSize: Int, skillCount: Int, seed: UInt64) -> TransitionBatch {
    var rng = Xoshiro256(seed: seed)
    var batch = TransitionBatch(batchSize: size, observationSize: observationSize, actionSize: actionSize)
    batch.observations = Initializer.uniform(low: -1, high: 1).tensor(shape: [size, observationSize], using: &rng)
    batch.nextObservations = Initializer.uniform(low: -1, high: 1).tensor(shape: [size, observationSize], using: &rng)
    batch.actions = Initializer.uniform(low: -0.99, high: 0.99).tensor(shape: [size, actionSize], using: &rng)
    batch.rewards = Initializer.uniform(low: -1, high: 1).tensor(shape: [size], using: &rng)
    for i in 0..<size {
        batch.terminated[i] = rng.nextUnitFloat() < 0.1 ? 1 : 0
        batch.skills[i] = skillCount > 0 ? Int32(rng.nextIndex(below: skillCount)) : 0
    }
    return batch
}

func smallConfiguration() -> SACConfiguration {
    var configuration = SACConfiguration()
    configuration.hiddenSizes = [32, 32]
    configuration.batchSize = 16
    return configuration
}

@Suite("SAC learner")
struct SACLearnerTests {
    @Test("an update changes actor, critics, alpha and targets, and reports finite metrics")
    func updateMovesEverything() {
        var rng = Xoshiro256(seed: 1)
        var learner = SACLearner(configuration: smallConfiguration(), observationSize: 3, actionSize: 2, skillCount: 4, using: &rng)
        let actorBefore = learner.actor.parameters[0].value
        let criticBefore = learner.critic.parameters[0].value
        let targetBefore = learner.critic.targetParameters[0].value
        let alphaBefore = learner.alpha
        var metrics = Metrics()
        learner.update(randomBatch(size: 16, observationSize: 3, actionSize: 2, skillCount: 4, seed: 2), using: &rng, metrics: &metrics)
        #expect(learner.actor.parameters[0].value != actorBefore)
        #expect(learner.critic.parameters[0].value != criticBefore)
        #expect(learner.critic.targetParameters[0].value != targetBefore)
        #expect(learner.alpha != alphaBefore)
        for key in ["train/critic_loss", "train/actor_loss", "train/alpha", "train/q_mean", "train/log_prob_mean"] {
            #expect(metrics[key]?.isFinite == true, "\(key)")
        }
        #expect(learner.updateCount == 1)
    }

    @Test("a fixed alpha stays fixed")
    func fixedAlpha() {
        var configuration = smallConfiguration()
        configuration.tuneAlpha = false
        configuration.alpha = 0.1
        var rng = Xoshiro256(seed: 1)
        var learner = SACLearner(configuration: configuration, observationSize: 3, actionSize: 2, using: &rng)
        var metrics = Metrics()
        for seed in 0..<3 { learner.update(randomBatch(size: 16, observationSize: 3, actionSize: 2, skillCount: 0, seed: UInt64(seed)), using: &rng, metrics: &metrics) }
        #expect(isClose(learner.alpha, 0.1, absolute: 1e-7))
    }

    @Test("targets use the terminated flag: no bootstrap after termination")
    func terminationStopsBootstrap() {
        var rng = Xoshiro256(seed: 3)
        var configuration = smallConfiguration()
        configuration.tuneAlpha = false
        var learner = SACLearner(configuration: configuration, observationSize: 3, actionSize: 2, using: &rng)
        var batch = randomBatch(size: 16, observationSize: 3, actionSize: 2, skillCount: 0, seed: 4)
        for i in 0..<16 {
            batch.terminated[i] = 1
            batch.rewards[i] = 2.5
        }
        var metrics = Metrics()
        learner.update(batch, using: &rng, metrics: &metrics)
        // With every transition terminated, y = r exactly.
        #expect(isClose(Float(metrics["train/target_mean"] ?? 0), 2.5, absolute: 1e-6))
    }

    @Test("a warm update allocates no heap memory", .enabled(if: isOptimizedBuild, "allocation counts need an optimized build"))
    func noAllocation() {
        var rng = Xoshiro256(seed: 5)
        var learner = SACLearner(configuration: smallConfiguration(), observationSize: 3, actionSize: 2, skillCount: 4, using: &rng)
        let batch = randomBatch(size: 16, observationSize: 3, actionSize: 2, skillCount: 4, seed: 6)
        var metrics = Metrics()
        for _ in 0..<3 { learner.update(batch, using: &rng, metrics: &metrics) }
        let allocations = countAllocations { for _ in 0..<5 { learner.update(batch, using: &rng, metrics: &metrics) } }
        #expect(allocations == 0)
    }

    /// Restoring shares storage between the two learners' tensors until one writes: each
    /// optimizer step must write into storage of its own (this caught `apply(beginStep())`
    /// applying to a stale copy of the optimizer).
    @Test("saved and restored state continues bit for bit")
    func stateRoundTrip() throws {
        var rngA = Xoshiro256(seed: 7)
        var a = SACLearner(configuration: smallConfiguration(), observationSize: 3, actionSize: 2, skillCount: 2, using: &rngA)
        var metrics = Metrics()
        for seed in 0..<3 { a.update(randomBatch(size: 16, observationSize: 3, actionSize: 2, skillCount: 2, seed: UInt64(seed)), using: &rngA, metrics: &metrics) }
        var rngB = Xoshiro256(seed: 99)
        var b = SACLearner(configuration: smallConfiguration(), observationSize: 3, actionSize: 2, skillCount: 2, using: &rngB)
        try b.restore(from: Dictionary(uniqueKeysWithValues: a.namedState().map { ($0.name, $0.tensor) }), source: "test")
        rngB = rngA
        let batch = randomBatch(size: 16, observationSize: 3, actionSize: 2, skillCount: 2, seed: 10)
        a.update(batch, using: &rngA, metrics: &metrics)
        b.update(batch, using: &rngB, metrics: &metrics)
        for (x, y) in zip(a.actor.parameters + a.critic.parameters + a.critic.targetParameters, b.actor.parameters + b.critic.parameters + b.critic.targetParameters) {
            #expect(x.value == y.value, "\(x.name)")
        }
        #expect(a.alpha == b.alpha && a.updateCount == b.updateCount)
    }

    @Test("skill conditioning writes observation then one-hot")
    func skillConditioning() throws {
        var inputs = Tensor(shape: [1, 1])
        let observations = try Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
        SkillConditioning.fill(&inputs, observations: observations, skills: [2, 0], skillCount: 3)
        #expect(inputs.shape == [2, 5])
        #expect(inputs.scalars == [1, 2, 0, 0, 1, 3, 4, 1, 0, 0])
    }

    @Test("configuration issues name the field, the value and what is allowed")
    func configurationIssues() {
        var configuration = SACConfiguration()
        configuration.learningRate = -0.1
        configuration.gamma = 1.5
        configuration.bufferSize = 10
        let issues = configuration.issues()
        #expect(issues.contains(ConfigurationIssue(field: "learning_rate", value: "-0.1", allowed: "a number in (0, 1)")))
        #expect(issues.contains { $0.field == "gamma" })
        #expect(issues.contains { $0.field == "buffer_size" && $0.allowed.contains("256") })
        #expect(SACConfiguration().issues().isEmpty)
    }
}

/// A stand-in skill objective: halves the rewards and adds 0.1 (or sets them to `constant`),
/// and counts its calls.
final class RecordingSideWork: SACSideWork {
    var constant: Float?
    var relabeled = 0
    var learned = 0
    init(constant: Float? = nil) { self.constant = constant }
    func relabel(_ rewards: inout Tensor) {
        relabeled += 1
        rewards.withUnsafeMutableBufferPointer { values in
            for i in values.indices { values[i] = constant ?? 0.5 * values[i] + 0.1 }
        }
    }
    func learn() { learned += 1 }
}

@Suite("SAC learner on two threads")
struct TwoThreadSACTests {
    /// Parameters, targets, optimizer moments and alpha after `updates` updates with a side work.
    func state(threads: Int, updates: Int = 6) -> (state: [Tensor], side: RecordingSideWork) {
        var rng = Xoshiro256(seed: 11)
        var learner = SACLearner(configuration: smallConfiguration(), observationSize: 3, actionSize: 2, skillCount: 4, threads: threads, using: &rng)
        var metrics = Metrics()
        let side = RecordingSideWork()
        for seed in 0..<updates {
            learner.update(randomBatch(size: 16, observationSize: 3, actionSize: 2, skillCount: 4, seed: UInt64(seed)), using: &rng, metrics: &metrics, side: side)
        }
        return (learner.namedState().map(\.tensor), side)
    }

    @Test("the critics on a second thread give the same learner, bit for bit, as one thread")
    func sameAsOneThread() {
        let one = state(threads: 1), two = state(threads: 2)
        #expect(one.state == two.state)
        #expect(one.side.relabeled == 6 && one.side.learned == 6 && two.side.relabeled == 6 && two.side.learned == 6)
    }

    @Test("the side work's rewards are the ones the targets use")
    func relabelReachesTheTargets() {
        var rng = Xoshiro256(seed: 3)
        var configuration = smallConfiguration()
        configuration.tuneAlpha = false
        var learner = SACLearner(configuration: configuration, observationSize: 3, actionSize: 2, threads: 2, using: &rng)
        var batch = randomBatch(size: 16, observationSize: 3, actionSize: 2, skillCount: 0, seed: 4)
        for i in 0..<16 { batch.terminated[i] = 1 }
        var metrics = Metrics()
        learner.update(batch, using: &rng, metrics: &metrics, side: RecordingSideWork(constant: -1.25))
        // Every transition terminated: y = r, the relabelled reward.
        #expect(isClose(Float(metrics["train/target_mean"] ?? 0), -1.25, absolute: 1e-6))
    }

    @Test("a warm update on two threads, with a side work, allocates no heap memory", .enabled(if: isOptimizedBuild, "allocation counts need an optimized build"))
    func noAllocation() {
        var rng = Xoshiro256(seed: 5)
        var learner = SACLearner(configuration: smallConfiguration(), observationSize: 3, actionSize: 2, skillCount: 4, threads: 2, using: &rng)
        let batch = randomBatch(size: 16, observationSize: 3, actionSize: 2, skillCount: 4, seed: 6)
        var metrics = Metrics()
        let side = RecordingSideWork()
        for _ in 0..<3 { learner.update(batch, using: &rng, metrics: &metrics, side: side) }
        let allocations = countAllocations { for _ in 0..<5 { learner.update(batch, using: &rng, metrics: &metrics, side: side) } }
        #expect(allocations == 0)
    }
}
