import EmpowerBase
import EmpowerNN

/// The transitions of one rollout as reward channels see them: M = T x N transitions, s, s'
/// (the true final observation where an episode ended), the skill, what the environment
/// returned. Rows are time-major (row t * N + i is step t of environment i).
public struct RolloutTransitions {
    public var count: Int
    public var observationSize: Int
    /// [M, observationSize]: s.
    public var observations: Tensor
    /// [M, observationSize]: s'.
    public var nextObservations: Tensor
    /// [M]: the discrete skill index (0 for continuous skills).
    public var skills: [Int32]
    /// [M, codeSize]: the skill code z the policy was conditioned on (one-hot for discrete skills).
    public var skillCodes: Tensor
    /// [M]: the environment's reward.
    public var environmentRewards: [Float]
    /// [M]: the number of safety events of each step (`info.safetyEvents.total`, 0 when absent).
    public var safetyEvents: [Float]
    /// [M] per requested key: `info.floats[key]` (0 when absent).
    public var infoFloats: [String: [Float]]
    /// [M, observationSize]: s_0, the first observation of each row's episode.
    public var episodeStarts: Tensor

    public init(
        count: Int, observationSize: Int, observations: Tensor, nextObservations: Tensor, skills: [Int32], skillCodes: Tensor,
        environmentRewards: [Float], safetyEvents: [Float], infoFloats: [String: [Float]] = [:], episodeStarts: Tensor
    ) {
        self.count = count
        self.observationSize = observationSize
        self.observations = observations
        self.nextObservations = nextObservations
        self.skills = skills
        self.skillCodes = skillCodes
        self.environmentRewards = environmentRewards
        self.safetyEvents = safetyEvents
        self.infoFloats = infoFloats
        self.episodeStarts = episodeStarts
    }
}

/// One of SLIM's rewards r_k, with its weight w_k: it gets its own value head V_k, its own GAE
/// advantages A_k and its own normalization over the rollout; the policy follows
/// A = sum_k w_k (A_k - mean(A_k)) / max(std(A_k) + 1e-8, advantage_floor)
/// (``AdvantageCombination``).
///
/// Built in: ``DIAYNDiscoveryChannel``, ``DistanceDiscoveryChannel``, ``ReachChannel``,
/// ``SafetyChannel``, ``TaskChannel``, ``InfoChannel``. Add your own by conforming a class and
/// passing it to the on-policy trainer:
///
/// ```swift
/// final class StayLow: RewardChannel {
///     let name = "stay_low"
///     let weight: Float = 0.2
///     func rewards(for rollout: RolloutTransitions, metrics: inout Metrics) -> [Float] {
///         (0..<rollout.count).map { -abs(rollout.nextObservations[$0 * rollout.observationSize + 1]) }
///     }
/// }
/// ```
public protocol RewardChannel: AnyObject {
    /// The channel's name: its value head, and its logs `slim/<name>/return`, `slim/<name>/value_loss`.
    var name: String { get }
    /// w_k.
    var weight: Float { get }
    /// The `info.floats` keys the channel reads (the trainer collects only those).
    var infoKeys: [String] { get }
    /// r_k for every transition of the rollout, [M], computed before ``learn(from:using:metrics:)``.
    func rewards(for rollout: RolloutTransitions, metrics: inout Metrics) -> [Float]
    /// Trains whatever the reward depends on (a discriminator) on the rollout; nothing by default.
    func learn(from rollout: RolloutTransitions, using generator: inout Xoshiro256, metrics: inout Metrics)
    /// Learned state for checkpoints; none by default.
    func namedState() -> [(name: String, tensor: Tensor)]
    /// Restores what ``namedState()`` wrote.
    func restore(from tensors: [String: Tensor], source: String) throws
}

extension RewardChannel {
    public var infoKeys: [String] { [] }
    public func learn(from rollout: RolloutTransitions, using generator: inout Xoshiro256, metrics: inout Metrics) {}
    public func namedState() -> [(name: String, tensor: Tensor)] { [] }
    public func restore(from tensors: [String: Tensor], source: String) throws {}
}

/// A discovery channel that can also say which skill a state looks like: what evaluation
/// reports as discriminator accuracy.
public protocol SkillScoringChannel: RewardChannel {
    /// log q(k | s_t) for every state and skill, row-major [L x K]. `initial` is the episode's
    /// first observation and `codes` ([K, codeSize]) the skill codes of the K evaluated skills.
    func skillLogProbabilities(of states: Tensor, initial: [Float], codes: Tensor) -> [Float]
}

/// Minibatch row orders over a rollout, drawn from the run's generator.
enum RolloutMinibatches {
    static func batches(count: Int, size: Int, epochs: Int, using generator: inout Xoshiro256) -> [[Int]] {
        var result: [[Int]] = []
        var order = Array(0..<count)
        for _ in 0..<epochs {
            for i in stride(from: count - 1, to: 0, by: -1) { order.swapAt(i, generator.nextIndex(below: i + 1)) }
            for start in stride(from: 0, to: count, by: size) { result.append(Array(order[start..<min(start + size, count)])) }
        }
        return result
    }

    /// The given rows of a [M, width] tensor.
    static func rows(_ source: Tensor, _ rows: [Int]) -> Tensor {
        let width = source.shape[1]
        var result = Tensor(shape: Shape(rows: rows.count, columns: width))
        source.withUnsafeBufferPointer { s in
            result.withUnsafeMutableBufferPointer { t in
                for (i, row) in rows.enumerated() {
                    for j in 0..<width { t[i * width + j] = s[row * width + j] }
                }
            }
        }
        return result
    }
}
