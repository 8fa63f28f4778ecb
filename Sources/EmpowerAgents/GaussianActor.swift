import EmpowerBase
import EmpowerNN

/// PPO's policy network: an MLP from the (skill-conditioned) observation to the mean of a
/// diagonal Gaussian, with a state-independent log standard deviation (one trainable number
/// per action dimension), as in the PPO paper's continuous-control experiments.
///
///     a ~ N(mu(x), diag(exp(2 logStd))),
///     log pi(a|x) = sum_j [ -((a_j - mu_j) / exp(logStd_j))^2 / 2 - logStd_j - log(2 pi) / 2 ]
///     H = sum_j (logStd_j + (1 + log 2 pi) / 2)
///
/// Actions are unbounded here; the trainer clips them to [-1, 1] before scaling them to the
/// environment's bounds, and stores the unclipped ones, whose log-probabilities these are.
public struct GaussianActor: ParameterContainer {
    public let network: MLP
    /// log sigma, shape [actionSize].
    public let logStd: Parameter
    public let actionSize: Int
    public let parameters: [Parameter]

    public init(inputSize: Int, actionSize: Int, hiddenSizes: [Int], initialLogStd: Float, using generator: inout some RandomNumberGenerator) {
        network = MLP(
            name: "policy", sizes: [inputSize] + hiddenSizes + [actionSize], activation: .tanh,
            initializer: .orthogonal(gain: 1.414), outputInitializer: .orthogonal(gain: 0.01), using: &generator)
        logStd = Parameter(name: "policy.log_std", value: Tensor([Float](repeating: initialLogStd, count: actionSize)))
        self.actionSize = actionSize
        parameters = network.parameters + [logStd]
    }

    public var inputSize: Int { network.inputCount }

    /// The mean action of each row, [B, actionSize].
    public func mean(_ inputs: Variable, trainable: Bool = true) -> Variable {
        network(inputs, trainable: trainable)
    }

    /// log pi(a | x) of given actions, [B].
    public func logProbability(of actions: Variable, inputs: Variable) -> Variable {
        let tape = inputs.tape
        let mu = mean(inputs)
        let logSigma = tape.parameter(logStd)
        let standardized = (actions - mu) * (logSigma * -1).exp()
        return (standardized.square() * -0.5 - logSigma).sum(alongAxis: -1) - Float(actionSize) * Self.halfLogTwoPi
    }

    /// The entropy of the policy (the same for every state), a scalar.
    public func entropy(on tape: Tape) -> Variable {
        tape.parameter(logStd).sum() + Float(actionSize) * (0.5 + Self.halfLogTwoPi)
    }

    static let halfLogTwoPi: Float = 0.918_938_533_204_672_7
}
