import EmpowerBase
import EmpowerNN

/// The decentralized policies of N agents that share one skill z: pi_i(a_i | o_i, z), each a
/// tanh-Gaussian (``SquashedGaussianActor``) on the agent's own observation only.
///
/// Two parameterizations (`sharesParameters`):
/// - **shared** (default): one network for every agent, told apart by an agent-id one-hot, so
///   agent i sees `[o_i, onehot(z), onehot(i)]`. Fewer parameters, and every agent's
///   experience trains the same weights.
/// - **separate**: N networks ("actor.agent0", ...), agent i's seeing `[o_i, onehot(z)]`.
///
/// The joint policy factorizes, so the joint log-probability is the sum of the agents':
///
///     log pi(a | o, z) = sum_i log pi_i(a_i | o_i, z)
///
/// Inputs are stacked agent-major: rows `i*B ..< (i+1)*B` hold agent i's rows for a batch of B
/// joint observations (see ``fillInputs(_:observations:rows:skills:)``). Joint actions come out
/// batch-major, `[B, N * actionSize]`, agent 0's action first in each row, which is the layout
/// of ``MultiAgentTransitionBatch`` and of what the centralized critics take.
///
/// ```swift
/// let actor = MultiAgentActor(agentCount: 3, observationSize: 14, actionSize: 2, skillCount: 8,
///                             hiddenSizes: [64, 64], sharesParameters: true, using: &rng)
/// actor.fillInputs(&inputs, observations: jointObservations, rows: B, skills: skills)   // [3B, 14 + 8 + 3]
/// let (action, logProbability, _) = actor.sample(tape.constant(inputs), noise: tape.constant(noise))  // [B, 6], [B]
/// ```
public struct MultiAgentActor: ParameterContainer {
    /// One network when parameters are shared, else one per agent.
    public let networks: [SquashedGaussianActor]
    public let agentCount: Int
    public let observationSize: Int
    public let actionSize: Int
    public let skillCount: Int
    public let sharesParameters: Bool
    public let parameters: [Parameter]

    public init(
        agentCount: Int, observationSize: Int, actionSize: Int, skillCount: Int, hiddenSizes: [Int], sharesParameters: Bool,
        using generator: inout some RandomNumberGenerator
    ) {
        precondition(agentCount >= 1, "MultiAgentActor: at least one agent, got \(agentCount)")
        self.agentCount = agentCount
        self.observationSize = observationSize
        self.actionSize = actionSize
        self.skillCount = skillCount
        self.sharesParameters = sharesParameters
        let inputSize = observationSize + skillCount + (sharesParameters ? agentCount : 0)
        if sharesParameters {
            networks = [SquashedGaussianActor(inputSize: inputSize, actionSize: actionSize, hiddenSizes: hiddenSizes, using: &generator)]
        } else {
            networks = (0..<agentCount).map { i in
                SquashedGaussianActor(inputSize: inputSize, actionSize: actionSize, hiddenSizes: hiddenSizes, name: "actor.agent\(i)", using: &generator)
            }
        }
        parameters = networks.flatMap(\.parameters)
    }

    /// Floats of one agent's input row: observation, skill one-hot, and the agent one-hot when shared.
    public var inputSize: Int { observationSize + skillCount + (sharesParameters ? agentCount : 0) }

    /// Writes the agent-major input rows for `rows` joint observations (`rows × N × observationSize`
    /// floats, agent blocks side by side): row `i * rows + b` is `[o_{b,i}, onehot(z_b)]`, then
    /// `onehot(i)` when parameters are shared. Resizes `inputs` only when its shape is wrong.
    public func fillInputs(_ inputs: inout Tensor, observations: UnsafeBufferPointer<Float>, rows: Int, skills: [Int32]) {
        let n = agentCount, obs = observationSize, k = skillCount, width = inputSize
        precondition(observations.count == rows * n * obs, "MultiAgentActor.fillInputs: \(observations.count) floats for \(rows) x \(n) x \(obs)")
        precondition(k == 0 || skills.count >= rows, "MultiAgentActor.fillInputs: \(rows) rows need \(rows) skills, got \(skills.count)")
        let shape = Shape(rows: n * rows, columns: width)
        if inputs.shape != shape { inputs = Tensor(shape: shape) }
        inputs.withUnsafeMutableBufferPointer { target in
            target.update(repeating: 0)
            for i in 0..<n {
                for b in 0..<rows {
                    let row = target.baseAddress! + (i * rows + b) * width
                    row.update(from: observations.baseAddress! + (b * n + i) * obs, count: obs)
                    if k > 0 {
                        let skill = Int(skills[b])
                        precondition(skill >= 0 && skill < k, "MultiAgentActor.fillInputs: skill \(skill) is outside 0..<\(k)")
                        row[obs + skill] = 1
                    }
                    if sharesParameters { row[obs + k + i] = 1 }
                }
            }
        }
    }

    /// The same from a tensor of joint observations `[B, N * observationSize]`.
    public func fillInputs(_ inputs: inout Tensor, observations: Tensor, skills: [Int32]) {
        let rows = observations.shape[0]
        observations.withUnsafeBufferPointer { fillInputs(&inputs, observations: $0, rows: rows, skills: skills) }
    }

    /// A reparameterized joint sample from agent-major `inputs` ([N·B, inputSize]) and standard
    /// normal `noise` ([N·B, actionSize]): the joint action [B, N·actionSize], the joint
    /// log-probability [B], and each agent's log-probability [B].
    public func sample(_ inputs: Variable, noise: Variable, trainable: Bool = true) -> (action: Variable, logProbability: Variable, agentLogProbabilities: [Variable]) {
        var actions: [Variable] = []
        var logProbabilities: [Variable] = []
        forEachAgent(inputs, noise: noise, trainable: trainable) { action, logProbability in
            actions.append(action)
            logProbabilities.append(logProbability)
        }
        let tape = inputs.tape
        let joint = actions.dropFirst().reduce(actions[0]) { tape.concat($0, $1, alongAxis: 1) }
        let total = logProbabilities.dropFirst().reduce(logProbabilities[0], +)
        return (joint, total, logProbabilities)
    }

    /// tanh(mean) of every agent, as a joint action [B, N·actionSize].
    public func deterministicAction(_ inputs: Variable) -> Variable {
        let tape = inputs.tape
        let rows = inputs.shape[0] / agentCount
        var actions: [Variable] = []
        if sharesParameters {
            let all = networks[0].distribution(inputs, trainable: false).deterministicAction
            for i in 0..<agentCount { actions.append(tape.slice(all, alongAxis: 0, (i * rows)..<((i + 1) * rows))) }
        } else {
            for i in 0..<agentCount {
                let x = tape.slice(inputs, alongAxis: 0, (i * rows)..<((i + 1) * rows))
                actions.append(networks[i].distribution(x, trainable: false).deterministicAction)
            }
        }
        return actions.dropFirst().reduce(actions[0]) { tape.concat($0, $1, alongAxis: 1) }
    }

    /// Calls `body` with each agent's sampled action [B, A] and log-probability [B], agent 0 first.
    func forEachAgent(_ inputs: Variable, noise: Variable, trainable: Bool, _ body: (Variable, Variable) -> Void) {
        let tape = inputs.tape
        let rows = inputs.shape[0] / agentCount
        precondition(inputs.shape[0] == rows * agentCount && noise.shape[0] == inputs.shape[0],
                     "MultiAgentActor.sample: \(inputs.shape[0]) input rows and \(noise.shape[0]) noise rows for \(agentCount) agents")
        if sharesParameters {
            let (action, logProbability) = networks[0].distribution(inputs, trainable: trainable).sample(noise: noise)
            for i in 0..<agentCount {
                let range = (i * rows)..<((i + 1) * rows)
                body(tape.slice(action, alongAxis: 0, range), tape.slice(logProbability, alongAxis: 0, range))
            }
        } else {
            for i in 0..<agentCount {
                let range = (i * rows)..<((i + 1) * rows)
                let policy = networks[i].distribution(tape.slice(inputs, alongAxis: 0, range), trainable: trainable)
                let (action, logProbability) = policy.sample(noise: tape.slice(noise, alongAxis: 0, range))
                body(action, logProbability)
            }
        }
    }
}

/// Acting with a ``MultiAgentActor`` on its own inference tape and reused buffers: from
/// agent-major inputs of E joint observations to E joint actions, `[E, N·actionSize]` row-major.
public struct MultiAgentActorSampler {
    public let actor: MultiAgentActor
    let tape = Tape(recordsGradients: false)
    var noise = Tensor(shape: [1, 1])
    var output = Tensor(shape: [1, 1])

    public init(actor: MultiAgentActor) {
        self.actor = actor
    }

    /// A joint sample (one standard normal draw per agent and action dimension, agent-major),
    /// or every agent's tanh(mean) when `deterministic`.
    public mutating func act(_ inputs: Tensor, deterministic: Bool, using generator: inout some RandomNumberGenerator) -> [Float] {
        tape.reset()
        let x = tape.constant(inputs)
        let action: Variable
        if deterministic {
            action = actor.deterministicAction(x)
        } else {
            let shape = Shape(rows: inputs.shape[0], columns: actor.actionSize)
            if noise.shape != shape { noise = Tensor(shape: shape) }
            noise.withUnsafeMutableBufferPointer { generator.fillStandardNormal($0) }
            action = actor.sample(x, noise: tape.constant(noise), trainable: false).action
        }
        tape.copyValue(of: action, into: &output)
        return output.scalars
    }
}
