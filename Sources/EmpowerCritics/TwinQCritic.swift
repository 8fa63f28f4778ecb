import EmpowerBase
import EmpowerNN

/// Two independent Q networks Q1, Q2 over `[input, action]` and their target copies, as in
/// clipped double Q-learning (Fujimoto et al., 2018): targets use min(Q1', Q2').
///
/// ```swift
/// var critic = TwinQCritic(inputSize: 12, actionSize: 2, hiddenSizes: [256, 256], using: &rng)
/// let (q1, q2) = critic.values(states, actions)          // [B] each
/// let target = critic.targetMinimum(nextStates, nextActions)
/// critic.updateTargets(tau: 0.005)
/// ```
public struct TwinQCritic: ParameterContainer {
    public let q1: MLP
    public let q2: MLP
    public let target1: MLP
    public let target2: MLP
    /// The trained parameters (Q1 and Q2; not the targets).
    public let parameters: [Parameter]
    /// The target networks' parameters (for checkpoints).
    public let targetParameters: [Parameter]

    public init(inputSize: Int, actionSize: Int, hiddenSizes: [Int], using generator: inout some RandomNumberGenerator) {
        let sizes = [inputSize + actionSize] + hiddenSizes + [1]
        q1 = MLP(name: "critic.q1", sizes: sizes, activation: .relu, using: &generator)
        q2 = MLP(name: "critic.q2", sizes: sizes, activation: .relu, using: &generator)
        target1 = q1.copy(named: "critic.q1_target")
        target2 = q2.copy(named: "critic.q2_target")
        parameters = q1.parameters + q2.parameters
        targetParameters = target1.parameters + target2.parameters
    }

    /// Q1(s, a) and Q2(s, a), each of shape [B].
    public func values(_ inputs: Variable, _ actions: Variable, trainable: Bool = true) -> (Variable, Variable) {
        let x = inputs.concatenated(with: actions)
        let rows = Shape([inputs.shape[0]])
        return (q1(x, trainable: trainable).reshaped(to: rows), q2(x, trainable: trainable).reshaped(to: rows))
    }

    /// min(Q1(s, a), Q2(s, a)), [B].
    public func minimum(_ inputs: Variable, _ actions: Variable, trainable: Bool = true) -> Variable {
        let (a, b) = values(inputs, actions, trainable: trainable)
        return a.minimum(b)
    }

    /// min(Q1'(s, a), Q2'(s, a)) from the target networks, [B]; no gradient reaches them.
    public func targetMinimum(_ inputs: Variable, _ actions: Variable) -> Variable {
        let x = inputs.concatenated(with: actions)
        let rows = Shape([inputs.shape[0]])
        return target1(x, trainable: false).reshaped(to: rows).minimum(target2(x, trainable: false).reshaped(to: rows))
    }

    /// Polyak-averages the targets toward the current networks.
    public func updateTargets(tau: Float) {
        polyakUpdate(target: targetParameters, source: parameters, tau: tau)
    }
}
