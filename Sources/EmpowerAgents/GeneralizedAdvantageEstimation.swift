/// Generalized advantage estimation (Schulman et al., 2016) over a rollout of T steps of N
/// environments, stored time-major (entry t * N + i is step t of environment i):
///
///     delta_t = r_t + gamma * V_next_t - V(s_t)
///     A_t     = delta_t + gamma * lambda * (1 - end_t) * A_{t+1}
///     R_t     = A_t + V(s_t)                    (the value target)
///
/// `nextValues` says what the step bootstraps from, so the caller settles Gymnasium's
/// termination/truncation rule once: 0 when the episode terminated, V(true final observation)
/// when it was truncated, V(s_{t+1}) otherwise (for the last step, the value of the observation
/// the next rollout starts from). `ends` marks steps after which an episode ended either way;
/// the recursion does not run across them.
///
/// ```swift
/// // one environment, two steps, no episode end:
/// GeneralizedAdvantageEstimation.compute(
///     rewards: [1, 1], values: [0.5, 0.5], nextValues: [0.5, 0.5], ends: [false, false],
///     steps: 2, environments: 1, gamma: 0.9, lambda: 0.8, advantages: &a, returns: &r)
/// // delta = [0.95, 0.95], A_1 = 0.95, A_0 = 0.95 + 0.72 * 0.95 = 1.634
/// ```
///
/// SLIM calls it once per reward channel, each with its own rewards and value head.
public enum GeneralizedAdvantageEstimation {
    public static func compute(
        rewards: [Float], values: [Float], nextValues: [Float], ends: [Bool], steps: Int, environments: Int,
        gamma: Float, lambda: Float, advantages: inout [Float], returns: inout [Float]
    ) {
        let count = steps * environments
        precondition(rewards.count == count && values.count == count && nextValues.count == count && ends.count == count,
                     "GAE: every input needs \(steps) x \(environments) = \(count) entries")
        if advantages.count != count { advantages = [Float](repeating: 0, count: count) }
        if returns.count != count { returns = [Float](repeating: 0, count: count) }
        for i in 0..<environments {
            var running: Float = 0
            for t in stride(from: steps - 1, through: 0, by: -1) {
                let index = t * environments + i
                if ends[index] { running = 0 }
                let delta = rewards[index] + gamma * nextValues[index] - values[index]
                running = delta + gamma * lambda * running
                advantages[index] = running
                returns[index] = running + values[index]
            }
        }
    }
}

/// SLIM's combination of per-channel advantages (each reward channel k has its own critic and
/// its own GAE advantages A_k):
///
///     A = sum_k w_k * normalized(A_k),   normalized(x) = (x - mean(x)) / max(std(x) + 1e-8, floor)
///
/// with mean and standard deviation over the whole rollout. Normalizing each channel first
/// puts channels of very different scales (a log-probability, a distance, an event count) on
/// one footing, so the weights alone set their balance. With one channel, weight 1 and no
/// floor this is PPO's usual advantage normalization.
///
/// `floor` (0 by default) bounds the amplification: a channel whose rewards carry no signal in
/// a rollout (no safety event happened) still has small advantages from its critic's errors,
/// and dividing them by their own tiny spread would turn that noise into a full-weight signal.
public enum AdvantageCombination {
    /// Writes sum_k weights[k] * normalized(advantages[k]) (or the raw weighted sum when
    /// `normalize` is false) into `combined`.
    public static func combine(_ advantages: [[Float]], weights: [Float], normalize: Bool, floor: Float = 0, into combined: inout [Float]) {
        precondition(advantages.count == weights.count && !advantages.isEmpty, "AdvantageCombination: one weight per channel")
        let count = advantages[0].count
        if combined.count != count { combined = [Float](repeating: 0, count: count) }
        for i in 0..<count { combined[i] = 0 }
        for (k, channel) in advantages.enumerated() {
            precondition(channel.count == count, "AdvantageCombination: channels of different lengths")
            var mean: Float = 0, scale: Float = 1
            if normalize {
                (mean, scale) = standardization(channel)
                if floor > 0 { scale = min(scale, 1 / floor) }
            }
            let w = weights[k]
            for i in 0..<count { combined[i] += w * (channel[i] - mean) * scale }
        }
    }

    /// The mean of `values` and 1 / (population standard deviation + 1e-8), computed in Double.
    public static func standardization(_ values: [Float]) -> (mean: Float, inverseScale: Float) {
        guard !values.isEmpty else { return (0, 1) }
        var sum = 0.0
        for x in values { sum += Double(x) }
        let mean = sum / Double(values.count)
        var squares = 0.0
        for x in values { squares += (Double(x) - mean) * (Double(x) - mean) }
        let std = (squares / Double(values.count)).squareRoot()
        return (Float(mean), Float(1 / (std + 1e-8)))
    }
}
