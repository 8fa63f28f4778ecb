import EmpowerCore
import EmpowerManipulation
import Testing

func manipulationCatalog() throws -> EnvironmentCatalog {
    var catalog = EnvironmentCatalog()
    try ManipulationEnvironments.register(in: &catalog)
    return catalog
}

/// Every id with every argument combination that changes spaces or dynamics.
let manipulationConfigurations: [(id: String, arguments: EnvironmentArguments)] = [
    ("TabletopReach-v0", [:]),
    ("TabletopReach-v0", ["actionMode": "end_effector", "goal": [0.1, 0.2]]),
    ("TabletopPush-v0", ["objects": 1]),
    ("TabletopPush-v0", ["objects": 2, "actionMode": "end_effector"]),
    ("TabletopPush-v0", ["objects": 3, "goal": [-0.2, 0.2]]),
    ("TabletopPush-v0", ["objects": 3, "actionMode": "end_effector"]),
    ("TabletopLift-v0", [:]),
    ("TabletopLift-v0", ["targetHeight": 0.2]),
]

@Suite("Manipulation catalog and contract")
struct ManipulationCatalogTests {
    @Test("the module registers its three ids")
    func ids() throws {
        #expect(try manipulationCatalog().ids == ManipulationEnvironments.ids.sorted())
        #expect(ManipulationEnvironments.ids == ["TabletopReach-v0", "TabletopPush-v0", "TabletopLift-v0"])
    }

    @Test("the checker finds no problem", arguments: manipulationConfigurations.indices)
    func checkerPasses(index: Int) throws {
        let (id, arguments) = manipulationConfigurations[index]
        let env = try manipulationCatalog().make(id, arguments: arguments)
        let report = checkEnvironment(AnyEnvironment(env), seed: 17, steps: 600)
        #expect(report.isClean, "\(id) \(arguments): \(report)")
        #expect(report.stepsTaken == 600)
    }

    @Test("spaces and feature groups match the documented layout", arguments: manipulationConfigurations.indices)
    func layout(index: Int) throws {
        let (id, arguments) = manipulationConfigurations[index]
        let env = try manipulationCatalog().make(id, arguments: arguments)
        let objects = try arguments.int("objects") ?? 1
        let groups = env.spec.featureGroups
        #expect(groups["xy"] == [9, 10] && groups["end_effector"] == [9, 10])
        if id == "TabletopLift-v0" {
            #expect(env.observationSpace.flatSize == 20 && env.actionSpace.flatSize == 4)
            #expect(groups["object"] == [13, 14] && groups["gripper"] == [12])
        } else {
            #expect(env.observationSpace.flatSize == 12 + 7 * objects)
            let isEndEffector = try arguments.string("actionMode") == "end_effector"
            #expect(env.actionSpace.flatSize == (isEndEffector ? 2 : 3))
            #expect(groups["object"] == [12, 13])
            let expected: [Int] = (0..<objects).flatMap { (k: Int) -> [Int] in [12 + 7 * k, 13 + 7 * k] }
            #expect(groups["objects"] == expected)
        }
        #expect(env.spec.maxEpisodeSteps == 200)
    }

    @Test("the same seed and actions give bit-identical episodes; another seed does not", arguments: manipulationConfigurations.indices)
    func determinism(index: Int) throws {
        let (id, arguments) = manipulationConfigurations[index]
        let catalog = try manipulationCatalog()
        func episode(seed: UInt64) throws -> [UInt32] {
            var env = try catalog.make(id, arguments: arguments)
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

    @Test("episodes are truncated at maxEpisodeSteps", arguments: ManipulationEnvironments.ids)
    func truncation(id: String) throws {
        var env = try manipulationCatalog().make(id, arguments: ["maxEpisodeSteps": 13])
        _ = try env.reset(seed: 0)
        let zero = [Float](repeating: 0, count: env.actionSpace.flatSize)
        for _ in 1..<13 { #expect(try !env.step(zero).isDone) }
        let last = try env.step(zero)
        #expect(last.isTruncated && !last.isTerminated)
    }

    @Test("positions name the end effector and every object", arguments: manipulationConfigurations.indices)
    func positions(index: Int) throws {
        let (id, arguments) = manipulationConfigurations[index]
        var env = try manipulationCatalog().make(id, arguments: arguments)
        let observation = try env.reset(seed: 2).observation
        let objects = try arguments.int("objects") ?? 1
        let positions = env.positions
        let names: [String] = ["end_effector"] + (0..<objects).map { (k: Int) -> String in "object\(k)" }
        #expect(Set(positions.keys) == Set(names))
        #expect(positions["end_effector"] == SIMD2(observation[9], observation[10]))
        let o = id == "TabletopLift-v0" ? 13 : 12
        #expect(positions["object0"] == SIMD2(observation[o], observation[o + 1]))
    }
}

@Suite("Manipulation argument errors")
struct ManipulationArgumentErrorTests {
    func message(_ id: String, _ arguments: EnvironmentArguments) -> String? {
        do {
            _ = try manipulationCatalog().make(id, arguments: arguments)
            return nil
        } catch let error as EnvironmentError {
            return error.code == .invalidArgument ? error.message : "wrong code \(error.code)"
        } catch {
            return "untyped \(error)"
        }
    }

    @Test("a misspelled argument name gets a suggestion")
    func misspelledName() {
        #expect(message("TabletopPush-v0", ["object": 2])?.contains("Did you mean \"objects\"?") == true)
        #expect(message("TabletopReach-v0", ["action_mode": "end_effector"])?.contains("Did you mean \"actionMode\"?") == true)
    }

    @Test("a misspelled action mode gets a suggestion")
    func misspelledMode() {
        let text = message("TabletopPush-v0", ["actionMode": "end_efector"])
        #expect(text?.contains("Did you mean \"end_effector\"?") == true, "\(text ?? "no error")")
        #expect(text?.contains("\"joint_velocity\"") == true)
    }

    @Test("out-of-range values name the argument and the allowed range")
    func ranges() throws {
        #expect(message("TabletopPush-v0", ["objects": 4])?.contains("objects must be 1, 2 or 3") == true)
        #expect(message("TabletopPush-v0", ["objects": 0]) != nil)
        #expect(message("TabletopReach-v0", ["goal": [2, 0]])?.contains("goal must be 2 values") == true)
        #expect(message("TabletopReach-v0", ["goal": [0.1]]) != nil)
        #expect(message("TabletopPush-v0", ["impulseThreshold": -1])?.contains("impulseThreshold") == true)
        #expect(message("TabletopLift-v0", ["maxEpisodeSteps": 0])?.contains("maxEpisodeSteps must be positive") == true)
        #expect(message("TabletopLift-v0", ["targetHeight": 3])?.contains("targetHeight") == true)
        #expect(message("TabletopPush-v0", ["objects": "two"])?.contains("must be int") == true)
    }

    @Test("a snapshot from another environment is a typed error")
    func foreignSnapshot() throws {
        let push = try TabletopPush()
        let lift = try TabletopLift()
        _ = try push.reset(seed: 0)
        _ = try lift.reset(seed: 0)
        let snapshot = try lift.snapshot()
        #expect(throws: EnvironmentError.self) { try push.restore(snapshot) }
        let three = try TabletopPush(objects: 3)
        _ = try three.reset(seed: 0)
        #expect(throws: (any Error).self) { try three.restore(try push.snapshot()) }
    }
}
