import EmpowerClassic
import EmpowerCore
import EmpowerNavigation
import Testing

/// The catalog of every environment in these modules.
func builtInCatalog() throws -> EnvironmentCatalog {
    var catalog = EnvironmentCatalog()
    try ClassicEnvironments.register(in: &catalog)
    try NavigationEnvironments.register(in: &catalog)
    return catalog
}

let catalogIDs = ClassicEnvironments.ids + NavigationEnvironments.ids

@Suite("Registered environments")
struct CatalogEnvironmentTests {
    @Test("the catalog lists exactly the registered ids")
    func ids() throws {
        #expect(try builtInCatalog().ids == catalogIDs.sorted())
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

    @Test("render is not provided yet and says so", arguments: catalogIDs)
    func renderUnsupported(id: String) throws {
        var env = try builtInCatalog().make(id)
        _ = try env.reset(seed: 0)
        #expect {
            _ = try env.render()
        } throws: { error in
            (error as? EnvironmentError)?.code == .unsupported
        }
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
