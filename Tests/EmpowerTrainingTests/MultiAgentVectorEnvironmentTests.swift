import EmpowerBase
import EmpowerCore
import EmpowerMultiAgent
import EmpowerTraining
import Testing

@Suite("Multi-agent vector environments")
struct MultiAgentVectorEnvironmentTests {
    /// Seeded random joint actions for `count` environments.
    func actions(_ count: Int, size: Int, using generator: inout Xoshiro256) -> [Float] {
        (0..<(count * size)).map { _ in generator.nextFloat(in: -1, 1) }
    }

    @Test("the joint view lays out every agent's observation, then the state, and averages the rewards")
    func jointView() throws {
        let catalog = try multiAgentCatalog()
        let arguments: EnvironmentArguments = ["agents": .int(3)]
        var joint = try JointAgentEnvironment(try catalog.makeMultiAgent("ParticleSpread-v0", arguments: arguments))
        var plain = try catalog.makeMultiAgent("ParticleSpread-v0", arguments: arguments)
        let reset = try joint.reset(seed: 5)
        let plainReset = try plain.reset(seed: 5)
        let agents = plain.possibleAgents
        #expect(joint.agentIDs == agents && joint.agentCount == 3)
        #expect(reset.observation == agents.flatMap { plainReset.observations[$0] ?? [] } + (try plain.state()))
        #expect(joint.observationSpace.flatSize == 3 * joint.agentObservationSize + joint.stateSize)
        var generator = Xoshiro256(seed: 2)
        let action = actions(1, size: 3 * joint.agentActionSize, using: &generator)
        let step = try joint.step(action)
        var perAgent: [String: [Float]] = [:]
        for (k, agent) in agents.enumerated() {
            perAgent[agent] = Array(action[(k * joint.agentActionSize)..<((k + 1) * joint.agentActionSize)])
        }
        let plainStep = try plain.step(perAgent)
        #expect(step.observation == agents.flatMap { plainStep.observations[$0] ?? [] } + (try plain.state()))
        let mean = agents.reduce(Float(0)) { $0 + (plainStep.rewards[$1] ?? 0) / 3 }
        #expect(step.reward == mean)
        #expect { try joint.step([0]) } throws: { error in (error as? EnvironmentError)?.code == .invalidAction }
    }

    @Test("serial and threaded give the same steps, bit for bit, through automatic resets, and replay rebuilds them",
          arguments: [2, 3])
    func serialEqualsThreaded(threads: Int) throws {
        let catalog = try multiAgentCatalog()
        let arguments: EnvironmentArguments = ["agents": .int(2), "maxEpisodeSteps": .int(7)]
        let make: (Int) throws -> any MultiAgentEnvironment = { _ in try catalog.makeMultiAgent("CooperativePush-v0", arguments: arguments) }
        var serial = try MultiAgentVectorEnvironment.serial(count: 4, make: make)
        var threaded = try MultiAgentVectorEnvironment.threaded(count: 4, threads: threads, make: make)
        #expect(try serial.reset(seed: 11).observations == (try threaded.reset(seed: 11)).observations)
        var generator = Xoshiro256(seed: 3)
        var episodeActions = [[Float]](repeating: [], count: 4)
        var last: [Float] = []
        var finished = 0
        for _ in 0..<25 {
            let step = actions(4, size: serial.actionSize, using: &generator)
            let a = try serial.step(step)
            let b = try threaded.step(step)
            #expect(a.observations == b.observations && a.rewards == b.rewards && a.terminations == b.terminations && a.truncations == b.truncations)
            #expect(a.finalObservations == b.finalObservations)
            for i in 0..<4 {
                if a.truncations[i] || a.terminations[i] {
                    finished += 1
                    episodeActions[i].removeAll()
                } else {
                    episodeActions[i] += step[(i * serial.actionSize)..<((i + 1) * serial.actionSize)]
                }
            }
            last = a.observations
        }
        #expect(finished >= 12)                       // 25 steps of 7-step episodes in 4 environments
        #expect(serial.episodeIndices == threaded.episodeIndices && serial.episodeIndices.allSatisfy { $0 >= 3 })
        // A fresh vector environment replaying each current episode ends where the stepped one is.
        var rebuilt = try MultiAgentVectorEnvironment.threaded(count: 4, threads: threads, make: make)
        let replayed = try rebuilt.replayEpisodes(master: 11, episodes: serial.episodeIndices, actions: episodeActions)
        #expect(replayed == last)
    }

    @Test("agents that end at different times are a typed error naming the environment")
    func agentsMustEndTogether() throws {
        struct Staggered: MultiAgentEnvironment {
            var spec = EnvironmentSpec(id: "Staggered-v0", maxEpisodeSteps: nil, summary: "agent b stops after 2 steps")
            var possibleAgents = ["a", "b"]
            var agents = ["a", "b"]
            var observationSpaces: [String: Space] = ["a": .box(try! Box(low: -1, high: 1, shape: [1])), "b": .box(try! Box(low: -1, high: 1, shape: [1]))]
            var actionSpaces: [String: Space] = ["a": .box(try! Box(low: -1, high: 1, shape: [1])), "b": .box(try! Box(low: -1, high: 1, shape: [1]))]
            var stateSpace: Space = .box(try! Box(low: -1, high: 1, shape: [1]))
            var t = 0
            mutating func reset(seed: UInt64?) throws -> MultiAgentReset {
                t = 0
                return MultiAgentReset(observations: ["a": [0], "b": [0]])
            }
            mutating func step(_ actions: [String: [Float]]) throws -> MultiAgentStep {
                t += 1
                return MultiAgentStep(observations: ["a": [0], "b": [0]], rewards: ["a": 0, "b": 0], terminations: ["a": false, "b": t >= 2], truncations: [:])
            }
            func state() throws -> [Float] { [0] }
        }
        var joint = try JointAgentEnvironment(Staggered())
        _ = try joint.reset(seed: 1)
        _ = try joint.step([0, 0])
        #expect { try joint.step([0, 0]) } throws: { error in
            let error = error as? EnvironmentError
            return error?.code == .invalidAgent && error?.message.contains("Staggered-v0") == true && error?.message.contains("[\"b\"]") == true
        }
    }
}
