import EmpowerBase
import EmpowerCore
import EmpowerManipulation
import EmpowerPlanning
import EmpowerSkills
import EmpowerTestSupport
import Foundation
import Testing

/// Eight skills that each move a point by a fixed step: the compass directions, 0.1 long for
/// even skills and 0.05 for odd ones. Sums of them are the only reachable points.
private let compass: [SIMD2<Float>] = (0..<8).map { k in
    let angle = Float(k) * .pi / 4
    return SIMD2(cos(angle), sin(angle)) * (k % 2 == 0 ? 0.1 : 0.05)
}

private func distance(_ a: SIMD2<Float>, _ b: SIMD2<Float>) -> Float { ((a - b) * (a - b)).sum().squareRoot() }

@Suite("Skill search")
struct SkillSearchTests {
    @Test("beam search as wide as the tree finds the exhaustive optimum of a toy outcome model")
    func exhaustiveOptimum() throws {
        let goal = SIMD2<Float>(0.23, 0.04)
        let search = try SkillSearch(skillCount: 8, depth: 3, strategy: .beam, beamWidth: 64)
        let plan = try search.search(from: SIMD2<Float>.zero, cost: { distance($0, goal) }, outcome: { $0 + compass[$1] })
        // Brute force over every sequence of length 0...3.
        var best: (cost: Float, skills: [Int]) = (distance(.zero, goal), [])
        for length in 1...3 {
            for code in 0..<Int(pow(8.0, Double(length))) {
                var skills: [Int] = [], rest = code, p = SIMD2<Float>.zero
                for _ in 0..<length {
                    skills.append(rest % 8)
                    p += compass[rest % 8]
                    rest /= 8
                }
                if distance(p, goal) < best.cost - 1e-6 { best = (distance(p, goal), skills) }
            }
        }
        #expect(isClose(plan.finalCost, best.cost, absolute: 1e-6))
        // The optimum: two long steps east and a short step north-east, in some order.
        #expect(plan.skills.sorted() == [0, 0, 1])
        #expect(best.skills.sorted() == [0, 0, 1])
        #expect(plan.costs.count == plan.skills.count && plan.states.count == plan.skills.count)
        #expect(plan.expansions == 8 + 8 * 8 + 64 * 8)  // the beam holds 8, then 64 nodes
    }

    @Test("greedy is trapped by a detour that beam search takes")
    func beamBeatsGreedy() throws {
        // From 0, skill 0 steps +1 (looks best), skill 1 steps +0.5; only from 0.5 does
        // skill 1 jump to the goal at 4.
        let outcome: (Float, Int) -> Float? = { x, z in z == 0 ? x + 1 : (x == 0.5 ? 4 : x + 0.5) }
        let cost: (Float) -> Float = { abs($0 - 4) }
        let greedy = try SkillSearch(skillCount: 2, depth: 2, strategy: .greedy).search(from: 0, cost: cost, outcome: outcome)
        let beam = try SkillSearch(skillCount: 2, depth: 2, strategy: .beam, beamWidth: 2).search(from: 0, cost: cost, outcome: outcome)
        #expect(greedy.skills == [0, 0])
        #expect(greedy.finalCost == 2)
        #expect(beam.skills == [1, 1])
        #expect(beam.finalCost == 0)
    }

    @Test("the plan keeps the best prefix, drops dead ends, and may be empty")
    func prefixesAndDeadEnds() throws {
        let search = try SkillSearch(skillCount: 2, depth: 4, strategy: .beam, beamWidth: 4)
        // Skill 0 moves toward 1 then overshoots; skill 1 is always a dead end.
        let plan = try search.search(from: Float(0), cost: { abs($0 - 1) }, outcome: { x, z in z == 0 ? x + 1 : nil })
        #expect(plan.skills == [0])
        #expect(plan.expansions == 2 + 2 + 2 + 2)
        let stay = try search.search(from: Float(1), cost: { abs($0 - 1) }, outcome: { x, z in x + Float(z + 1) })
        #expect(stay.skills.isEmpty)
        #expect(stay.finalCost == 0)
    }

    @Test("bad search settings are typed errors")
    func badSettings() {
        #expect(throws: PlanningError.self) { try SkillSearch(skillCount: 0, depth: 2, strategy: .beam) }
        for (depth, beam) in [(0, 4), (65, 4), (3, 0)] {
            do {
                _ = try SkillSearch(skillCount: 4, depth: depth, strategy: .beam, beamWidth: beam)
                Issue.record("depth \(depth), beam \(beam) was accepted")
            } catch {
                #expect(error.code == .invalidSetting)
            }
        }
    }
}

@Suite("Skill outcome model")
struct SkillOutcomeModelTests {
    /// s_H = A s + b_z with a fixed 2x2 A and a per-skill offset.
    static func linearToy(count: Int, seed: UInt64) -> SkillOutcomeData {
        var data = SkillOutcomeData(featureCount: 2, skillCount: 4)
        var generator = Xoshiro256(seed: seed)
        for _ in 0..<count {
            let s = SIMD2(generator.nextFloat(in: -0.4, 0.4), generator.nextFloat(in: -0.3, 0.3))
            let z = generator.nextIndex(below: 4)
            let end = SIMD2(0.9 * s.x - 0.2 * s.y, 0.1 * s.x + 0.8 * s.y) + compass[2 * z]
            data.append(start: [s.x, s.y], skill: z, end: [end.x, end.y])
        }
        return data
    }

    @Test("fits a known linear map well below the baselines, and the fit is seeded", .enabled(if: isOptimizedBuild, "trains a network"))
    func fitsLinearToy() throws {
        let data = Self.linearToy(count: 800, seed: 3)
        var first = Xoshiro256(seed: 9), second = Xoshiro256(seed: 9)
        let configuration = SkillOutcomeModel.Configuration(hiddenSizes: [32, 32], epochs: 60)
        let (model, fit) = try SkillOutcomeModel.fit(data, configuration: configuration, using: &first)
        let (again, _) = try SkillOutcomeModel.fit(data, configuration: configuration, using: &second)
        #expect(fit.heldOutExamples == 160 && fit.trainingExamples == 640)
        #expect(fit.positionErrors[0] < 0.01, "held-out error \(fit.positionErrors[0]) m")
        #expect(fit.positionErrors[0] < 0.2 * fit.unchangedErrors[0])
        #expect(fit.positionErrors[0] < 0.2 * fit.skillMeanErrors[0])
        let s: [Float] = [0.2, -0.1]
        let predicted = model.predict(s, skill: 3)
        let truth = SIMD2<Float>(0.9 * 0.2 + 0.02, 0.02 - 0.08) + compass[6]
        #expect(abs(predicted[0] - truth.x) < 0.02 && abs(predicted[1] - truth.y) < 0.02, "\(predicted) vs \(truth)")
        #expect(again.predict(s, skill: 3) == predicted)
    }

    @Test("save and load give the same predictions; a damaged or mismatched file is a typed error")
    func fileRoundTrip() throws {
        let data = Self.linearToy(count: 60, seed: 4)
        var generator = Xoshiro256(seed: 1)
        let (model, fit) = try SkillOutcomeModel.fit(data, configuration: .init(hiddenSizes: [8], epochs: 3), using: &generator)
        let directory = try TemporaryDirectory(prefix: "empower-outcome")
        defer { directory.remove() }
        let path = directory.file("outcome.params")
        let provenance = SkillOutcomeProvenance(horizon: 25, positions: ["object0"], sourceStep: 1234, fit: fit)
        try model.save(to: path, provenance: provenance)
        let (loaded, readBack) = try SkillOutcomeModel.load(from: path, hiddenSizes: [8])
        #expect(readBack == provenance)
        #expect(loaded.predict([0.1, 0.2], skill: 2) == model.predict([0.1, 0.2], skill: 2))
        #expect(throws: PlanningError.self) { try SkillOutcomeModel.load(from: path, hiddenSizes: [16]) }
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[bytes.count / 2] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        do {
            _ = try SkillOutcomeModel.load(from: path, hiddenSizes: [8])
            Issue.record("a damaged file loaded")
        } catch {
            #expect(error.code == .incompatibleModel)
        }
    }

    @Test("too little data and bad settings are typed errors")
    func badFits() {
        var generator = Xoshiro256(seed: 0)
        var data = SkillOutcomeData(featureCount: 2, skillCount: 2)
        data.append(start: [0, 0], skill: 0, end: [1, 0])
        #expect(throws: PlanningError.self) { try SkillOutcomeModel.fit(data, configuration: .init(), using: &generator) }
        let enough = Self.linearToy(count: 20, seed: 1)
        for configuration in [
            SkillOutcomeModel.Configuration(hiddenSizes: []), .init(learningRate: -1), .init(batchSize: 0), .init(epochs: 0), .init(heldOutFraction: 1),
        ] {
            do {
                _ = try SkillOutcomeModel.fit(enough, configuration: configuration, using: &generator)
                Issue.record("\(configuration) was accepted")
            } catch {
                #expect(error.code == .invalidSetting)
            }
        }
    }
}

@Suite("Planning in the simulator")
struct SimulatedPlanningTests {
    /// Four scripted "skills" in end-effector mode, so no training is needed: skill k pushes
    /// the object along the compass direction d_k (go to the point 7 cm behind it, then push).
    static func policy(_ observation: [Float], _ skill: Int) -> [Float] {
        let d = compass[2 * skill] * 10
        let endEffector = SIMD2(observation[9], observation[10]), object = SIMD2(observation[12], observation[13])
        let behind = object - d * 0.07
        let toBehind = behind - endEffector
        let move = distance(endEffector, behind) > 0.02 && distance(endEffector, object) > 0.05 ? toBehind / 0.02 : d
        return [max(min(move.x, 1), -1), max(min(move.y, 1), -1)]
    }

    static let horizon = 40

    static func environment(goal: SIMD2<Float>) throws -> any Environment {
        try TabletopPush(actionMode: .endEffector, goal: [goal.x, goal.y], maxEpisodeSteps: 400)
    }

    /// Where the object is after running `skills` from the start of `seed`.
    static func objectAfter(_ skills: [Int], seed: UInt64) throws -> SIMD2<Float> {
        var env = try environment(goal: .zero)
        var observation = try env.reset(seed: seed).observation
        for skill in skills {
            observation = try SkillRunner.run(skill, horizon: horizon, from: observation, in: &env, policy: policy).observation
        }
        return try #require(env.positions["object0"])
    }

    static func plan(seed: UInt64, goal: SIMD2<Float>, strategy: SkillSearchStrategy, replan: Bool = false) throws -> SkillPlanningResult {
        var env = try environment(goal: goal)
        let start = try env.reset(seed: seed).observation
        let settings = SkillPlannerSettings(predictor: .simulate, strategy: strategy, depth: 3, beamWidth: 2, horizon: horizon, replan: replan)
        return try SkillPlanner(settings: settings, skillCount: 4).run(in: &env, from: start, goal: goal, policy: policy, model: nil)
    }

    @Test("the simulate planner is deterministic and its prediction is what execution achieves", arguments: [SkillSearchStrategy.greedy, .beam])
    func deterministicAndExact(strategy: SkillSearchStrategy) throws {
        // A goal the scripted skills can reach: where two of them leave the object.
        let start = try Self.objectAfter([], seed: 5)
        let goal = try Self.objectAfter([1, 0], seed: 5)
        try #require(distance(start, goal) > 0.05, "the scripted skills should move the object")
        let first = try Self.plan(seed: 5, goal: goal, strategy: strategy)
        let second = try Self.plan(seed: 5, goal: goal, strategy: strategy)
        #expect(first.executedSkills == second.executedSkills)
        #expect(first.achievedDistance == second.achievedDistance)
        #expect(first.plans == second.plans)
        try #require(!first.executedSkills.isEmpty)
        // Exact simulation: execution ends where the search predicted, bit for bit.
        let n = first.executedSkills.count
        #expect(Array(first.plans[0].skills.prefix(n)) == first.executedSkills)
        #expect(distance(first.plans[0].predictedTargets[n - 1], goal) == first.achievedDistance)
        #expect(first.achievedDistance < first.startDistance)
        let replanned = try Self.plan(seed: 5, goal: goal, strategy: strategy, replan: true)
        let replannedAgain = try Self.plan(seed: 5, goal: goal, strategy: strategy, replan: true)
        #expect(replanned.executedSkills == replannedAgain.executedSkills && replanned.achievedDistance == replannedAgain.achievedDistance)
        #expect(replanned.executedSkills.first == first.executedSkills.first)
        #expect(replanned.executedSkills.count <= 3 && replanned.plans.count >= 1)
        // A goal already reached: nothing to plan or run.
        let there = try Self.plan(seed: 5, goal: start + SIMD2(0.01, 0), strategy: strategy)
        #expect(there.success && there.executedSkills.isEmpty && there.plans.isEmpty && there.steps == 0)
    }

    @Test("an environment without snapshots or without the target position is a typed error")
    func unsupportedEnvironment() throws {
        var env: any Environment = NoSnapshots()
        let start = try env.reset(seed: 0).observation
        let simulate = try SkillPlanner(settings: .init(predictor: .simulate, depth: 2, horizon: 3), skillCount: 2)
        do {
            _ = try simulate.run(in: &env, from: start, goal: [1, 0], policy: { _, _ in [0] }, model: nil)
            Issue.record("planned without snapshots")
        } catch let error as PlanningError {
            #expect(error.code == .snapshotUnsupported)
        }
        let elsewhere = try SkillPlanner(settings: .init(predictor: .simulate, depth: 2, horizon: 3, target: "object3"), skillCount: 2)
        do {
            _ = try elsewhere.run(in: &env, from: start, goal: [1, 0], policy: { _, _ in [0] }, model: nil)
            Issue.record("planned for a position the environment lacks")
        } catch let error as PlanningError {
            #expect(error.code == .missingPosition)
        }
        #expect(throws: PlanningError.self) { try SkillPlanner(settings: .init(), skillCount: 0) }
        #expect(throws: PlanningError.self) { try SkillPlanner(settings: .init(horizon: 0), skillCount: 2) }
        #expect(throws: PlanningError.self) { try SkillPlanner(settings: .init(successRadius: .nan), skillCount: 2) }
    }

    @Test("goal text: two numbers or a typed error", arguments: ["", "0.1", "0.1,0.2,0.3", "a,b", "nan,0", "0.1;0.2"])
    func badGoals(text: String) {
        do {
            _ = try PlanningGoal.parse(text)
            Issue.record("'\(text)' was accepted")
        } catch {
            #expect(error.code == .invalidGoal)
        }
    }

    @Test("goal text that parses")
    func goodGoal() throws {
        #expect(try PlanningGoal.parse(" 0.2, -0.25") == SIMD2(0.2, -0.25))
        #expect(PlanningGoal.positions("object0, end_effector,") == ["object0", "end_effector"])
    }

    @Test("downstream tasks are seeded and every goal is far enough from the start")
    func downstreamTasks() throws {
        var env: any Environment = try TabletopPush()
        let region = (minimum: SIMD2<Float>(-0.35, -0.2), maximum: SIMD2<Float>(0.35, 0.3))
        let tasks = try DownstreamTask.make(count: 6, seed: 2, in: &env, target: "object0", region: region, minimumDistance: 0.1)
        let again = try DownstreamTask.make(count: 6, seed: 2, in: &env, target: "object0", region: region, minimumDistance: 0.1)
        #expect(tasks == again)
        #expect(Set(tasks.map(\.goal.x)).count == 6)
        for task in tasks {
            #expect(distance(task.goal, task.start) >= 0.1)
            #expect(task.goal.x >= -0.35 && task.goal.x <= 0.35 && task.goal.y >= -0.2 && task.goal.y <= 0.3)
        }
    }
}

/// A point that reports an `object0` position but cannot take snapshots.
private struct NoSnapshots: Environment {
    var x: Float = 0
    var spec: EnvironmentSpec { EnvironmentSpec(id: "NoSnapshots-v0", maxEpisodeSteps: 100, summary: "test") }
    var observationSpace: Space { .box(try! Box(low: -10, high: 10, shape: [1])) }
    var actionSpace: Space { .box(try! Box(low: -1, high: 1, shape: [1])) }
    mutating func reset(seed: UInt64?) throws -> Reset { x = 0; return Reset(observation: [x]) }
    mutating func step(_ action: [Float]) throws -> Step { x += action[0]; return Step(observation: [x], reward: 0) }
    var positions: [String: SIMD2<Float>] { ["object0": SIMD2(x, 0)] }
}
