import EmpowerAgents
import EmpowerBase
import EmpowerNN
import EmpowerSkills

/// One on-policy rollout, time-major (row t * N + i for step t of environment i): the policy's
/// inputs `[observation, code]`, actions, log-probabilities and every value head's estimate,
/// what the environments returned, and what each step bootstraps from. Filled from the
/// ``Collector``'s steps; read by reward channels (``transitions()``) and by PPO (``samples(advantages:returns:)``).
///
/// Bootstrapping follows Gymnasium's rules: a terminated step bootstraps from 0, a truncated
/// one from V(true final observation), every other step from V(s_{t+1}).
struct RolloutBuffer {
    let steps: Int
    let environments: Int
    let observationSize: Int
    let actionSize: Int
    let codeSize: Int
    let heads: Int
    var inputs: Tensor
    var actions: [Float]
    var logProbabilities: [Float]
    var values: [Float]
    var skills: [Int32]
    var nextObservations: [Float]
    /// Each row's episode's first observation.
    var episodeStarts: [Float]
    var environmentRewards: [Float]
    var safetyEvents: [Float]
    var infoFloats: [String: [Float]] = [:]
    var ends: [Bool]
    /// Rows whose episode was truncated, and their `[final observation, code]` inputs.
    var truncatedRows: [Int] = []
    var truncatedInputs: [Float] = []

    init(steps: Int, environments: Int, observationSize: Int, actionSize: Int, codeSize: Int, heads: Int, infoKeys: [String]) {
        self.steps = steps
        self.environments = environments
        self.observationSize = observationSize
        self.actionSize = actionSize
        self.codeSize = codeSize
        self.heads = heads
        let count = steps * environments
        inputs = Tensor(shape: Shape(rows: count, columns: observationSize + codeSize))
        actions = [Float](repeating: 0, count: count * actionSize)
        logProbabilities = [Float](repeating: 0, count: count)
        values = [Float](repeating: 0, count: count * heads)
        skills = [Int32](repeating: 0, count: count)
        nextObservations = [Float](repeating: 0, count: count * observationSize)
        episodeStarts = [Float](repeating: 0, count: count * observationSize)
        environmentRewards = [Float](repeating: 0, count: count)
        safetyEvents = [Float](repeating: 0, count: count)
        ends = [Bool](repeating: false, count: count)
        for key in infoKeys { infoFloats[key] = [Float](repeating: 0, count: count) }
    }

    var count: Int { steps * environments }

    /// Stores step `t` of every environment: the policy's `inputs`, `acting`'s actions,
    /// log-probabilities and values, and what the environments returned.
    mutating func store(step t: Int, inputs source: Tensor, acting: PPOActing, collected: CollectedStep) {
        let width = observationSize + codeSize, n = environments
        let base = t * n
        source.withUnsafeBufferPointer { s in
            inputs.withUnsafeMutableBufferPointer { target in
                for j in 0..<(n * width) { target[base * width + j] = s[j] }
            }
        }
        actions.replaceSubrange((base * actionSize)..<((base + n) * actionSize), with: acting.actions)
        logProbabilities.replaceSubrange(base..<(base + n), with: acting.logProbabilities)
        values.replaceSubrange((base * heads)..<((base + n) * heads), with: acting.values)
        nextObservations.replaceSubrange((base * observationSize)..<((base + n) * observationSize), with: collected.nextObservations)
        episodeStarts.replaceSubrange((base * observationSize)..<((base + n) * observationSize), with: collected.episodeStarts)
        for i in 0..<n {
            let row = base + i
            skills[row] = collected.skills[i]
            environmentRewards[row] = collected.rewards[i]
            safetyEvents[row] = Float(collected.infos[i].safetyEvents?.total ?? 0)
            for key in infoFloats.keys { infoFloats[key]?[row] = collected.infos[i].floats[key] ?? 0 }
            ends[row] = collected.isDone(i)
            if collected.truncations[i] && !collected.terminations[i] {
                truncatedRows.append(row)
                truncatedInputs += collected.nextObservations[(i * observationSize)..<((i + 1) * observationSize)]
                truncatedInputs += collected.codes[(i * codeSize)..<((i + 1) * codeSize)]
            }
        }
    }

    /// What each row bootstraps from, per head: 0 where the episode ended by termination,
    /// V(final observation) where it was truncated, else V of the next row (of `lastValues`,
    /// the values after the rollout, for the last step).
    func nextValues(lastValues: [Float], truncatedValues: [Float]) -> [[Float]] {
        let m = count, n = environments
        var next = [[Float]](repeating: [Float](repeating: 0, count: m), count: heads)
        for h in 0..<heads {
            for row in 0..<m where !ends[row] {
                next[h][row] = row + n < m ? values[(row + n) * heads + h] : lastValues[(row - (m - n)) * heads + h]
            }
            for (index, row) in truncatedRows.enumerated() { next[h][row] = truncatedValues[index * heads + h] }
        }
        return next
    }

    /// Per-head GAE of `headRewards` (one reward list per value head): the advantages of each
    /// head, and the returns as an [rows, heads] matrix.
    func advantages(headRewards: [[Float]], nextValues: [[Float]], gamma: Float, lambda: Float) -> (advantages: [[Float]], returns: [Float]) {
        var advantages: [[Float]] = []
        var returns = [Float](repeating: 0, count: count * heads)
        for h in 0..<heads {
            var a: [Float] = [], r: [Float] = []
            let headValues = (0..<count).map { values[$0 * heads + h] }
            GeneralizedAdvantageEstimation.compute(
                rewards: headRewards[h], values: headValues, nextValues: nextValues[h], ends: ends, steps: steps, environments: environments,
                gamma: gamma, lambda: lambda, advantages: &a, returns: &r)
            advantages.append(a)
            for row in 0..<count { returns[row * heads + h] = r[row] }
        }
        return (advantages, returns)
    }

    /// What PPO learns from, with the combined advantages and the [rows, heads] returns.
    func samples(advantages: [Float], returns: [Float]) throws -> RolloutSamples {
        RolloutSamples(
            inputs: inputs, actions: try matrix(actions, columns: actionSize), logProbabilities: logProbabilities, advantages: advantages,
            returns: try matrix(returns, columns: heads), values: try matrix(values, columns: heads))
    }

    /// What reward channels see: s and the code are the inputs' columns, s' the stored next state.
    func transitions() throws -> RolloutTransitions {
        let width = observationSize + codeSize
        var states = [Float](repeating: 0, count: count * observationSize)
        var codes = [Float](repeating: 0, count: count * max(codeSize, 1))
        inputs.withUnsafeBufferPointer { s in
            for row in 0..<count {
                for j in 0..<observationSize { states[row * observationSize + j] = s[row * width + j] }
                for j in 0..<codeSize { codes[row * codeSize + j] = s[row * width + observationSize + j] }
            }
        }
        return RolloutTransitions(
            count: count, observationSize: observationSize,
            observations: try matrix(states, columns: observationSize), nextObservations: try matrix(nextObservations, columns: observationSize),
            skills: skills, skillCodes: try matrix(codes, columns: max(codeSize, 1)),
            environmentRewards: environmentRewards, safetyEvents: safetyEvents, infoFloats: infoFloats,
            episodeStarts: try matrix(episodeStarts, columns: observationSize))
    }

    func matrix(_ values: [Float], columns: Int) throws -> Tensor {
        try Tensor(shape: Shape(rows: count, columns: columns), scalars: values)
    }
}
