import EmpowerAgents
import EmpowerBase
import EmpowerNN
import EmpowerTestSupport
import Testing

@Suite("Multi-agent SAC learner")
struct MultiAgentSACLearnerTests {
    func randomBatch(size: Int, agents: Int, observationSize: Int, stateSize: Int, actionSize: Int, skillCount: Int, seed: UInt64) -> MultiAgentTransitionBatch {
        var rng = Xoshiro256(seed: seed)
        var batch = MultiAgentTransitionBatch(batchSize: size, agentCount: agents, observationSize: observationSize, stateSize: stateSize, actionSize: actionSize)
        let uniform = Initializer.uniform(low: -1, high: 1)
        batch.observations = uniform.tensor(shape: [size, agents * observationSize], using: &rng)
        batch.nextObservations = uniform.tensor(shape: [size, agents * observationSize], using: &rng)
        batch.states = uniform.tensor(shape: [size, stateSize], using: &rng)
        batch.nextStates = uniform.tensor(shape: [size, stateSize], using: &rng)
        batch.actions = Initializer.uniform(low: -0.99, high: 0.99).tensor(shape: [size, agents * actionSize], using: &rng)
        batch.rewards = uniform.tensor(shape: [size], using: &rng)
        for i in 0..<size { batch.skills[i] = Int32(rng.nextIndex(below: skillCount)) }
        return batch
    }

    @Test("actors are decentralized: changing one agent's observation changes only that agent's action", arguments: [true, false])
    func decentralizedActors(shared: Bool) {
        var rng = Xoshiro256(seed: 3)
        let actor = MultiAgentActor(agentCount: 3, observationSize: 4, actionSize: 2, skillCount: 5, hiddenSizes: [16], sharesParameters: shared, using: &rng)
        #expect(actor.networks.count == (shared ? 1 : 3))
        #expect(actor.inputSize == 4 + 5 + (shared ? 3 : 0))
        var observations = Initializer.uniform(low: -1, high: 1).tensor(shape: [1, 12], using: &rng)
        var sampler = MultiAgentActorSampler(actor: actor)
        var inputs = Tensor(shape: [1, 1])
        actor.fillInputs(&inputs, observations: observations, skills: [2])
        let before = sampler.act(inputs, deterministic: true, using: &rng)
        observations[4] += 0.7            // agent 1's first observation entry
        actor.fillInputs(&inputs, observations: observations, skills: [2])
        let after = sampler.act(inputs, deterministic: true, using: &rng)
        #expect(before.count == 6)
        #expect(Array(before[0..<2]) == Array(after[0..<2]) && Array(before[4..<6]) == Array(after[4..<6]))
        #expect(maxAbsoluteDifference(Array(before[2..<4]), Array(after[2..<4])) > 1e-5)
    }

    @Test("the joint log-probability is the sum of the agents' and the joint action is agent-ordered")
    func jointSample() {
        var rng = Xoshiro256(seed: 5)
        let actor = MultiAgentActor(agentCount: 2, observationSize: 3, actionSize: 2, skillCount: 2, hiddenSizes: [8], sharesParameters: false, using: &rng)
        var inputs = Tensor(shape: [1, 1])
        actor.fillInputs(&inputs, observations: Initializer.uniform(low: -1, high: 1).tensor(shape: [4, 6], using: &rng), skills: [0, 1, 1, 0])
        let noise = Initializer.uniform(low: -1, high: 1).tensor(shape: [8, 2], using: &rng)
        let tape = Tape()
        let (action, logProbability, perAgent) = actor.sample(tape.constant(inputs), noise: tape.constant(noise))
        #expect(action.shape == Shape(rows: 4, columns: 4) && logProbability.shape == Shape([4]) && perAgent.count == 2)
        let joint = tape.value(of: logProbability).scalars
        let sum = zip(tape.value(of: perAgent[0]).scalars, tape.value(of: perAgent[1]).scalars).map { $0 + $1 }
        #expect(maxAbsoluteDifference(joint, sum) < 1e-6)
        // Agent 1's action in row 0 is what its own network gives its own input row (row 4 of the stack).
        let own = actor.networks[1].distribution(tape.slice(tape.constant(inputs), alongAxis: 0, 4..<5), trainable: false)
            .sample(noise: tape.slice(tape.constant(noise), alongAxis: 0, 4..<5)).action
        let actions = tape.value(of: action).scalars
        #expect(maxAbsoluteDifference(Array(actions[2..<4]), tape.value(of: own).scalars) < 1e-6)
    }

    @Test("updates lower the critic loss on a fixed batch and keep everything finite", arguments: [true, false])
    func updatesLearn(shared: Bool) {
        var configuration = SACConfiguration()
        configuration.hiddenSizes = [32, 32]
        configuration.learningRate = 1e-3
        var rng = Xoshiro256(seed: 7)
        var learner = MultiAgentSACLearner(
            configuration: configuration, agentCount: 3, observationSize: 4, stateSize: 6, actionSize: 2, skillCount: 4,
            sharesParameters: shared, using: &rng)
        let batch = randomBatch(size: 32, agents: 3, observationSize: 4, stateSize: 6, actionSize: 2, skillCount: 4, seed: 11)
        var metrics = Metrics()
        learner.update(batch, using: &rng, metrics: &metrics)
        let first = metrics["train/critic_loss"] ?? .nan
        for _ in 0..<200 { learner.update(batch, using: &rng, metrics: &metrics) }
        let last = metrics["train/critic_loss"] ?? .nan
        #expect(last < first * 0.5, "critic loss \(first) -> \(last)")
        #expect(learner.updateCount == 201)
        #expect(learner.stateParameters.allSatisfy { $0.value.scalars.allSatisfy(\.isFinite) })
        for key in ["train/actor_loss", "train/alpha", "train/log_prob_mean", "train/agent0_log_prob_mean", "train/agent2_log_prob_mean"] {
            #expect(metrics[key]?.isFinite == true, "\(key)")
        }
        #expect(learner.targetEntropy == -6)
    }
}
