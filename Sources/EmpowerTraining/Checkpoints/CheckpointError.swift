import EmpowerBase

/// Errors saving, finding or loading checkpoints, and restoring state from them.
public typealias CheckpointError = CodedError<CheckpointErrorCode>

/// The codes of ``CheckpointError``.
public enum CheckpointErrorCode: String, Sendable {
    /// A checkpoint file could not be read or written (permissions, disk full, ...).
    case io
    /// The file is not a valid checkpoint: truncated, corrupted, or not a checkpoint at all.
    case corrupted
    /// No checkpoint exists for the requested step.
    case notFound = "not_found"
    /// Checkpoint files exist but none of them can be loaded.
    case noValidCheckpoint = "no_valid_checkpoint"
    /// A tensor the restoring component needs is not in the checkpoint.
    case missingTensor = "missing_tensor"
    /// A tensor has a different shape than the restoring component expects.
    case shapeMismatch = "shape_mismatch"
    /// The checkpoint's saved counters or settings do not fit the restoring component.
    case incompatibleState = "incompatible_state"
    /// A tensor name is reserved by the checkpoint format.
    case reservedName = "reserved_name"
}

