import EmpowerCore
import EmpowerMultiAgent
import EmpowerTestSupport
import Testing

/// The arenas reuse their result dictionaries and read actions without hashing; these tests
/// pin down that this is invisible to callers.
@Suite("Arena steps (reused dictionaries)")
struct ArenaStepTests {
    static func make(_ id: String) throws -> any SimulatedMultiAgentEnvironment {
        id == ParticleSpread.id ? try ParticleSpread(agents: 4, coverageReward: true) : try CooperativePush(agents: 3, goal: [0.3, 0.5])
    }

    /// Actions for step `t`, agent `i`.
    static func action(_ t: Int, _ i: Int) -> [Float] {
        [Float((t * 7 + i * 3) % 11) / 5 - 1, Float((t * 5 + i * 2) % 7) / 3 - 1]
    }

    @Test("a held result keeps its values while later steps overwrite the environment's buffers", arguments: [ParticleSpread.id, CooperativePush.id])
    func heldResultsAreStable(id: String) throws {
        var env = try Self.make(id)
        var twin = try Self.make(id)
        _ = try env.reset(seed: 3)
        _ = try twin.reset(seed: 3)
        var held: [MultiAgentStep] = []
        var copies: [[String: [Float]]] = []
        var rewards: [[String: Float]] = []
        for t in 0..<20 {
            var actions: [String: [Float]] = [:]
            for (i, agent) in env.possibleAgents.enumerated() { actions[agent] = Self.action(t, i) }
            let step = try env.step(actions)
            held.append(step)
            // A deep copy taken at once, element by element.
            copies.append(step.observations.mapValues { $0.map { $0 } })
            rewards.append(step.rewards.mapValues { $0 })
        }
        for t in held.indices {
            #expect(held[t].observations == copies[t], "step \(t)'s observations changed after later steps")
            #expect(held[t].rewards == rewards[t])
        }
        // And a caller that drops each result at once sees the same values.
        for t in 0..<20 {
            var actions: [String: [Float]] = [:]
            for (i, agent) in twin.possibleAgents.enumerated() { actions[agent] = Self.action(t, i) }
            let step = try twin.step(actions)
            #expect(step.observations == copies[t] && step.rewards == rewards[t])
        }
    }

    @Test("the order a caller builds its action dictionary in does not matter", arguments: [ParticleSpread.id, CooperativePush.id])
    func actionDictionaryOrder(id: String) throws {
        var forward = try Self.make(id)
        var shuffled = try Self.make(id)
        _ = try forward.reset(seed: 9)
        _ = try shuffled.reset(seed: 9)
        for t in 0..<30 {
            var a: [String: [Float]] = [:]
            for (i, agent) in forward.possibleAgents.enumerated() { a[agent] = Self.action(t, i) }
            // Built backwards, with room for many more keys: another storage layout and order.
            var b: [String: [Float]] = [:]
            b.reserveCapacity(64 + t)
            for (i, agent) in forward.possibleAgents.enumerated().reversed() { b[agent] = Self.action(t, i) }
            let x = try forward.step(a), y = try shuffled.step(b)
            #expect(x.observations == y.observations)
            #expect(x.rewards == y.rewards)
        }
    }

    @Test("a missing, unknown or malformed agent action is still a typed error", arguments: [ParticleSpread.id, CooperativePush.id])
    func badActions(id: String) throws {
        var env = try Self.make(id)
        _ = try env.reset(seed: 1)
        var actions: [String: [Float]] = [:]
        for agent in env.possibleAgents { actions[agent] = [0, 0] }
        var missing = actions
        missing[env.possibleAgents[0]] = nil
        var unknown = missing
        unknown["agent99"] = [0, 0]
        var short = actions
        short[env.possibleAgents[1]] = [0]
        var nan = actions
        nan[env.possibleAgents[2]] = [.nan, 0]
        for bad in [missing, unknown, short, nan] {
            #expect(throws: EnvironmentError.self) { _ = try env.step(bad) }
        }
        // The environment is still usable with good actions.
        let step = try env.step(actions)
        #expect(step.observations.count == env.possibleAgents.count)
    }
}
