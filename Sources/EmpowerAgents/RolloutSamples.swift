import EmpowerNN

/// One rollout, flattened for PPO's minibatch epochs: M = T x N transitions, each with the
/// policy input it acted on, the action, its log-probability at collection time, the combined
/// advantage, and per value head the return (the value target) and the value predicted at
/// collection time (for value clipping).
public struct RolloutSamples {
    /// [M, inputSize]: `[observation, skill code]` rows.
    public var inputs: Tensor
    /// [M, actionSize]: the unclipped actions the policy sampled.
    public var actions: Tensor
    /// [M]: log pi_old(a | x).
    public var logProbabilities: [Float]
    /// [M]: the advantage the policy loss uses (already combined over channels).
    public var advantages: [Float]
    /// [M, heads]: value targets.
    public var returns: Tensor
    /// [M, heads]: values at collection time.
    public var values: Tensor

    public init(inputs: Tensor, actions: Tensor, logProbabilities: [Float], advantages: [Float], returns: Tensor, values: Tensor) {
        precondition(inputs.shape[0] == actions.shape[0] && logProbabilities.count == inputs.shape[0]
                     && advantages.count == inputs.shape[0] && returns.shape == values.shape && returns.shape[0] == inputs.shape[0],
                     "RolloutSamples: every part needs one row per transition")
        self.inputs = inputs
        self.actions = actions
        self.logProbabilities = logProbabilities
        self.advantages = advantages
        self.returns = returns
        self.values = values
    }

    /// M, the number of transitions.
    public var count: Int { logProbabilities.count }
}
