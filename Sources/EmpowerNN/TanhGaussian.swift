import EmpowerBase

/// A diagonal Gaussian squashed by tanh: the SAC policy distribution.
///
/// With u = mean + exp(logStd) * eps and eps ~ N(0, I), the action is a = tanh(u), in (-1, 1)
/// per dimension, and its log-density is
///
///     log pi(a) = sum_j [ -eps_j^2 / 2 - logStd_j - log(2 pi) / 2 ] - sum_j log(1 - tanh(u_j)^2)
///
/// where the last term (the tanh change of variables) is computed stably as
/// log(1 - tanh(u)^2) = 2 (log 2 - u - softplus(-2u)).
///
/// ```swift
/// let out = actor(tape.constant(observations))          // [B, 2A]
/// let policy = TanhGaussian(mean: out.sliced(0..<A), logStd: out.sliced(A..<2*A).clamped(to: -20...2))
/// let noise = tape.constant(standardNormalNoise)        // [B, A], drawn from the run's generator
/// let (action, logProbability) = policy.sample(noise: noise)   // [B, A], [B]
/// ```
public struct TanhGaussian {
    public let mean: Variable
    public let logStd: Variable

    /// - Precondition: `mean` and `logStd` have the same shape [B, A].
    public init(mean: Variable, logStd: Variable) {
        precondition(mean.shape == logStd.shape, "TanhGaussian: mean \(mean.shape) and logStd \(logStd.shape) differ")
        self.mean = mean
        self.logStd = logStd
    }

    /// The number of action dimensions (the last axis).
    public var dimension: Int { mean.shape.last }

    /// tanh(mean): the deterministic action used for evaluation.
    public var deterministicAction: Variable { mean.tanh() }

    /// A reparameterized sample and its log-probability (summed over the last axis).
    /// Gradients flow to `mean` and `logStd` through both results.
    /// - Parameter noise: standard normal samples, same shape as `mean`.
    public func sample(noise: Variable) -> (action: Variable, logProbability: Variable) {
        precondition(noise.shape == mean.shape, "TanhGaussian.sample: noise \(noise.shape) must have the mean's shape \(mean.shape)")
        let preSquash = mean + logStd.exp() * noise
        let action = preSquash.tanh()
        let gaussian = (noise.square() * -0.5 - logStd).sum(alongAxis: -1) - Float(dimension) * TanhGaussian.halfLogTwoPi
        return (action, gaussian - TanhGaussian.logSquashDerivative(preSquash).sum(alongAxis: -1))
    }

    /// The log-probability of given actions in (-1, 1) (e.g. stored in a rollout buffer),
    /// summed over the last axis. Actions are clipped to +-(1 - 1e-6) before inverting tanh.
    public func logProbability(of action: Variable) -> Variable {
        let bound: Float = 1 - 1e-6
        let a = action.clamped(to: -bound...bound)
        // atanh(a) = (log(1 + a) - log(1 - a)) / 2
        let preSquash = ((a + 1).log() - (1 - a).log()) * 0.5
        let standardized = (preSquash - mean) / logStd.exp()
        let gaussian = (standardized.square() * -0.5 - logStd).sum(alongAxis: -1) - Float(dimension) * TanhGaussian.halfLogTwoPi
        return gaussian - TanhGaussian.logSquashDerivative(preSquash).sum(alongAxis: -1)
    }

    /// log(1 - tanh(u)^2), element-wise, without cancellation for large |u|.
    static func logSquashDerivative(_ u: Variable) -> Variable {
        ((u * -2).softplus() + u) * -2 + 2 * logTwo
    }

    /// The entropy of the Gaussian before squashing, summed over the last axis:
    /// sum_j (logStd_j + (1 + log 2 pi) / 2). (The squashed entropy has no closed form.)
    public var gaussianEntropy: Variable {
        logStd.sum(alongAxis: -1) + Float(dimension) * (0.5 + TanhGaussian.halfLogTwoPi)
    }

    static let halfLogTwoPi: Float = 0.918_938_533_204_672_7
    static let logTwo: Float = 0.693_147_180_559_945_3
}
