import EmpowerBase

/// Errors of a training run that are not about files or configuration: an environment that
/// cannot be trained on, or one that returned NaN.
public typealias TrainingError = CodedError<TrainingErrorCode>

/// The codes of ``TrainingError``.
public enum TrainingErrorCode: String, Sendable {
    /// The environment's spaces do not suit the algorithm (e.g. discrete actions for SAC).
    case unsupportedEnvironment = "unsupported_environment"
    /// A skill index outside the run's skills.
    case skillOutOfRange = "skill_out_of_range"
    /// An observation of the wrong length given to a trained policy.
    case invalidObservation = "invalid_observation"
    /// The environment returned NaN or infinity in an observation or a reward.
    case nonFiniteEnvironmentOutput = "non_finite_environment_output"
    /// A checkpoint does not belong to this run (another algorithm, environment or shape).
    case incompatibleCheckpoint = "incompatible_checkpoint"
    /// A checkpoint of the same setup written by another run (another seed or configuration).
    case foreignCheckpoint = "foreign_checkpoint"
    /// A data-parallel run resumed on another number of ranks than it was trained on.
    case rankCountMismatch = "rank_count_mismatch"
    /// There is nothing to resume from.
    case nothingToResume = "nothing_to_resume"
    /// A training run started as a child process of an experiment exited with an error.
    case childRunFailed = "child_run_failed"
    /// An evaluation asked of a run that learns no skills, or with no episodes.
    case nothingToEvaluate = "nothing_to_evaluate"
    /// `report/report.json` is missing or is not an evaluation report.
    case unreadableReport = "unreadable_report"
}

