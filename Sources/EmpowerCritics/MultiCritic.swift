import EmpowerBase
import EmpowerNN

/// State-value critics V_k(s, z), one head per named reward channel: what SLIM's multi-critic
/// PPO learns instead of one value of the summed reward. Head k regresses the GAE return of
/// channel k's reward r_k alone; the policy then follows A = sum_k w_k normalized(A_k) (see
/// `AdvantageCombination` in EmpowerAgents).
///
/// Two layouts (`architecture`):
/// - ``Architecture/shared``: one trunk MLP whose last layer has one output per head, so the
///   heads share features and cost one network's forward pass;
/// - ``Architecture/separate``: one MLP per head, no shared parameters (the heads cannot
///   interfere through the trunk, at M times the cost).
///
/// ```swift
/// var rng = Xoshiro256(seed: 0)
/// let critic = MultiCritic(heads: ["discovery", "reach", "safety"], inputSize: 29, hiddenSizes: [64, 64], architecture: .shared, using: &rng)
/// let v = critic.values(tape.constant(states))    // [B, 3]: column k is V_k
/// ```
///
/// A critic with a single head (PPO, or SLIM's `combine: sum` baseline) is a plain V(s).
public struct MultiCritic: ParameterContainer {
    /// How the heads are laid out.
    public enum Architecture: String, Codable, Sendable, CaseIterable {
        /// One trunk, one output per head.
        case shared
        /// One network per head.
        case separate
    }

    /// The head names, in column order.
    public let heads: [String]
    public let architecture: Architecture
    /// The networks: one for `shared`, one per head for `separate`.
    public let networks: [MLP]
    public let parameters: [Parameter]

    /// - Parameters:
    ///   - heads: one name per value head (at least one, distinct).
    ///   - activation: between hidden layers (tanh, as usual for PPO, by default).
    public init(
        heads: [String], inputSize: Int, hiddenSizes: [Int], architecture: Architecture, activation: Activation = .tanh,
        using generator: inout some RandomNumberGenerator
    ) {
        precondition(!heads.isEmpty && Set(heads).count == heads.count, "MultiCritic needs distinct head names, got \(heads)")
        self.heads = heads
        self.architecture = architecture
        switch architecture {
        case .shared:
            networks = [MLP(
                name: "value", sizes: [inputSize] + hiddenSizes + [heads.count], activation: activation,
                initializer: .orthogonal(gain: 1.414), outputInitializer: .orthogonal(gain: 1), using: &generator)]
        case .separate:
            networks = heads.map {
                MLP(name: "value.\($0)", sizes: [inputSize] + hiddenSizes + [1], activation: activation,
                    initializer: .orthogonal(gain: 1.414), outputInitializer: .orthogonal(gain: 1), using: &generator)
            }
        }
        parameters = networks.flatMap(\.parameters)
    }

    /// The number of heads.
    public var headCount: Int { heads.count }

    /// Every head's value for each row of `inputs`: [B, headCount], column k is head k.
    public func values(_ inputs: Variable, trainable: Bool = true) -> Variable {
        var result = networks[0](inputs, trainable: trainable)
        for network in networks.dropFirst() {
            result = result.concatenated(with: network(inputs, trainable: trainable))
        }
        return result
    }
}
