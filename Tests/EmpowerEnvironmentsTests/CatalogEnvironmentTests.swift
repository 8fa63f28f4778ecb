import EmpowerClassic
import EmpowerCore
import EmpowerEnvironments
import EmpowerManipulation
import EmpowerMultiAgent
import EmpowerNavigation
import Testing

/// The built-in catalog (every environment of every module).
func builtInCatalog() throws -> EnvironmentCatalog { BuiltInEnvironments.catalog }

/// Every single-agent id of the built-in catalog.
let catalogIDs = BuiltInEnvironments.catalog.singleAgentIDs
/// Every multi-agent id of the built-in catalog.
let multiAgentCatalogIDs = BuiltInEnvironments.catalog.multiAgentIDs

@Suite("Registered environments")
struct CatalogEnvironmentTests {
    @Test("the built-in catalog holds every module's ids, and nothing else")
    func ids() throws {
        let expected = ClassicEnvironments.ids + NavigationEnvironments.ids + MultiAgentEnvironments.ids + ManipulationEnvironments.ids
        #expect(try builtInCatalog().ids == expected.sorted())
        #expect(multiAgentCatalogIDs == MultiAgentEnvironments.ids.sorted())
        #expect(catalogIDs.contains("PointMaze-v0") && catalogIDs.contains("Pendulum-v0"))
    }

    @Test("the checker finds no problem", arguments: catalogIDs)
    func checkerPasses(id: String) throws {
        let env = try builtInCatalog().make(id)
        let report = checkEnvironment(AnyEnvironment(env), seed: 17, steps: 1500)
        #expect(report.isClean, "\(report)")
        #expect(report.stepsTaken == 1500)
    }

    @Test("the same seed and actions give bit-identical episodes; another seed does not", arguments: catalogIDs)
    func determinism(id: String) throws {
        let catalog = try builtInCatalog()
        func episode(seed: UInt64) throws -> [UInt32] {
            var env = try catalog.make(id)
            var rng = Xoshiro256(seed: 5)
            var bits = try env.reset(seed: seed).observation.map(\.bitPattern)
            while true {
                let step = try env.step(env.actionSpace.sample(using: &rng))
                bits += step.observation.map(\.bitPattern) + [step.reward.bitPattern]
                if step.isDone { return bits }
            }
        }
        #expect(try episode(seed: 3) == episode(seed: 3))
        #expect(try episode(seed: 3) != episode(seed: 4))
    }

    @Test("episodes are truncated at the spec's limit", arguments: catalogIDs)
    func truncation(id: String) throws {
        var env = try builtInCatalog().make(id, arguments: ["maxEpisodeSteps": 13])
        _ = try env.reset(seed: 0)
        let zero = [Float](repeating: 0, count: env.actionSpace.flatSize)
        for _ in 1..<13 { #expect(try !env.step(zero).isDone) }
        let last = try env.step(zero)
        #expect(last.isTruncated && !last.isTerminated)
    }

    @Test("wrong action length and NaN actions are typed errors naming the environment", arguments: catalogIDs)
    func actionErrors(id: String) throws {
        var env = try builtInCatalog().make(id)
        _ = try env.reset(seed: 0)
        let size = env.actionSpace.flatSize
        do {
            _ = try env.step([Float](repeating: 0, count: size + 2))
            Issue.record("a wrong-length action was accepted")
        } catch let error as EnvironmentError {
            #expect(error.code == .invalidAction)
            #expect(error.context["environment"] == id && error.context["expected"] == "\(size)" && error.context["given"] == "\(size + 2)")
        }
        do {
            _ = try env.step([Float](repeating: .nan, count: size))
            Issue.record("a NaN action was accepted")
        } catch let error as EnvironmentError {
            #expect(error.code == .nonFiniteAction)
            #expect(error.message.contains(id))
        }
    }

    @Test("render draws a picture that changes as the environment moves", arguments: catalogIDs)
    func render(id: String) throws {
        var env = try builtInCatalog().make(id)
        _ = try env.reset(seed: 0)
        let first = try env.render()
        #expect(first.width >= 320 && first.height >= 320, "a frame large enough to see the scene")
        #expect(distinctColors(first) >= 3, "a real scene, not a blank frame")
        let push = [Float](repeating: env.actionSpace.box?.high.first ?? 1, count: env.actionSpace.flatSize)
        for _ in 0..<10 { _ = try env.step(push) }
        #expect(try env.render() != first)
    }

    @Test("snapshot, step, restore, step again: bit-identical", arguments: catalogIDs)
    func snapshotReplay(id: String) throws {
        var env = try builtInCatalog().make(id)
        var rng = Xoshiro256(seed: 9)
        _ = try env.reset(seed: 2)
        for _ in 0..<7 { _ = try env.step(env.actionSpace.sample(using: &rng)) }
        let saved = try env.snapshot()
        let actions = (0..<40).map { _ in env.actionSpace.sample(using: &rng) }
        func play() throws -> [UInt32] {
            try actions.flatMap { action in
                let step = try env.step(action)
                return step.observation.map(\.bitPattern) + [step.reward.bitPattern]
            }
        }
        let first = try play()
        try env.restore(saved)
        #expect(try play() == first)
        try env.restore(saved)
        #expect(try play() == first, "a snapshot can be restored any number of times")
    }

    @Test("a misspelled id gets a suggestion")
    func suggestion() throws {
        #expect {
            _ = try builtInCatalog().make("Pendulm-v0")
        } throws: { error in
            (error as? EnvironmentError)?.message.contains("Did you mean \"Pendulum-v0\"?") == true
        }
    }

    @Test("threaded and serial vector environments agree bit for bit", arguments: catalogIDs)
    func vectorized(id: String) throws {
        let catalog = try builtInCatalog()
        var serial = try SerialVectorEnvironment(count: 4) { _ in AnyEnvironment(try catalog.make(id, arguments: ["maxEpisodeSteps": 9])) }
        var threaded = try ThreadedVectorEnvironment(count: 4, threads: 2) { _ in AnyEnvironment(try catalog.make(id, arguments: ["maxEpisodeSteps": 9])) }
        var rng = Xoshiro256(seed: 1)
        let a = try serial.reset(seed: 8), b = try threaded.reset(seed: 8)
        #expect(a.observations.map(\.bitPattern) == b.observations.map(\.bitPattern))
        for _ in 0..<30 {
            var actions: [Float] = []
            for _ in 0..<4 { actions += serial.singleActionSpace.sample(using: &rng) }
            let s = try serial.step(actions), t = try threaded.step(actions)
            #expect(s.observations.map(\.bitPattern) == t.observations.map(\.bitPattern))
            #expect(s.rewards.map(\.bitPattern) == t.rewards.map(\.bitPattern))
            #expect(s.truncations == t.truncations && s.finalObservations == t.finalObservations)
        }
    }
}

/// The number of distinct RGB colours in a frame.
func distinctColors(_ frame: Frame) -> Int {
    var seen = Set<UInt32>()
    for i in stride(from: 0, to: frame.pixels.count, by: 3) {
        seen.insert(UInt32(frame.pixels[i]) << 16 | UInt32(frame.pixels[i + 1]) << 8 | UInt32(frame.pixels[i + 2]))
    }
    return seen.count
}

@Suite("Registered multi-agent environments")
struct MultiAgentCatalogTests {
    @Test("the multi-agent checker finds no problem", arguments: multiAgentCatalogIDs)
    func checkerPasses(id: String) throws {
        let env = try builtInCatalog().makeMultiAgent(id)
        let report = checkMultiAgentEnvironment(env, seed: 17, steps: 600)
        #expect(report.isClean, "\(report)")
        #expect(report.stepsTaken == 600)
    }

    @Test("the same seed and actions give bit-identical episodes; another seed does not", arguments: multiAgentCatalogIDs)
    func determinism(id: String) throws {
        let catalog = try builtInCatalog()
        func episode(seed: UInt64) throws -> [UInt32] {
            var env = try catalog.makeMultiAgent(id, arguments: ["maxEpisodeSteps": 60])
            var rng = Xoshiro256(seed: 5)
            let reset = try env.reset(seed: seed)
            var bits = env.possibleAgents.flatMap { reset.observations[$0]?.map(\.bitPattern) ?? [] }
            while !env.agents.isEmpty {
                var actions: [String: [Float]] = [:]
                for agent in env.agents { actions[agent] = env.actionSpaces[agent]?.sample(using: &rng) }
                let step = try env.step(actions)
                for agent in env.possibleAgents {
                    bits += (step.observations[agent] ?? []).map(\.bitPattern) + [step.rewards[agent]?.bitPattern ?? 0]
                }
                bits += try env.state().map(\.bitPattern)
            }
            return bits
        }
        #expect(try episode(seed: 3) == episode(seed: 3))
        #expect(try episode(seed: 3) != episode(seed: 4))
    }

    @Test("feature groups index inside the observation or the state", arguments: multiAgentCatalogIDs)
    func featureGroups(id: String) throws {
        var env = try builtInCatalog().makeMultiAgent(id)
        _ = try env.reset(seed: 0)
        let observationSize = env.observationSpaces[env.possibleAgents[0]]?.flatSize ?? 0
        let stateSize = try env.state().count
        let groups = env.spec.featureGroups
        #expect(groups["xy"] == [0, 1])
        #expect(groups["agents_xy"] == Array(0 ..< 2 * env.possibleAgents.count))
        for (name, indices) in groups {
            let limit = name.hasPrefix("agents_") || name.hasPrefix("box") && name != "box_velocity" || name == "landmarks_xy" ? stateSize : observationSize
            #expect(indices.allSatisfy { $0 >= 0 && $0 < limit }, "\(name): \(indices)")
        }
    }

    @Test("render draws the arena and positions name every agent", arguments: multiAgentCatalogIDs)
    func renderAndPositions(id: String) throws {
        var env = try builtInCatalog().makeMultiAgent(id)
        _ = try env.reset(seed: 1)
        let frame = try env.render()
        #expect(frame.width == 400 && frame.height == 400 && distinctColors(frame) >= 4)
        for agent in env.possibleAgents { #expect(env.positions[agent] != nil) }
    }
}
