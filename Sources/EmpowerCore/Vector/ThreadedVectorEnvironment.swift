import EmpowerBase
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// N environments stepped in parallel on a few threads, with results bit-identical to
/// ``SerialVectorEnvironment``.
///
/// The environments are stepped by the calling thread and `threads - 1` persistent worker
/// threads, started once and stopped when the vector environment is released. Each thread
/// claims the next environment index from a shared counter, so a thread the operating system
/// has descheduled does not hold the others up (see `WorkerPool`). Each environment is only
/// ever touched by one thread at a time and writes only its own slots of the batch, and every
/// environment owns its generator, so the outcome does not depend on which thread ran what.
/// See ``VectorEnvironment`` for the batch layout, autoreset and errors. Env i is seeded with
/// `Seed.derive(master, stream: "env", index: i)` when ``reset(seed:)`` gets a master seed.
///
/// The environments need not be `Sendable`, but they must not share mutable state with each
/// other (two copies of a class instance, a shared cache): build each one fresh in `make`.
///
/// ```swift
/// var envs = try ThreadedVectorEnvironment(count: 8, threads: 2) { _ in try Pendulum() }
/// _ = try envs.reset(seed: 42)
/// ```
/// Worth it when a step costs more than a few microseconds (Box2D worlds: 8 × TabletopPush-v0
/// runs about 1.7x faster on 2 threads than on 1); for PointMass the hand-off between threads
/// costs more than the steps and the serial version is faster.
public struct ThreadedVectorEnvironment<E: Environment>: VectorEnvironment {
    private var batch: VectorBatch<E>
    /// The number of threads stepping environments (the caller included).
    public let threads: Int
    /// The `threads - 1` persistent worker threads.
    private let pool: WorkerPool

    /// Creates `count` environments with `make(i)`.
    /// - Parameter threads: threads stepping environments, the caller included; defaults to
    ///   the number of online processors, capped at `count`.
    /// - Throws: `.invalidArgument` when `count <= 0` or `threads <= 0`,
    ///   `.incompatibleEnvironment` when the copies' spaces differ, or what `make` throws.
    public init(count: Int, threads: Int? = nil, make: (Int) throws -> E) throws {
        let threads = threads ?? ThreadedVectorEnvironment.processorCount
        guard threads > 0 else {
            throw EnvironmentError(
                .invalidArgument, "ThreadedVectorEnvironment needs at least one thread, got \(threads)",
                context: ["threads": "\(threads)"])
        }
        batch = try VectorBatch(count: count, make: make)
        self.threads = Swift.min(threads, count)
        pool = WorkerPool(participants: self.threads)
    }

    static var processorCount: Int {
        #if canImport(Glibc) || canImport(Darwin)
        return Swift.max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        #else
        return 1
        #endif
    }

    public var count: Int { batch.count }
    public var spec: EnvironmentSpec { batch.spec }
    public var singleObservationSpace: Space { batch.observationSpace }
    public var singleActionSpace: Space { batch.actionSpace }
    /// The environments, in order.
    public var environments: [E] { batch.environments }

    public var episodeIndices: [Int] { batch.episodeCounts.map { $0 - 1 } }

    public mutating func replayEpisodes(master: UInt64, episodes: [Int], actions: [[Float]]) throws -> [Float] {
        try batch.replayEpisodes(master: master, episodes: episodes, actions: actions)
    }

    public mutating func reset(seed: UInt64?) throws -> VectorReset {
        let layout = batch.layout
        let result = try run { env, i, output in
            try VectorBatch.reset(&env, index: i, seed: VectorBatch<E>.seed(for: i, master: seed), layout: layout, into: output)
        }
        batch.recordReset(seed: seed, count: result.rewards.count)
        return VectorReset(observations: result.observations, infos: result.infos)
    }

    public mutating func step(_ actions: [Float]) throws -> VectorStep {
        try batch.checkActions(actions)
        let seeds = batch.nextEpisodeSeeds
        let layout = batch.layout
        let result = try actions.withUnsafeBufferPointer { actions in
            let shared = UncheckedSendable(value: actions)
            return try run { env, i, output in
                try VectorBatch.step(&env, index: i, actions: shared.value, resetSeed: seeds[i], layout: layout, into: output)
            }
        }
        batch.recordStep(result)
        return result
    }

    /// Runs `work` for every environment, chunk by chunk in parallel.
    private mutating func run(_ work: @escaping (inout E, Int, VectorBatch<E>.Output) throws -> Void) throws -> VectorStep {
        let count = batch.count
        let pool = self.pool
        var environments = batch.environments
        batch.environments = []
        defer { batch.environments = environments }
        return try VectorBatch<E>.collect(count: count, observationSize: batch.observationSize) { output in
            environments.withUnsafeMutableBufferPointer { buffer in
                let envs = UncheckedSendable(value: buffer)  // each task touches only its own index
                pool.run(tasks: count) { i in
                    do {
                        try work(&envs.value[i], i, output)
                    } catch {
                        output.errors[i] = error
                    }
                }
            }
        }
    }
}

/// Carries a value across `concurrentPerform` when the code guarantees that each thread touches
/// disjoint parts of it.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
}
