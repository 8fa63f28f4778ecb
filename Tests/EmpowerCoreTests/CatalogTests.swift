import EmpowerCore
import Testing

@Suite("Environment catalog")
struct CatalogTests {
    static func catalog() throws -> EnvironmentCatalog {
        var catalog = EnvironmentCatalog()
        try catalog.register(
            LineWalk.id, summary: "walk right",
            parameters: [
                EnvironmentParameter("goal", .float, default: 3.0, summary: "termination position"),
                EnvironmentParameter("maxEpisodeSteps", .int, default: 50, summary: "truncation step"),
            ]
        ) { arguments in
            try LineWalk(goal: try arguments.float("goal") ?? 3, maxEpisodeSteps: try arguments.int("maxEpisodeSteps") ?? 50)
        }
        try catalog.registerMultiAgent("TwoWalkers-v0", summary: "two walkers") { _ in try TwoWalkers() }
        return catalog
    }

    @Test("make builds with defaults and with typed arguments")
    func make() throws {
        let catalog = try Self.catalog()
        #expect(catalog.ids == ["LineWalk-v0", "TwoWalkers-v0"])
        let env = try catalog.make("LineWalk-v0")
        #expect(env.spec.maxEpisodeSteps == 50)
        let custom = try catalog.make("LineWalk-v0", arguments: ["goal": 2, "maxEpisodeSteps": 9])
        #expect(custom.spec.maxEpisodeSteps == 9)
        #expect((custom as? LineWalk)?.goal == 2, "an int argument is accepted for a float parameter")
        #expect(try catalog.makeMultiAgent("TwoWalkers-v0").possibleAgents == ["a", "b"])
    }

    @Test("a wrong id suggests the closest registered one")
    func didYouMean() throws {
        let catalog = try Self.catalog()
        do {
            _ = try catalog.make("LineWalk-v1")
            Issue.record("expected an error")
        } catch let error as EnvironmentError {
            #expect(error.code == .unknownEnvironment)
            #expect(error.message.contains("Did you mean \"LineWalk-v0\"?"))
        }
        do {
            _ = try catalog.make("TwoWalkers-v0")
            Issue.record("expected an error")
        } catch let error as EnvironmentError {
            #expect(error.message.contains("makeMultiAgent"))
        }
    }

    @Test("unknown and mistyped arguments are rejected before the factory runs")
    func arguments() throws {
        let catalog = try Self.catalog()
        do {
            _ = try catalog.make("LineWalk-v0", arguments: ["gaol": 2.0])
            Issue.record("expected an error")
        } catch let error as EnvironmentError {
            #expect(error.code == .invalidArgument)
            #expect(error.message.contains("Did you mean \"goal\"?"))
        }
        do {
            _ = try catalog.make("LineWalk-v0", arguments: ["maxEpisodeSteps": 2.5])
            Issue.record("expected an error")
        } catch let error as EnvironmentError {
            #expect(error.code == .invalidArgument)
            #expect(error.context["expected"] == "int")
        }
    }

    @Test("ids are unique; listings describe spaces and limits")
    func entries() throws {
        var catalog = try Self.catalog()
        #expect(throws: EnvironmentError.self) { try catalog.register(LineWalk.id, summary: "again") { _ in try LineWalk() } }
        let entries = try catalog.entries()
        #expect(entries.map(\.id) == ["LineWalk-v0", "TwoWalkers-v0"])
        let text = entries[0].description
        #expect(text.contains("Box(-1.0, 1.0, shape: [1])") && text.contains("50 steps") && text.contains("goal (float, default 3.0)"))
    }
}
