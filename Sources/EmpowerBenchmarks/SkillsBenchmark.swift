import EmpowerBase
import EmpowerCore
import EmpowerTraining

/// `empower bench skills`: what a researcher waits for, the wall-clock seconds from the start
/// of training until every skill is distinct. A task trains DIAYN with its defaults (the
/// environment family's preset included) and `stop_at_accuracy`: every 1000 environment steps
/// each skill is rolled out once on fresh episodes the learner never saw, and the run stops at
/// the first evaluation whose discriminator accuracy reaches the target. The seconds exclude
/// those evaluations (reported separately); steps and updates are counted at that moment.
///
/// Tasks: the quick start (10 skills, PointMass-v0, accuracy 0.9) and the arm reaching
/// (10 skills, TabletopReach-v0, end-effector features, accuracy 0.8), both on 2 threads.
public struct SkillsBenchmark {
    public struct Task: Sendable {
        /// The key prefix (`pointmass`, `reach`).
        public var key: String
        public var environment: String
        public var accuracy: Double
        /// `key=value` settings over the defaults (as `--set`).
        public var settings: [String]
        /// Steps after which the task counts as not reached.
        public var stepLimit: Int
    }

    public struct Result: Sendable {
        public var task: Task
        /// Training seconds to the target, evaluations excluded; nil when not reached.
        public var secondsToSkills: Double?
        /// The accuracy at the stop (the last evaluation's when not reached).
        public var accuracy: Double?
        public var steps: Int
        public var updates: Int
        public var evaluationSeconds: Double
        public var configuration: TrainingConfiguration
    }

    public static let tasks = [
        Task(key: "pointmass", environment: "PointMass-v0", accuracy: 0.9, settings: [], stepLimit: 50_000),
        Task(key: "reach", environment: "TabletopReach-v0", accuracy: 0.8, settings: ["diayn.features=end_effector"], stepLimit: 200_000),
    ]

    public var threads: Int
    public var seed: UInt64
    public var tasks: [Task]

    public init(threads: Int = 2, seed: UInt64 = 0, tasks: [Task] = SkillsBenchmark.tasks) {
        self.threads = threads
        self.seed = seed
        self.tasks = tasks
    }

    /// The configuration a task trains: the defaults and presets as `empower train` resolves
    /// them, the task's settings, evaluation every 1000 steps and the stop at its accuracy.
    public func configuration(of task: Task) throws -> TrainingConfiguration {
        let settings = ["environment=\(task.environment)", "threads=\(threads)", "seed=\(seed)", "steps=\(task.stepLimit)",
                        "evaluation_interval=1000", "stop_at_accuracy=\(task.accuracy)", "log_interval=1000"] + task.settings
        return try ConfigurationLoader.decode(TrainingConfiguration.self, json: "{}", overrides: settings, source: "the benchmark")
    }

    public func run(catalog: EnvironmentCatalog, progress: (String) -> Void = { _ in }) throws -> [Result] {
        try tasks.map { task in
            let configuration = try configuration(of: task)
            progress("training DIAYN on \(task.environment) until fresh-rollout accuracy \(task.accuracy) (at most \(task.stepLimit) steps)...")
            let trainer = try Trainers.make(configuration: configuration, catalog: catalog)
            let summary = try trainer.train(until: nil, stop: nil, progress: nil)
            return Result(
                task: task, secondsToSkills: summary.reachedAccuracy == nil ? nil : summary.elapsedSeconds - summary.evaluationSeconds,
                accuracy: summary.reachedAccuracy ?? summary.metrics["eval/accuracy"], steps: summary.step, updates: summary.updates,
                evaluationSeconds: summary.evaluationSeconds, configuration: configuration)
        }
    }
}
