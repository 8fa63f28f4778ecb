import EmpowerNN

/// A batch of transitions sampled from a ``ReplayBuffer``, laid out as tensors ready for a
/// learner: row `i` of every tensor belongs to the same transition.
///
/// Create it once and pass it to ``ReplayBuffer/sample(_:into:using:)`` at every update: the
/// buffer overwrites the rows in place, so a warm training loop allocates nothing here.
///
/// ```swift
/// var batch = TransitionBatch(batchSize: 256, observationSize: 2, actionSize: 2)
/// buffer.sample(256, into: &batch, using: &rng)
/// batch.observations.shape   // [256, 2]
/// ```
public struct TransitionBatch: Sendable {
    /// Observations before the step, shape [B, observationSize].
    public var observations: Tensor
    /// Actions taken, shape [B, actionSize].
    public var actions: Tensor
    /// Environment rewards, shape [B] (skill objectives relabel intrinsic rewards themselves).
    public var rewards: Tensor
    /// Observations after the step, shape [B, observationSize]. For a truncated episode this is
    /// the true final observation, never the observation of the next episode's reset.
    public var nextObservations: Tensor
    /// 1 where the episode terminated at this step (do not bootstrap), else 0. Shape [B].
    public var terminated: Tensor
    /// The skill the policy was conditioned on, one per row.
    public var skills: [Int32]

    /// An all-zero batch of `batchSize` rows.
    /// - Precondition: every size is positive.
    public init(batchSize: Int, observationSize: Int, actionSize: Int) {
        precondition(batchSize > 0, "a transition batch needs a positive batch size, got \(batchSize)")
        precondition(observationSize > 0 && actionSize > 0,
                     "a transition batch needs positive observation and action sizes, got \(observationSize) and \(actionSize)")
        observations = Tensor(shape: Shape(rows: batchSize, columns: observationSize))
        actions = Tensor(shape: Shape(rows: batchSize, columns: actionSize))
        rewards = Tensor(shape: [batchSize])
        nextObservations = Tensor(shape: Shape(rows: batchSize, columns: observationSize))
        terminated = Tensor(shape: [batchSize])
        skills = [Int32](repeating: 0, count: batchSize)
    }

    /// The number of rows.
    public var batchSize: Int { skills.count }

    /// The observation width.
    public var observationSize: Int { observations.shape.last }

    /// The action width.
    public var actionSize: Int { actions.shape.last }
}
