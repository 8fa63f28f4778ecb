import EmpowerAgents
import EmpowerBase
import EmpowerNN
import EmpowerSkills
import EmpowerTestSupport
import Foundation
import Testing

@Suite("MASD")
struct MASDTests {
    /// A MASD objective for `agents` agents with observations of 4 floats (features "xy" = [0, 1])
    /// and a global state of 6 floats (joint features all of it).
    func objective(agents: Int, skills: Int, beta: Float, hidden: [Int] = [8], learningRate: Float = 3e-4, seed: UInt64 = 1) -> MASDObjective {
        var rng = Xoshiro256(seed: seed)
        var configuration = MASDConfiguration()
        configuration.beta = beta
        configuration.hiddenSizes = hidden
        configuration.learningRate = learningRate
        return MASDObjective(
            configuration: configuration, prior: SkillPrior(skillCount: skills), agentCount: agents, observationSize: 4,
            jointFeatures: .all(6), agentFeatures: FeatureSelection(indices: [0, 1], name: "xy"), using: &rng)
    }

    /// Makes a discriminator ignore its input and output fixed logits.
    func fix(_ discriminator: Discriminator, logits: [Float]) {
        let layers = discriminator.network.layers
        for layer in layers { layer.weight.value = Tensor(shape: layer.weight.shape) }
        layers[layers.count - 1].bias.value = Tensor(logits)
    }

    func logSoftmax(_ logits: [Float]) -> [Double] {
        let normalizer = log(logits.map { exp(Double($0)) }.reduce(0, +))
        return logits.map { Double($0) - normalizer }
    }

    @Test("the team reward is [log q_phi(z|g(s')) - log p(z)] - beta/N sum_i [log q_psi_i(z|g_i(s')) - log p(z)] on hand-built outputs", arguments: [0, 0.5, 2] as [Float])
    func rewardFormula(beta: Float) {
        let joint: [Float] = [2, 0, -1, 0.5]
        let agents: [[Float]] = [[0, 3, 0, 0], [1, 1, 1, 0], [-2, 0, 0, 4]]
        var objective = objective(agents: 3, skills: 4, beta: beta, learningRate: 1e-12)
        fix(objective.jointDiscriminator, logits: joint)
        for (i, logits) in agents.enumerated() { fix(objective.agentDiscriminators[i], logits: logits) }
        var batch = MultiAgentTransitionBatch(batchSize: 4, agentCount: 3, observationSize: 4, stateSize: 6, actionSize: 2)
        batch.skills = [0, 1, 2, 3]
        batch.rewards = Tensor([9, 9, 9, 9])      // the environment's reward is replaced
        var metrics = Metrics()
        objective.relabel(&batch, metrics: &metrics)

        let logK = log(4.0)
        let jointLogQ = logSoftmax(joint)
        let agentLogQ = agents.map(logSoftmax)
        for z in 0..<4 {
            let agentTerm = agentLogQ.map { $0[z] + logK }.reduce(0, +)
            let expected = (jointLogQ[z] + logK) - Double(beta) / 3 * agentTerm
            #expect(isClose(batch.rewards[z], Float(expected), absolute: 1e-5), "skill \(z): \(batch.rewards[z]) vs \(expected)")
        }
        // Argmaxes: joint 0 (right for skill 0 only), agent0 1 (skill 1), agent1 one of the tied
        // 0, 1, 2 (right for that skill only), agent2 3 (skill 3): each right once in four.
        #expect(metrics["skills/joint_accuracy"] == 0.25)
        #expect(metrics["skills/agent0_accuracy"] == 0.25 && metrics["skills/agent1_accuracy"] == 0.25 && metrics["skills/agent2_accuracy"] == 0.25)
        #expect(metrics["skills/beta"] == Double(beta))
        let meanReward = (0..<4).map { Double(batch.rewards[$0]) }.reduce(0, +) / 4
        #expect(abs((metrics["skills/intrinsic_reward"] ?? .nan) - meanReward) < 1e-5)
    }

    @Test("beta = 0 is multi-agent DIAYN: the reward is the joint term alone, whatever the agents' discriminators say")
    func betaZero() {
        var objective = objective(agents: 2, skills: 3, beta: 0, learningRate: 1e-12)
        fix(objective.jointDiscriminator, logits: [0, 0, 0])
        fix(objective.agentDiscriminators[0], logits: [5, -5, 0])
        fix(objective.agentDiscriminators[1], logits: [-5, 5, 0])
        var batch = MultiAgentTransitionBatch(batchSize: 3, agentCount: 2, observationSize: 4, stateSize: 6, actionSize: 2)
        batch.skills = [0, 1, 2]
        var metrics = Metrics()
        objective.relabel(&batch, metrics: &metrics)
        for z in 0..<3 { #expect(isClose(batch.rewards[z], 0, absolute: 1e-6)) }
    }

    @Test("each per-agent discriminator sees only its own agent's features: changing everything else leaves its output unchanged")
    func perAgentDiscriminatorsSeeOnlyTheirAgent() throws {
        // Random (not zeroed) networks, so any input that reached a discriminator would move its output.
        let objective = objective(agents: 3, skills: 5, beta: 1, hidden: [16, 16], seed: 9)
        #expect(objective.agentDiscriminators.map(\.features.indices) == [[0, 1], [4, 5], [8, 9]])
        var rng = Xoshiro256(seed: 4)
        // Two joint transitions that agree only in agent 1's own position (observation entries
        // 0 and 1 of agent 1's block, i.e. columns 4 and 5); everything else differs: the other
        // agents' observations, agent 1's velocity and relative entries, and the whole state.
        var observations = Initializer.uniform(low: -1, high: 1).tensor(shape: [2, 12], using: &rng)
        observations[12 + 4] = observations[4]
        observations[12 + 5] = observations[5]
        let states = Initializer.uniform(low: -1, high: 1).tensor(shape: [2, 6], using: &rng)
        let tables = objective.logProbabilityTables(states: states, observations: observations)
        let agent1 = try #require(tables["agent1"])
        #expect(Array(agent1[0..<5]) == Array(agent1[5..<10]), "agent 1's discriminator changed with inputs that are not agent 1's")
        // The same inputs do move the joint discriminator and the other agents' ones.
        for name in ["joint", "agent0", "agent2"] {
            let table = try #require(tables[name])
            #expect(maxAbsoluteDifference(Array(table[0..<5]), Array(table[5..<10])) > 1e-4, "\(name) should see the change")
        }
        // And agent 1's output does move with agent 1's own position.
        observations[12 + 4] += 0.5
        let moved = try #require(objective.logProbabilityTables(states: states, observations: observations)["agent1"])
        #expect(maxAbsoluteDifference(Array(moved[0..<5]), Array(moved[5..<10])) > 1e-4)
    }

    @Test("the discriminators' training step sees only their own features too")
    func trainingUsesTheSameFeatures() {
        var a = objective(agents: 2, skills: 3, beta: 1, hidden: [8], learningRate: 1e-2, seed: 3)
        var b = objective(agents: 2, skills: 3, beta: 1, hidden: [8], learningRate: 1e-2, seed: 3)
        var rng = Xoshiro256(seed: 5)
        var first = MultiAgentTransitionBatch(batchSize: 8, agentCount: 2, observationSize: 4, stateSize: 6, actionSize: 2)
        first.nextObservations = Initializer.uniform(low: -1, high: 1).tensor(shape: [8, 8], using: &rng)
        first.nextStates = Initializer.uniform(low: -1, high: 1).tensor(shape: [8, 6], using: &rng)
        first.skills = [0, 1, 2, 0, 1, 2, 0, 1]
        var second = first
        // Change agent 1's whole block (columns 4..<8) and the state; agent 0's features stay.
        second.nextObservations = first.nextObservations
        for r in 0..<8 { for c in 2..<8 { second.nextObservations[r * 8 + c] = rng.nextFloat(in: -1, 1) } }
        second.nextStates = Initializer.uniform(low: -1, high: 1).tensor(shape: [8, 6], using: &rng)
        var metrics = Metrics()
        a.relabel(&first, metrics: &metrics)
        b.relabel(&second, metrics: &metrics)
        #expect(a.agentDiscriminators[0].network.parameters.map(\.value) == b.agentDiscriminators[0].network.parameters.map(\.value))
        #expect(a.agentDiscriminators[1].network.parameters.map(\.value) != b.agentDiscriminators[1].network.parameters.map(\.value))
        #expect(a.jointDiscriminator.network.parameters.map(\.value) != b.jointDiscriminator.network.parameters.map(\.value))
    }

    @Test("a negative beta and bad discriminator sizes are configuration issues naming the field")
    func configurationIssues() {
        var configuration = MASDConfiguration()
        configuration.beta = -0.5
        configuration.hiddenSizes = []
        let issues = configuration.issues()
        #expect(issues.map(\.field) == ["beta", "hidden_sizes"])
        #expect(issues.first?.allowed.contains("at least 0") == true)
        #expect(MASDConfiguration().issues().isEmpty)
    }

    @Test("relative-position coverage counts distinct (pair, cell) bins per pair")
    func coordinationMeasure() {
        // Two agents: offsets (0.5, 0.05), (0.55, 0.1) share cell (2, 0); (-0.3, 0) is cell (-2, 0).
        let a = SkillEpisode(skill: 0, positions: ["agent0": [[0, 0], [0, 0], [0.1, 0]], "agent1": [[0.5, 0.05], [0.55, 0.1], [-0.2, 0]]])
        // A second skill with the same arrangement adds nothing overall but counts for itself.
        let b = SkillEpisode(skill: 1, positions: ["agent0": [[0.3, 0.3]], "agent1": [[0.8, 0.35]]])
        let coverage = CoordinationMetric.relativePositionCoverage([a, b], agents: ["agent0", "agent1"])
        #expect(coverage.pairs == 1 && coverage.cellsPerPair == 2 && coverage.perSkill == [2, 1])
        // Three agents: three pairs, each with one cell.
        let c = SkillEpisode(skill: 0, positions: ["agent0": [[0, 0]], "agent1": [[0.5, 0]], "agent2": [[0, 0.5]]])
        #expect(CoordinationMetric.agentNames(in: [c]) == ["agent0", "agent1", "agent2"])
        #expect(CoordinationMetric.relativePositionCoverage([c], agents: ["agent0", "agent1", "agent2"]).cellsPerPair == 1)
        // The evaluation metrics carry it for multi-agent rollouts only.
        #expect(SkillMetrics(episodes: [a, b], skillCount: 2, cellSize: 0.2).relativePositionCellsPerPair == 2)
        #expect(SkillMetrics(episodes: [SkillEpisode(skill: 0, positions: ["agent": [[0, 0]]])], skillCount: 1, cellSize: 0.2).relativePositionCellsPerPair == nil)
    }

    @Test("assignment patterns: each agent's nearest landmark at the episode's end, each skill's most frequent pattern, distinct among skills")
    func assignmentPatterns() {
        // Landmarks at (-0.5, 0) and (0.5, 0); an episode's pattern is read at its last point.
        func episode(_ skill: Int, _ first: SIMD2<Float>, _ second: SIMD2<Float>) -> SkillEpisode {
            SkillEpisode(skill: skill, positions: [
                "agent0": [[0, 0], first], "agent1": [[0, 0], second],
                "landmark0": [[-0.5, 0], [-0.5, 0]], "landmark1": [[0.5, 0], [0.5, 0]],
            ])
        }
        let crossed = episode(0, [0.4, 0.1], [-0.45, 0])          // agent0 -> 1, agent1 -> 0
        #expect(CoordinationMetric.assignmentPattern(of: crossed, agents: ["agent0", "agent1"], landmarks: ["landmark0", "landmark1"]) == [1, 0])
        // Skill 0 ends crossed twice and bunched once: its pattern is [1, 0]. Skill 1 ends
        // bunched at landmark 0 ([0, 0]); skill 2 ends crossed too. Two distinct patterns.
        let episodes = [
            crossed, episode(0, [0.6, 0], [-0.6, 0.1]), episode(0, [-0.4, 0], [-0.5, 0]),
            episode(1, [-0.5, 0.1], [-0.4, 0]), episode(2, [0.5, 0], [-0.5, 0]),
        ]
        #expect(CoordinationMetric.landmarkNames(in: episodes) == ["landmark0", "landmark1"])
        #expect(CoordinationMetric.assignmentPatterns(episodes, agents: ["agent0", "agent1"], landmarks: ["landmark0", "landmark1"]) == 2)
        #expect(SkillMetrics(episodes: episodes, skillCount: 3, cellSize: 0.2).assignmentPatterns == 2)
        // Without landmarks (CooperativePush has a box, not landmarks) the metric is absent.
        let noLandmarks = SkillEpisode(skill: 0, positions: ["agent0": [[0, 0]], "agent1": [[0.5, 0]]])
        #expect(SkillMetrics(episodes: [noLandmarks], skillCount: 1, cellSize: 0.2).assignmentPatterns == nil)
    }

    @Test("evaluation accuracy reads each discriminator's table against the episode's skill")
    func evaluationAccuracy() {
        // K = 2; two steps: joint right twice, agent0 right once, agent1 never.
        let episode = SkillEpisode(
            skill: 1, positions: ["agent0": [[0, 0], [0, 0], [0, 0]], "agent1": [[0.5, 0], [0.5, 0], [0.5, 0]]],
            discriminatorLogProbabilities: ["joint": [-2, -0.1, -3, -0.05], "agent0": [-0.1, -2, -2, -0.1], "agent1": [-0.1, -3, -0.2, -1]],
            length: 2)
        let evaluation = MASDEvaluation(episodes: [episode], skillCount: 2)
        #expect(evaluation.jointAccuracy == 1 && evaluation.perAgentAccuracy == [0.5, 0] && evaluation.meanAgentAccuracy == 0.25)
        #expect(evaluation.states == 2 && evaluation.coordination.cellsPerPair == 1)
    }
}
