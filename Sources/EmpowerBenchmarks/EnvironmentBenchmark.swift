import EmpowerBase
import EmpowerCore

/// `empower bench envs`: how fast every environment of a catalog steps on one thread, how much
/// of a step is the physics engine, and how a vector environment scales from 1 to 2 threads.
///
/// ## What is measured
/// - **Environment steps/s**: `step` with random actions (drawn before timing from a seeded
///   pool, so sampling is not counted), one environment, one thread. Resets between episodes
///   are not timed (they are rare and rebuild the world, which would blur the ratio below).
/// - **Physics steps/s** (``SimulatedEnvironment`` and ``SimulatedMultiAgentEnvironment``
///   only): control steps per second of `stepSimulationOnly()` on the same world in the same
///   run: each is exactly the Box2D work of one `step` (all its substeps), without the
///   observation, reward and bookkeeping around it. Episodes of `step` and equally long runs
///   of `stepSimulationOnly()` alternate, so both see the same machine state.
/// - **Overhead ratio**: the physics time share of a step,
///   `(time of one raw physics step) / (time of one environment step)`; 1 means the
///   environment adds nothing around the simulator, 0.8 means 20% of a step is spent outside it.
/// - **Vector throughput**: environment steps per second (summed over environments, autoresets
///   included) of a ``ThreadedVectorEnvironment`` of ``vectorEnvironmentCount`` copies with 1
///   and with 2 threads, on `TabletopPush-v0` when the catalog has it, else on the single-agent
///   simulated environment with the slowest step (see ``vectorEnvironmentID(in:measurements:)``).
///
/// Figures are for reading, never for test assertions.
///
/// ```swift
/// let result = try EnvironmentBenchmark(effort: 1).run(catalog: BuiltInEnvironments.catalog)
/// for m in result.measurements { print(m.id, m.stepsPerSecond, m.overheadRatio ?? .nan) }
/// ```
public struct EnvironmentBenchmark: Sendable {
    /// One environment's figures.
    public struct Measurement: Sendable {
        public var id: String
        /// The number of agents for a multi-agent environment, `nil` for a single-agent one.
        public var agents: Int?
        /// Environment steps timed.
        public var steps: Int
        public var stepsPerSecond: Double
        /// Raw physics control steps per second; `nil` when the environment has no simulator.
        public var physicsStepsPerSecond: Double?

        /// Physics time over step time per step (`physics steps/s` are faster, so this is
        /// `stepsPerSecond / physicsStepsPerSecond`); `nil` without a simulator.
        public var overheadRatio: Double? {
            physicsStepsPerSecond.map { $0 > 0 ? stepsPerSecond / $0 : .nan }
        }
    }

    /// The vector environment figures.
    public struct VectorMeasurement: Sendable {
        public var id: String
        public var environments: Int
        public var oneThreadStepsPerSecond: Double
        public var twoThreadsStepsPerSecond: Double
    }

    public struct Result: Sendable {
        public var measurements: [Measurement]
        /// `nil` when the catalog has no simulated single-agent environment.
        public var vector: VectorMeasurement?
    }

    /// The environment the vector figures use when the catalog has it.
    public static let preferredVectorEnvironmentID = "TabletopPush-v0"
    /// Copies in the vector environment.
    public static let vectorEnvironmentCount = 8

    /// Scales the time spent per measurement (1 = about 0.6 s per environment).
    public var effort: Double

    public init(effort: Double = 1) {
        self.effort = effort
    }

    /// Measures every environment of `catalog` (or only `ids`), then the vector environment.
    /// `progress` receives one line per measurement as it starts.
    public func run(catalog: EnvironmentCatalog, ids: [String]? = nil, progress: (String) -> Void = { _ in }) throws -> Result {
        let seconds = 0.6 * effort
        var measurements: [Measurement] = []
        for id in ids ?? catalog.ids {
            progress("measuring \(id)")
            if catalog.multiAgentIDs.contains(id) {
                measurements.append(try Self.measure(catalog.makeMultiAgent(id), seconds: seconds))
            } else {
                measurements.append(try Self.measure(catalog.make(id), seconds: seconds))
            }
        }
        var vector: VectorMeasurement?
        if let id = Self.vectorEnvironmentID(in: catalog, measurements: measurements) {
            progress("measuring the vector environment on \(id)")
            let count = Self.vectorEnvironmentCount
            let one = try Self.vectorThroughput(count: count, threads: 1, seconds: seconds) { try catalog.make(id) }
            let two = try Self.vectorThroughput(count: count, threads: 2, seconds: seconds) { try catalog.make(id) }
            vector = VectorMeasurement(id: id, environments: count, oneThreadStepsPerSecond: one, twoThreadsStepsPerSecond: two)
        }
        return Result(measurements: measurements, vector: vector)
    }

    /// `TabletopPush-v0` when registered; otherwise the measured single-agent environment with
    /// a simulator and the fewest steps per second (the heaviest world); `nil` if there is none.
    public static func vectorEnvironmentID(in catalog: EnvironmentCatalog, measurements: [Measurement]) -> String? {
        if catalog.singleAgentIDs.contains(preferredVectorEnvironmentID) { return preferredVectorEnvironmentID }
        return measurements
            .filter { $0.agents == nil && $0.physicsStepsPerSecond != nil && catalog.singleAgentIDs.contains($0.id) }
            .min { $0.stepsPerSecond < $1.stepsPerSecond }?.id
    }

    // MARK: Single-agent

    /// Measures one single-agent environment for about `seconds` (physics too when it is a
    /// ``SimulatedEnvironment``).
    public static func measure(_ environment: any Environment, seconds: Double) throws -> Measurement {
        if var simulated = environment as? any SimulatedEnvironment {
            return try measureSimulated(&simulated, seconds: seconds)
        }
        var env = environment
        let id = env.spec.id
        let actions = actionPool(env.actionSpace)
        var timer = Timer()
        _ = try episode(&env, actions: actions, seed: 0)  // warm-up
        while timer.envSeconds < seconds {
            let (steps, time) = try episode(&env, actions: actions, seed: nil)
            timer.add(envSteps: steps, seconds: time)
        }
        return Measurement(id: id, agents: nil, steps: timer.envSteps, stepsPerSecond: timer.envRate, physicsStepsPerSecond: nil)
    }

    static func measureSimulated<E: SimulatedEnvironment>(_ env: inout E, seconds: Double) throws -> Measurement {
        let actions = actionPool(env.actionSpace)
        var timer = Timer()
        _ = try episode(&env, actions: actions, seed: 0)
        while timer.envSeconds + timer.physicsSeconds < seconds {
            let (steps, time) = try episode(&env, actions: actions, seed: nil)
            timer.add(envSteps: steps, seconds: time)
            let start = Stopwatch.now()
            for _ in 0..<steps { env.stepSimulationOnly() }
            timer.add(physicsSteps: steps, seconds: Stopwatch.now() - start)
        }
        return Measurement(
            id: env.spec.id, agents: nil, steps: timer.envSteps, stepsPerSecond: timer.envRate, physicsStepsPerSecond: timer.physicsRate)
    }

    /// Resets (untimed), then times `step` until the episode ends (at most 1000 steps).
    static func episode<E: Environment>(_ env: inout E, actions: [[Float]], seed: UInt64?) throws -> (steps: Int, seconds: Double) {
        _ = try env.reset(seed: seed)
        var steps = 0
        let start = Stopwatch.now()
        while steps < 1000 {
            let step = try env.step(actions[steps % actions.count])
            steps += 1
            if step.isDone { break }
        }
        return (steps, Stopwatch.now() - start)
    }

    static func actionPool(_ space: Space) -> [[Float]] {
        var generator = Xoshiro256(seed: Seed.derive(0, stream: "bench-actions"))
        return (0..<512).map { _ in space.sample(using: &generator) }
    }

    // MARK: Multi-agent

    /// Measures one multi-agent environment for about `seconds` (physics too when it is a
    /// ``SimulatedMultiAgentEnvironment``).
    public static func measure(_ environment: any MultiAgentEnvironment, seconds: Double) throws -> Measurement {
        if var simulated = environment as? any SimulatedMultiAgentEnvironment {
            return try measureSimulatedMultiAgent(&simulated, seconds: seconds)
        }
        var env = environment
        let actions = multiAgentActionPool(env)
        var timer = Timer()
        _ = try multiAgentEpisode(&env, actions: actions, seed: 0)
        while timer.envSeconds < seconds {
            let (steps, time) = try multiAgentEpisode(&env, actions: actions, seed: nil)
            timer.add(envSteps: steps, seconds: time)
        }
        return Measurement(
            id: env.spec.id, agents: env.possibleAgents.count, steps: timer.envSteps, stepsPerSecond: timer.envRate, physicsStepsPerSecond: nil)
    }

    static func measureSimulatedMultiAgent<E: SimulatedMultiAgentEnvironment>(_ env: inout E, seconds: Double) throws -> Measurement {
        let actions = multiAgentActionPool(env)
        var timer = Timer()
        _ = try multiAgentEpisode(&env, actions: actions, seed: 0)
        while timer.envSeconds + timer.physicsSeconds < seconds {
            let (steps, time) = try multiAgentEpisode(&env, actions: actions, seed: nil)
            timer.add(envSteps: steps, seconds: time)
            let start = Stopwatch.now()
            for _ in 0..<steps { env.stepSimulationOnly() }
            timer.add(physicsSteps: steps, seconds: Stopwatch.now() - start)
        }
        return Measurement(
            id: env.spec.id, agents: env.possibleAgents.count, steps: timer.envSteps, stepsPerSecond: timer.envRate,
            physicsStepsPerSecond: timer.physicsRate)
    }

    static func multiAgentEpisode<E: MultiAgentEnvironment>(_ env: inout E, actions: [[String: [Float]]], seed: UInt64?) throws -> (steps: Int, seconds: Double) {
        _ = try env.reset(seed: seed)
        var steps = 0
        let start = Stopwatch.now()
        while steps < 1000, !env.agents.isEmpty {
            _ = try env.step(actions[steps % actions.count])
            steps += 1
        }
        return (steps, Stopwatch.now() - start)
    }

    /// Random actions for every possible agent (the arenas keep every agent live all episode).
    static func multiAgentActionPool(_ env: some MultiAgentEnvironment) -> [[String: [Float]]] {
        var generator = Xoshiro256(seed: Seed.derive(0, stream: "bench-actions"))
        return (0..<256).map { _ in
            var actions: [String: [Float]] = [:]
            for agent in env.possibleAgents { actions[agent] = env.actionSpaces[agent]?.sample(using: &generator) ?? [] }
            return actions
        }
    }

    // MARK: Vector

    /// Environment steps per second (all copies together) of a threaded vector environment.
    public static func vectorThroughput(count: Int, threads: Int, seconds: Double, make: () throws -> any Environment) throws -> Double {
        var envs = try ThreadedVectorEnvironment(count: count, threads: threads) { _ in AnyEnvironment(try make()) }
        var generator = Xoshiro256(seed: Seed.derive(0, stream: "bench-vector-actions"))
        let batches = (0..<64).map { _ in (0..<count).flatMap { _ in envs.singleActionSpace.sample(using: &generator) } }
        _ = try envs.reset(seed: 0)
        for i in 0..<20 { _ = try envs.step(batches[i % batches.count]) }
        var steps = 0
        let start = Stopwatch.now()
        var elapsed = 0.0
        while elapsed < seconds {
            for _ in 0..<10 {
                _ = try envs.step(batches[steps % batches.count])
                steps += 1
            }
            elapsed = Stopwatch.now() - start
        }
        return Double(steps * count) / elapsed
    }

    /// Accumulated step counts and times.
    struct Timer {
        var envSteps = 0
        var envSeconds = 0.0
        var physicsSteps = 0
        var physicsSeconds = 0.0

        mutating func add(envSteps steps: Int, seconds: Double) {
            envSteps += steps
            envSeconds += seconds
        }

        mutating func add(physicsSteps steps: Int, seconds: Double) {
            physicsSteps += steps
            physicsSeconds += seconds
        }

        var envRate: Double { envSeconds > 0 ? Double(envSteps) / envSeconds : 0 }
        var physicsRate: Double { physicsSeconds > 0 ? Double(physicsSteps) / physicsSeconds : 0 }
    }
}
