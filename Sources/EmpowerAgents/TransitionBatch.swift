import EmpowerNN

/// A minibatch of transitions, as a learner consumes it: one row per transition.
///
/// Filled by a replay buffer into reused storage (no allocation per update once sized).
/// `rewards` may be replaced by a skill objective (intrinsic rewards) before the update.
/// For a truncated episode the next observation is the true final observation and
/// `terminated` is 0 (bootstrap); for a terminated one `terminated` is 1 (no bootstrap).
public struct TransitionBatch: Sendable {
    public var observations: Tensor       // [B, obs]
    public var actions: Tensor            // [B, act], in [-1, 1]
    public var rewards: Tensor            // [B]
    public var nextObservations: Tensor   // [B, obs]
    public var terminated: Tensor         // [B], 1 where the episode terminated, else 0
    public var skills: [Int32]            // [B], the skill each transition was collected with
    /// [B, obs], the first observation of each transition's episode: filled only by a buffer
    /// that stores episode starts (a skill objective relative to the start), else nil.
    public var episodeStarts: Tensor?

    public init(batchSize: Int, observationSize: Int, actionSize: Int) {
        observations = Tensor(shape: [batchSize, observationSize])
        actions = Tensor(shape: [batchSize, actionSize])
        rewards = Tensor(shape: [batchSize])
        nextObservations = Tensor(shape: [batchSize, observationSize])
        terminated = Tensor(shape: [batchSize])
        skills = [Int32](repeating: 0, count: batchSize)
    }

    public var batchSize: Int { observations.shape[0] }
    public var observationSize: Int { observations.shape[1] }
    public var actionSize: Int { actions.shape[1] }
}
