import EmpowerBase
import EmpowerCore
import EmpowerSkills

/// What evaluation and reports need from a policy with skills: a trainer's, or the
/// ``RandomPolicy`` baseline.
public protocol SkillRollouts: AnyObject {
    /// The configuration: the environment and its arguments, the seed, K (for a trainer, the
    /// resolved configuration the run was made from).
    var configuration: TrainingConfiguration { get }
    /// K, the number of skills; 0 when the algorithm learns no skills (plain SAC or PPO).
    var skillCount: Int { get }
    /// Environment steps the policy was trained for (0 for an untrained policy).
    var step: Int { get }
    /// The name reports give the policy: the algorithm's, or "random".
    var policyName: String { get }
    /// Pictures this policy's report has beyond every run's; empty by default.
    var extraReportPictures: [ReportPicture] { get }
    /// What the report shows as the policy's configuration (a trainer's resolved `config.json`).
    var configurationText: String { get }

    /// Runs the policy conditioned on `skill` for one episode in a fresh environment reset with
    /// `seed`: its deterministic action unless `stochastic`, sampled with `generator`
    /// otherwise. Records the named positions, every discriminator's log q(. | s'), safety
    /// events, the return, and the rendered frames when `recordFrames`.
    func rolloutSkill(_ skill: Int, seed: UInt64, stochastic: Bool, recordFrames: Bool, using generator: inout Xoshiro256) throws -> SkillEpisode
}

extension SkillRollouts {
    public var extraReportPictures: [ReportPicture] { [] }
}

/// What `empower train`, `resume` and `evaluate` need from a trainer, whatever its algorithm:
/// the loop, checkpoints, and rollouts of each skill for evaluation.
///
/// ``OffPolicyTrainer`` (SAC, DIAYN) conforms; every other algorithm's trainer does too, and
/// ``Trainers`` picks the one a configuration asks for.
///
/// ```swift
/// let trainer = try Trainers.make(configuration: configuration, catalog: BuiltInEnvironments.catalog)
/// try trainer.train(until: nil, stop: nil, progress: nil)
/// var generator = Xoshiro256(seed: 1)
/// let episode = try trainer.rolloutSkill(0, seed: 5, stochastic: false, recordFrames: false, using: &generator)
/// ```
public protocol SkillTrainer: SkillRollouts {
    /// Where metrics and checkpoints go; `nil` trains in memory.
    var runDirectory: RunDirectory? { get }
    /// Episodes finished.
    var episodes: Int { get }
    /// The number of environment copies stepped together.
    var environmentCount: Int { get }
    /// The environment's description (id, episode limit, feature groups).
    var environmentSpec: EnvironmentSpec { get }
    /// The latest value of every metric logged.
    var latestMetrics: Metrics { get }
    /// The returns of the last (at most 100) finished episodes, oldest first.
    var recentEpisodeReturns: [Double] { get }

    /// Trains until `until` environment steps (the configuration's `steps` when `nil`) or until
    /// `stop` is requested; writes metrics and checkpoints into the run directory if there is
    /// one, and a final checkpoint at the end or on a stop.
    @discardableResult
    func train(until target: Int?, stop: StopSignal?, progress: ((String) -> Void)?) throws -> TrainingSummary

    /// Writes a checkpoint of the whole state into the run directory (nothing without one).
    func saveCheckpoint() throws

    /// Restores everything a checkpoint holds.
    /// - Throws: ``TrainingError`` `.incompatibleCheckpoint` when it belongs to another setup.
    func restore(from checkpoint: Checkpoint) throws

    /// The action the policy conditioned on `skill` takes at `observation`, in the environment's
    /// action bounds: its deterministic action unless `stochastic`. What planners and
    /// hand-written loops use to run skills in an environment they own. For MASD the observation
    /// is the joint one (every agent's, agent 0 first) and the action the joint action.
    /// - Throws: ``TrainingError`` for a skill out of range or an observation of the wrong length.
    func skillAction(for observation: [Float], skill: Int, stochastic: Bool, using generator: inout Xoshiro256) throws -> [Float]

    /// The same under any skill code of a run with continuous skills (LSD, METRA, CSD): a
    /// direction rather than one of the evaluation skills.
    /// - Throws: ``TrainingError`` `.skillOutOfRange` for discrete skills or a code of the
    ///   wrong size, `.invalidObservation`.
    func action(for observation: [Float], code: [Float], stochastic: Bool, using generator: inout Xoshiro256) throws -> [Float]
}

extension SkillTrainer {
    public var policyName: String { configuration.algorithm.rawValue }
    public var configurationText: String { (try? ConfigurationLoader.resolvedJSON(configuration)) ?? "" }

    /// Trains until `target` environment steps (the configuration's `steps` when `nil`), with
    /// no stop signal and no progress line; see ``train(until:stop:progress:)``.
    @discardableResult
    public func train(until target: Int? = nil) throws -> TrainingSummary {
        try train(until: target, stop: nil, progress: nil)
    }

    /// Trains to the configuration's `steps` until `stop` is requested, reporting through
    /// `progress`; see ``train(until:stop:progress:)``.
    @discardableResult
    public func train(stop: StopSignal?, progress: ((String) -> Void)? = nil) throws -> TrainingSummary {
        try train(until: nil, stop: stop, progress: progress)
    }

    /// Trains to the configuration's `steps`, reporting through `progress`.
    @discardableResult
    public func train(progress: @escaping (String) -> Void) throws -> TrainingSummary {
        try train(until: nil, stop: nil, progress: progress)
    }
}

/// A picture an algorithm adds to its run's report (see ``SkillTrainer/extraReportPictures``).
public enum ReportPicture: Sendable, Equatable {
    /// One panel per skill with the paths of all its agents together, under `title`
    /// (multi-agent skills, where what matters is how the agents move relative to each other).
    case agentPanels(title: String)
}

/// What a call to ``SkillTrainer/train(until:stop:progress:)`` did.
public struct TrainingSummary: Sendable {
    public var step: Int
    public var episodes: Int
    public var updates: Int
    public var interrupted: Bool
    public var elapsedSeconds: Double
    public var metrics: Metrics
    /// Of `elapsedSeconds`, the time the periodic evaluations took.
    public var evaluationSeconds: Double
    /// The fresh-rollout accuracy that ended training early (`stop_at_accuracy`), else nil.
    public var reachedAccuracy: Double?

    public init(step: Int, episodes: Int, updates: Int, interrupted: Bool, elapsedSeconds: Double, metrics: Metrics,
                evaluationSeconds: Double = 0, reachedAccuracy: Double? = nil) {
        self.step = step
        self.episodes = episodes
        self.updates = updates
        self.interrupted = interrupted
        self.elapsedSeconds = elapsedSeconds
        self.metrics = metrics
        self.evaluationSeconds = evaluationSeconds
        self.reachedAccuracy = reachedAccuracy
    }
}

/// Makes and reopens trainers by the configuration's algorithm.
public enum Trainers {
    /// A trainer at step 0 for `configuration.algorithm`; with a `group` of several ranks, this
    /// rank's share of data-parallel training (give rank 0 alone the run directory).
    public static func make(
        configuration: TrainingConfiguration, catalog: EnvironmentCatalog, runDirectory: RunDirectory? = nil, group: (any ProcessGroup)? = nil
    ) throws -> any SkillTrainer {
        switch configuration.algorithm {
        case .sac, .diayn:
            return try OffPolicyTrainer(configuration: configuration, catalog: catalog, runDirectory: runDirectory, group: group)
        case .ppo, .slim, .lsd, .metra, .csd:
            return try OnPolicyTrainer(configuration: configuration, catalog: catalog, runDirectory: runDirectory, group: group)
        case .masd:
            return try MASDTrainer(configuration: configuration, catalog: catalog, runDirectory: runDirectory, group: group)
        }
    }

    /// Opens an existing run to continue training: ``open(runDirectory:catalog:group:log:)``, and a
    /// "resumed" line in `events.log` (written by rank 0 alone in data-parallel training).
    public static func resume(
        runDirectory: RunDirectory, catalog: EnvironmentCatalog, group: (any ProcessGroup)? = nil, log: (String) -> Void = { _ in }
    ) throws -> any SkillTrainer {
        let trainer = try open(runDirectory: runDirectory, catalog: catalog, group: group, log: log)
        // Several ranks check their count on restore; one process reads any checkpoint (to
        // evaluate it) but continues only its own kind.
        if let loop = trainer as? any TrainingLoop, loop.ranks == 1, loop.run.checkpointRanks > 1 {
            throw TrainingState.rankCountMismatch(step: loop.step, saved: loop.run.checkpointRanks, launched: 1)
        }
        if (group?.rank ?? 0) == 0 {
            let ranks = group.map { $0.size > 1 ? " on \($0.size) ranks" : "" } ?? ""
            try? runDirectory.appendEvent("resumed from the checkpoint at step \(trainer.step)\(ranks)")
        }
        return trainer
    }

    /// Opens an existing run as its latest checkpoint left it, to evaluate or use its skills:
    /// its `config.json`, its latest valid checkpoint (damaged newer ones are skipped and
    /// reported through `log`), and every component restored from it. Writes nothing. With a
    /// `group` of several ranks, each rank restores its own share of the checkpoint (only rank
    /// 0's trainer gets the run directory, to write into).
    ///
    /// - Throws: ``TrainingError`` `.nothingToResume` when the run has no checkpoint yet,
    ///   ``ConfigurationError`` for a damaged `config.json`, ``CheckpointError`` when checkpoint
    ///   files exist but none loads.
    public static func open(
        runDirectory: RunDirectory, catalog: EnvironmentCatalog, group: (any ProcessGroup)? = nil, log: (String) -> Void = { _ in }
    ) throws -> any SkillTrainer {
        let configuration = try ConfigurationLoader.load(TrainingConfiguration.self, from: runDirectory.configPath)
        let store = try CheckpointStore(directory: runDirectory.checkpointsPath, keep: configuration.keepCheckpoints)
        guard let checkpoint = try store.latest(onSkipped: { log("skipping a damaged checkpoint: \($0)") }) else {
            throw TrainingError(
                .nothingToResume,
                "\(runDirectory.path) has no checkpoint yet (the run stopped before its first one); start it again with `empower train`",
                context: ["run": runDirectory.path])
        }
        let trainer = try make(configuration: configuration, catalog: catalog, runDirectory: (group?.rank ?? 0) == 0 ? runDirectory : nil, group: group)
        do {
            try trainer.restore(from: checkpoint)
        } catch let error as any EmpowerError {
            // Name the file: the user has to find it to act on the message. Errors of other
            // modules (a tensor, an environment replaying its episode) say it cannot be restored.
            let path = store.path(forStep: checkpoint.step)
            if let error = error as? TrainingError {
                throw TrainingError(error.code, "\(path): \(error.message)", context: error.context.merging(["path": path]) { $1 })
            }
            throw TrainingError(
                .incompatibleCheckpoint, "\(path) cannot be restored: \(error.message)",
                context: error.context.merging(["path": path, "reason": error.code.rawValue]) { $1 })
        }
        return trainer
    }
}
