import EmpowerBase
import EmpowerCore
import EmpowerManipulation
import EmpowerPlanning
import EmpowerSkills
import EmpowerTestSupport
import EmpowerTraining
import Testing

/// A few hundred steps of DIAYN (or SAC) on TabletopPush-v0 written to a run directory: the
/// skills are not good, but they are skills of a real run, which is what planning opens.
private func tinyPushRun(algorithm: TrainingAlgorithm, in directory: TemporaryDirectory) throws -> (path: String, catalog: EnvironmentCatalog) {
    var catalog = EnvironmentCatalog()
    try ManipulationEnvironments.register(in: &catalog)
    var configuration = tinyConfiguration()
    configuration.algorithm = algorithm
    configuration.environment = "TabletopPush-v0"
    configuration.environments = 1
    configuration.skills = 3
    configuration.steps = 300
    let path = directory.file("run")
    let run = try RunDirectory(path: path, create: true)
    try ConfigurationLoader.write(configuration, to: run.configPath)
    let trainer = try Trainers.make(configuration: configuration, catalog: catalog, runDirectory: run)
    try trainer.train(until: nil, stop: nil, progress: nil)
    return (path, catalog)
}

@Suite("Planning over a trained run")
struct SkillPlanningRunTests {
    @Test("the outcome model is fit once, kept in RUN_DIR/planning, reloaded, and refit on request", .enabled(if: isOptimizedBuild, "trains a network"))
    func cachedOutcomeModel() throws {
        let directory = try TemporaryDirectory(prefix: "empower-training-test")
        defer { directory.remove() }
        let (path, catalog) = try tinyPushRun(algorithm: .diayn, in: directory)
        let run = try SkillPlanningRun(path: path, catalog: catalog)
        let configuration = SkillOutcomeModel.Configuration(hiddenSizes: [16], epochs: 5)
        let collection = SkillPlanningRun.Collection(episodes: 6, skillsPerEpisode: 2)
        let first = try run.outcomeModel(horizon: 10, configuration: configuration, collection: collection)
        #expect(first.fitted)
        #expect(first.provenance.sourceStep == 300 && first.provenance.horizon == 10)
        #expect(first.provenance.fit.trainingExamples + first.provenance.fit.heldOutExamples == 12)
        let second = try run.outcomeModel(horizon: 10, configuration: configuration, collection: collection)
        #expect(!second.fitted)
        #expect(second.provenance == first.provenance)
        #expect(second.model.predict([0.1, 0.1, 0, 0], skill: 1) == first.model.predict([0.1, 0.1, 0, 0], skill: 1))
        // Data and fit are seeded from the run: refitting gives the same model.
        let refit = try run.outcomeModel(horizon: 10, configuration: configuration, collection: collection, refit: true)
        #expect(refit.fitted)
        #expect(refit.model.predict([0.1, 0.1, 0, 0], skill: 1) == first.model.predict([0.1, 0.1, 0, 0], skill: 1))
        // Another horizon is another model.
        #expect(try run.outcomeModel(horizon: 5, configuration: configuration, collection: collection).fitted)
    }

    @Test("a goal off the table and a run without skills are typed errors", .enabled(if: isOptimizedBuild, "trains a network"))
    func badInputs() throws {
        let directory = try TemporaryDirectory(prefix: "empower-training-test")
        defer { directory.remove() }
        let (path, catalog) = try tinyPushRun(algorithm: .diayn, in: directory)
        let run = try SkillPlanningRun(path: path, catalog: catalog)
        do {
            _ = try run.makeEnvironment(goal: [2, 0], maxEpisodeSteps: 400)
            Issue.record("a goal off the table was accepted")
        } catch let error as PlanningError {
            #expect(error.code == .goalOutOfReach)
            #expect(error.message.contains("goal"))
        }
        let env = try run.makeEnvironment(goal: [0.1, 0.2], maxEpisodeSteps: 400)
        #expect((env as? TabletopPush)?.goal == SIMD2(0.1, 0.2))
        #expect(env.spec.maxEpisodeSteps == 400)

        let sacDirectory = try TemporaryDirectory(prefix: "empower-training-test")
        defer { sacDirectory.remove() }
        let (sacPath, _) = try tinyPushRun(algorithm: .sac, in: sacDirectory)
        let sac = try SkillPlanningRun(path: sacPath, catalog: catalog)
        do {
            _ = try sac.outcomeModel(horizon: 10)
            Issue.record("a run without skills gave an outcome model")
        } catch let error as PlanningError {
            #expect(error.code == .noSkills)
        }
        #expect(throws: PlanningError.self) { try SkillPlanner(settings: .init(), skillCount: sac.skillCount) }
    }
}
