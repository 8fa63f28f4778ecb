import EmpowerCore
import EmpowerMultiAgent
import EmpowerTestSupport
import Testing

/// One action per live agent, the same for all.
func uniformActions(_ env: some MultiAgentEnvironment, _ action: [Float]) -> [String: [Float]] {
    Dictionary(uniqueKeysWithValues: env.agents.map { ($0, action) })
}

@Suite("ParticleSpread-v0")
struct ParticleSpreadTests {
    @Test("observations hold own position and velocity, then the others and the landmarks relative to it", arguments: [2, 3, 5])
    func observationLayout(agents n: Int) throws {
        let env = try ParticleSpread(agents: n)
        #expect(env.possibleAgents == (0..<n).map { "agent\($0)" })
        _ = try env.reset(seed: 7)
        var actions: [String: [Float]] = [:]
        for (i, agent) in env.agents.enumerated() { actions[agent] = [i % 2 == 0 ? 1 : -1, 0.5] }
        var step = try env.step(actions)
        step = try env.step(actions)
        let state = try env.state()
        #expect(state.count == 6 * n)
        for i in 0..<n {
            let o = try #require(step.observations["agent\(i)"])
            #expect(o.count == 4 * n + 2)
            let p = SIMD2(state[2 * i], state[2 * i + 1])
            #expect(o[0] == p.x && o[1] == p.y && o[2] == state[2 * n + 2 * i] && o[3] == state[2 * n + 2 * i + 1])
            #expect(env.positions["agent\(i)"] == p)
            #expect(o[2] != 0 || o[3] != 0, "a pushed agent moves")
            var k = 4
            for j in 0..<n where j != i {
                #expect(isClose(o[k], state[2 * j] - p.x, absolute: 1e-6) && isClose(o[k + 1], state[2 * j + 1] - p.y, absolute: 1e-6))
                k += 2
            }
            for l in 0..<n {
                #expect(isClose(o[k], state[4 * n + 2 * l] - p.x, absolute: 1e-6))
                k += 2
            }
        }
    }

    @Test("the coverage reward sums each landmark's distance to its nearest agent, shared by all")
    func coverageReward() throws {
        let env = try ParticleSpread(agents: 3, coverageReward: true)
        _ = try env.reset(seed: 2)
        let step = try env.step(uniformActions(env, [0.2, -0.4]))
        let positions = env.positions
        var expected: Float = 0
        for l in env.landmarks {
            expected -= (0..<3).map { i -> Float in
                let d = (positions["agent\(i)"] ?? .zero) - l
                return (d.x * d.x + d.y * d.y).squareRoot()
            }.min() ?? 0
        }
        for agent in env.possibleAgents { #expect(isClose(step.rewards[agent] ?? 0, expected, absolute: 1e-5)) }
        #expect(expected < 0)
        let plain = try ParticleSpread(agents: 3)
        _ = try plain.reset(seed: 2)
        #expect(try plain.step(uniformActions(plain, [0.2, -0.4])).rewards.values.allSatisfy { $0 == 0 })
    }

    @Test("every agent is truncated at the limit and leaves `agents`; stepping then throws")
    func truncation() throws {
        let env = try ParticleSpread(agents: 2, maxEpisodeSteps: 5)
        _ = try env.reset(seed: 0)
        for _ in 0..<4 { #expect(try env.step(uniformActions(env, [0, 0])).truncations.values.allSatisfy { !$0 }) }
        let last = try env.step(uniformActions(env, [0, 0]))
        #expect(last.truncations == ["agent0": true, "agent1": true] && last.terminations.values.allSatisfy { !$0 })
        #expect(env.agents.isEmpty)
        #expect(throws: EnvironmentError.self) { try env.step([:]) }
    }

    @Test("agent counts outside 2...8 and missing actions are typed errors")
    func errors() throws {
        #expect(throws: EnvironmentError.self) { try ParticleSpread(agents: 1) }
        #expect(throws: EnvironmentError.self) { try ParticleSpread(agents: 9) }
        let env = try ParticleSpread(agents: 3)
        _ = try env.reset(seed: 0)
        #expect {
            try env.step(["agent0": [0, 0], "agent1": [0, 0]])
        } throws: { ($0 as? EnvironmentError)?.code == .invalidAgent }
        #expect {
            try env.step(["agent0": [0, 0], "agent1": [0, 0], "agent2": [0]])
        } throws: { ($0 as? EnvironmentError)?.code == .invalidAction }
    }

    @Test("snapshot then step N equals restore then step N, bit for bit")
    func snapshotReplay() throws {
        let env = try ParticleSpread(agents: 4)
        var rng = Xoshiro256(seed: 3)
        _ = try env.reset(seed: 5)
        func randomActions() -> [String: [Float]] {
            Dictionary(uniqueKeysWithValues: env.possibleAgents.map { ($0, [rng.nextFloat(in: -1, 1), rng.nextFloat(in: -1, 1)]) })
        }
        for _ in 0..<10 { _ = try env.step(randomActions()) }
        let saved = try env.snapshot()
        let plan = (0..<60).map { _ in randomActions() }
        func play() throws -> [UInt32] {
            try plan.flatMap { actions in try env.step(actions); return try env.state().map(\.bitPattern) }
        }
        let first = try play()
        try env.restore(saved)
        #expect(try play() == first)
    }
}
