import EmpowerNN

/// A minibatch of multi-agent transitions, as ``MultiAgentSACLearner`` consumes it: one row per
/// joint transition of N agents that share one skill.
///
/// Per-agent blocks are laid side by side in agent order: row b of `observations` is
/// `[o_0, o_1, ..., o_{N-1}]` (N × observationSize floats) and row b of `actions` is
/// `[a_0, ..., a_{N-1}]` (N × actionSize). `states` is the environment's global state (what the
/// centralized critics see). `rewards` is the team reward, which a skill objective (MASD)
/// replaces before the update. Truncation and termination as in ``TransitionBatch``.
public struct MultiAgentTransitionBatch: Sendable {
    public var observations: Tensor       // [B, N * obs]
    public var states: Tensor             // [B, state]
    public var actions: Tensor            // [B, N * act], each in [-1, 1]
    public var rewards: Tensor            // [B]
    public var nextObservations: Tensor   // [B, N * obs]
    public var nextStates: Tensor         // [B, state]
    public var terminated: Tensor         // [B]
    public var skills: [Int32]            // [B]
    public let agentCount: Int

    public init(batchSize: Int, agentCount: Int, observationSize: Int, stateSize: Int, actionSize: Int) {
        precondition(agentCount >= 1, "MultiAgentTransitionBatch: at least one agent, got \(agentCount)")
        self.agentCount = agentCount
        observations = Tensor(shape: [batchSize, agentCount * observationSize])
        states = Tensor(shape: [batchSize, stateSize])
        actions = Tensor(shape: [batchSize, agentCount * actionSize])
        rewards = Tensor(shape: [batchSize])
        nextObservations = Tensor(shape: [batchSize, agentCount * observationSize])
        nextStates = Tensor(shape: [batchSize, stateSize])
        terminated = Tensor(shape: [batchSize])
        skills = [Int32](repeating: 0, count: batchSize)
    }

    public var batchSize: Int { observations.shape[0] }
    /// Floats of one agent's observation.
    public var observationSize: Int { observations.shape[1] / agentCount }
    /// Floats of one agent's action.
    public var actionSize: Int { actions.shape[1] / agentCount }
    public var stateSize: Int { states.shape[1] }
}
