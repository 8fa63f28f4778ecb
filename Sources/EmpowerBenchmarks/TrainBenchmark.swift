import EmpowerBase
import EmpowerCore
import EmpowerTraining

/// `empower bench train`: end-to-end DIAYN training throughput, one update per environment
/// step (the default 2x256 networks, batch 256, 10 skills, one environment, 1 thread), on
/// PointMass-v0 and TabletopPush-v0. The timed window starts after the warm-up (random
/// actions, no updates), so it measures acting + stepping + storing + updating.
public struct TrainBenchmark {
    public struct Result: Sendable {
        public var environment: String
        public var stepsPerSecond: Double
        public var measuredSteps: Int
    }

    public var environments = ["PointMass-v0", "TabletopPush-v0"]
    public var effort: Double

    public init(effort: Double = 1) { self.effort = effort }

    public func run(catalog: EnvironmentCatalog, progress: (String) -> Void = { _ in }) throws -> [Result] {
        var results: [Result] = []
        for id in environments where catalog.singleAgentIDs.contains(id) {
            progress("measuring DIAYN training on \(id)...")
            var configuration = TrainingConfiguration()
            configuration.environment = id
            configuration.sac.warmupSteps = 300
            let measured = max(50, Int(400 * effort))
            configuration.steps = configuration.sac.warmupSteps + measured
            configuration.logInterval = configuration.steps
            let trainer = try OffPolicyTrainer(configuration: configuration, catalog: catalog)
            try trainer.train(until: configuration.sac.warmupSteps + 20)      // warm-up, and warm buffers
            let start = Stopwatch.now()
            try trainer.train()
            let seconds = Stopwatch.now() - start
            let steps = configuration.steps - configuration.sac.warmupSteps - 20
            results.append(Result(environment: id, stepsPerSecond: Double(steps) / seconds, measuredSteps: steps))
        }
        return results
    }
}
