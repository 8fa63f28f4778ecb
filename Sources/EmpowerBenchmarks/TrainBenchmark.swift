import EmpowerBase
import EmpowerCore
import EmpowerTraining

/// `empower bench train`: end-to-end DIAYN training throughput with the default 2x256
/// networks, batch 256 and 10 skills, in several settings: one environment, one update per
/// step and one thread (the reference), and TabletopPush-v0 with 8 environments on 2 threads
/// at replay ratios 1, 0.5 and 0.25. The timed window starts after the warm-up (random
/// actions, no updates), so it measures acting + stepping + storing + updating.
public struct TrainBenchmark {
    /// One measured setting.
    public struct Case: Sendable {
        public var environment: String
        public var environments: Int
        public var replayRatio: Double
        public var threads: Int

        /// The JSON key of its figure: `pointmass_steps_per_second` for the reference setting
        /// on PointMass-v0, `tabletop_8envs_2threads_rr0.25_steps_per_second` for another.
        public var key: String {
            let name = environment == "PointMass-v0" ? "pointmass" : "tabletop"
            if environments == 1 && replayRatio == 1 && threads == 1 { return "\(name)_steps_per_second" }
            let ratio = replayRatio == replayRatio.rounded() ? "\(Int(replayRatio))" : "\(replayRatio)"
            return "\(name)_\(environments)envs_\(threads)threads_rr\(ratio)_steps_per_second"
        }
    }

    public struct Result: Sendable {
        public var setting: Case
        public var stepsPerSecond: Double
        public var measuredSteps: Int
        public var updates: Int
    }

    public static let cases = [
        Case(environment: "PointMass-v0", environments: 1, replayRatio: 1, threads: 1),
        Case(environment: "TabletopPush-v0", environments: 1, replayRatio: 1, threads: 1),
        Case(environment: "TabletopPush-v0", environments: 8, replayRatio: 1, threads: 2),
        Case(environment: "TabletopPush-v0", environments: 8, replayRatio: 0.5, threads: 2),
        Case(environment: "TabletopPush-v0", environments: 8, replayRatio: 0.25, threads: 2),
    ]

    public var cases: [Case]
    public var effort: Double

    public init(effort: Double = 1, cases: [Case] = TrainBenchmark.cases) {
        self.effort = effort
        self.cases = cases
    }

    public func run(catalog: EnvironmentCatalog, progress: (String) -> Void = { _ in }) throws -> [Result] {
        var results: [Result] = []
        for setting in cases where catalog.singleAgentIDs.contains(setting.environment) {
            progress("measuring DIAYN training on \(setting.environment): \(setting.environments) environment\(setting.environments == 1 ? "" : "s"), replay ratio \(setting.replayRatio), \(setting.threads) thread\(setting.threads == 1 ? "" : "s")...")
            // The defaults (2x256 networks, batch 256), not the environment family's preset.
            var configuration = TrainingConfiguration()
            configuration.environment = setting.environment
            configuration.environments = setting.environments
            configuration.threads = setting.threads
            configuration.sac.replayRatio = setting.replayRatio
            configuration.sac.warmupSteps = 304
            configuration.evaluationInterval = 0
            let warm = configuration.sac.warmupSteps + 4 * setting.environments * max(1, Int((1 / setting.replayRatio).rounded(.up)))
            // About the same number of updates at every ratio.
            let measured = max(64, Int(400 * effort / setting.replayRatio)) / setting.environments * setting.environments
            configuration.steps = warm + measured
            configuration.logInterval = configuration.steps
            let trainer = try OffPolicyTrainer(configuration: configuration, catalog: catalog)
            try trainer.train(until: warm)      // the warm-up, then a few updates to warm buffers
            let updatesBefore = trainer.learner.updateCount
            let start = Stopwatch.now()
            try trainer.train()
            let seconds = Stopwatch.now() - start
            let steps = trainer.step - warm
            results.append(Result(setting: setting, stepsPerSecond: Double(steps) / seconds, measuredSteps: steps,
                                  updates: trainer.learner.updateCount - updatesBefore))
        }
        return results
    }
}
