import EmpowerCore
import EmpowerMultiAgent
import EmpowerTestSupport
import Testing

@Suite("CooperativePush-v0")
struct CooperativePushTests {
    /// Scripted pushers: each agent in `pushers` steers (PD control on position) to its slot
    /// just under the box, left or right of centre (the left-most pusher on the left); once level with the slot it pushes up at
    /// full force while holding its x. The others stay still. Returns how far the box moved
    /// in `steps` steps.
    func boxTravel(pushers: Set<Int>, steps: Int, seed: UInt64) throws -> Float {
        let env = try CooperativePush(maxEpisodeSteps: steps)
        _ = try env.reset(seed: seed)
        let n = env.possibleAgents.count
        let start = try #require(env.positions["box"])
        // The left-most pusher takes the left slot, so paths to the slots do not cross.
        let initial = try env.state()
        let order = pushers.sorted { initial[2 * $0] < initial[2 * $1] }
        for _ in 0..<steps {
            let state = try env.state()
            let box = SIMD2(state[4 * n], state[4 * n + 1])
            var actions: [String: [Float]] = [:]
            for (i, agent) in env.possibleAgents.enumerated() {
                guard pushers.contains(i) else {
                    actions[agent] = [0, 0]
                    continue
                }
                let p = SIMD2(state[2 * i], state[2 * i + 1]), v = SIMD2(state[2 * n + 2 * i], state[2 * n + 2 * i + 1])
                let slot = SIMD2<Float>(box.x + (order.first == i ? -0.06 : 0.06), box.y - 0.12 - 0.06)
                let error = slot - p
                var a = 8 * error - 0.8 * v
                if abs(error.x) < 0.03, error.y < 0.03 { a.y = 1 }   // level with the slot: push
                actions[agent] = [min(max(a.x, -1), 1), min(max(a.y, -1), 1)]
            }
            _ = try env.step(actions)
        }
        let end = try #require(env.positions["box"])
        let d = end - start
        return (d * d).sum().squareRoot()
    }

    @Test("two agents pushing together move the box at least 0.3 m; one alone less than 0.05 m", arguments: [0, 1, 2, 3, 4, 5] as [UInt64])
    func cooperationIsNeeded(seed: UInt64) throws {
        let together = try boxTravel(pushers: [0, 1], steps: 200, seed: seed)
        let alone = try boxTravel(pushers: [0], steps: 200, seed: seed)
        #expect(together >= 0.3, "two pushers moved the box \(together) m")
        #expect(alone < 0.05, "one pusher moved the box \(alone) m")
    }

    @Test("observations end with the box relative to the agent and the box velocity; state holds the box pose")
    func observationLayout() throws {
        let env = try CooperativePush(agents: 3)
        _ = try env.reset(seed: 4)
        let step = try env.step(uniformActions(env, [0.3, 1]))
        let state = try env.state()
        #expect(state.count == 4 * 3 + 6)
        let box = try #require(env.positions["box"])
        #expect(state[12] == box.x && state[13] == box.y)
        #expect(isClose(state[14] * state[14] + state[15] * state[15], 1, absolute: 1e-5))
        for (i, agent) in env.possibleAgents.enumerated() {
            let o = try #require(step.observations[agent])
            #expect(o.count == 2 * 3 + 6)
            #expect(isClose(o[8], box.x - state[2 * i], absolute: 1e-6) && isClose(o[9], box.y - state[2 * i + 1], absolute: 1e-6))
            #expect(o[10] == state[16] && o[11] == state[17])
        }
        #expect(env.spec.featureGroups["box"] == [12, 13])
        #expect(env.spec.featureGroups["relative_box"] == [8, 9])
    }

    @Test("with a goal every agent is paid minus the box's distance to it")
    func goalReward() throws {
        let env = try CooperativePush(goal: [0.5, 0.5])
        _ = try env.reset(seed: 0)
        let step = try env.step(uniformActions(env, [0, 1]))
        let d = try #require(env.positions["box"]) - SIMD2(0.5, 0.5)
        for agent in env.possibleAgents { #expect(isClose(step.rewards[agent] ?? 0, -(d * d).sum().squareRoot(), absolute: 1e-6)) }
        #expect(throws: EnvironmentError.self) { try CooperativePush(goal: [0.95, 0]) }
        #expect(throws: EnvironmentError.self) { try CooperativePush(agents: 5) }
    }

    @Test("snapshot then step N equals restore then step N, bit for bit, through box contacts")
    func snapshotReplay() throws {
        let env = try CooperativePush()
        _ = try env.reset(seed: 1)
        for _ in 0..<30 { _ = try env.step(uniformActions(env, [0, 1])) }
        let saved = try env.snapshot()
        func play() throws -> [UInt32] {
            try (0..<50).flatMap { i in
                _ = try env.step(uniformActions(env, [i % 3 == 0 ? 0.5 : -0.2, 1]))
                return try env.state().map(\.bitPattern)
            }
        }
        let first = try play()
        try env.restore(saved)
        #expect(try play() == first)
    }
}
