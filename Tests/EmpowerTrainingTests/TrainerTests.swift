import EmpowerAgents
import EmpowerBase
import EmpowerClassic
import EmpowerCore
import EmpowerNN
import EmpowerNavigation
import EmpowerTestSupport
import EmpowerTraining
import Foundation
import Testing

/// Pendulum-v0 and PointMass-v0, plus a test environment that returns NaN on request.
func trainingCatalog() throws -> EnvironmentCatalog {
    var catalog = EnvironmentCatalog()
    try ClassicEnvironments.register(in: &catalog)
    try NavigationEnvironments.register(in: &catalog)
    try catalog.register("NaNAfter-v0", summary: "PointMass whose observation turns NaN after 30 steps") { _ in NaNAfter() }
    return catalog
}

struct NaNAfter: Environment {
    var base = try! PointMass()
    var steps = 0
    var spec: EnvironmentSpec { EnvironmentSpec(id: "NaNAfter-v0", maxEpisodeSteps: 100, summary: "test") }
    var observationSpace: Space { base.observationSpace }
    var actionSpace: Space { base.actionSpace }
    mutating func reset(seed: UInt64?) throws -> Reset { steps = 0; return try base.reset(seed: seed) }
    mutating func step(_ action: [Float]) throws -> Step {
        steps += 1
        var step = try base.step(action)
        if steps > 30 { step.observation[1] = .nan }
        return step
    }
}

/// A small, fast DIAYN setup for the exactness tests.
func tinyConfiguration() -> TrainingConfiguration {
    var configuration = TrainingConfiguration()
    configuration.skills = 4
    configuration.steps = 600
    configuration.environments = 2
    configuration.logInterval = 100
    configuration.checkpointInterval = 200
    configuration.sac.hiddenSizes = [16, 16]
    configuration.sac.batchSize = 32
    configuration.sac.warmupSteps = 100
    configuration.diayn.hiddenSizes = [16, 16]
    return configuration
}

func allParameters(_ trainer: OffPolicyTrainer) -> [Parameter] {
    var parameters = trainer.learner.actor.parameters + trainer.learner.critic.parameters + trainer.learner.critic.targetParameters + [trainer.learner.logAlpha]
    if let objective = trainer.objective { parameters += objective.discriminator.network.parameters }
    return parameters
}

@Suite("Training runs")
struct TrainerTests {
    @Test("SAC on Pendulum-v0 reaches a mean return of at least -250 over the last 10 episodes within 20000 steps")
    func sacLearnsPendulum() throws {
        var configuration = TrainingConfiguration()
        configuration.algorithm = .sac
        configuration.environment = "Pendulum-v0"
        configuration.steps = 20_000
        configuration.logInterval = 5_000
        configuration.sac.tuneAlpha = true
        configuration.sac.alpha = 0.2
        configuration.sac.hiddenSizes = [64, 64]
        try configuration.validate()
        let trainer = try OffPolicyTrainer(configuration: configuration, catalog: try trainingCatalog())
        try trainer.train()
        let last = trainer.recentEpisodeReturns.suffix(10)
        #expect(last.count == 10)
        let mean = last.reduce(0, +) / Double(last.count)
        #expect(mean >= -250, "mean return of the last 10 episodes: \(mean)")
    }

    @Test("DIAYN with 10 skills on PointMass-v0 (defaults and preset) reaches 0.9 discriminator accuracy on fresh rollouts of every skill")
    func diaynSeparatesSkills() throws {
        // The defaults as a file or the command line resolve them: the navigation preset.
        var configuration = try ConfigurationLoader.decode(TrainingConfiguration.self, json: "{}")
        configuration.logInterval = 5_000
        let catalog = try trainingCatalog()
        let trainer = try OffPolicyTrainer(configuration: configuration, catalog: catalog)
        try trainer.train()
        let evaluation = try SkillEvaluation.evaluate(trainer, catalog: catalog, episodesPerSkill: 2)
        let metrics = evaluation.metrics
        #expect(metrics.accuracy ?? 0 >= 0.9, "accuracy \(String(describing: metrics.accuracy)), per skill \(metrics.perSkillAccuracy)")
        #expect(evaluation.trajectories.count == 10 && metrics.trackedPosition == "agent" && metrics.cellSize == 0.2)
        // Separated skills go to different places: more than one coverage cell, and the plug-in
        // I(Z; cell) well above 0 (it is at most log 10 = 2.3).
        #expect(metrics.stateCoverageCells ?? 0 > 10 && metrics.mutualInformationPlugin ?? 0 > 1, "\(metrics)")
    }

    @Test("a run stopped and resumed from its checkpoint ends with the same parameters, bit for bit", arguments: [1, 2])
    func resumeEqualsUninterrupted(threads: Int) throws {
        var configuration = tinyConfiguration()
        configuration.threads = threads
        let catalog = try trainingCatalog()

        let straight = try OffPolicyTrainer(configuration: configuration, catalog: catalog)
        try straight.train()

        let scratch = try TemporaryDirectory(prefix: "empower-resume")
        defer { scratch.remove() }
        let path = scratch.file("run")
        let run = try RunDirectory(path: path, create: true)
        try ConfigurationLoader.write(configuration, to: run.configPath)
        let first = try OffPolicyTrainer(configuration: configuration, catalog: catalog, runDirectory: run)
        try first.train(until: 250)          // mid-episode: PointMass episodes last 100 steps per env
        #expect(first.step == 250)
        let resumed = try OffPolicyTrainer.resume(runDirectory: run, catalog: catalog)
        #expect(resumed.step == 250)
        try resumed.train()

        #expect(resumed.step == straight.step && resumed.episodes == straight.episodes)
        #expect(resumed.learner.updateCount == straight.learner.updateCount)
        for (a, b) in zip(allParameters(straight), allParameters(resumed)) { #expect(a.value == b.value, "\(a.name)") }
        #expect(straight.buffer.checkpointTensors(under: "r").map(\.tensor) == resumed.buffer.checkpointTensors(under: "r").map(\.tensor))
        // The resumed run's metrics continue the first part's (which ended with a record at its
        // last step, 250), with no duplicated steps.
        let steps = try MetricsLog.read(jsonLines: run.metricsJSONLinesPath).map(\.step)
        #expect(steps == [100, 200, 250, 300, 400, 500, 600])
    }

    @Test("periodic evaluation changes nothing in training, and a resumed run logs the same eval/ values")
    func evaluationDuringTraining() throws {
        var configuration = tinyConfiguration()
        let catalog = try trainingCatalog()
        let plain = try OffPolicyTrainer(configuration: configuration, catalog: catalog)
        try plain.train()
        #expect(plain.latestMetrics["eval/accuracy"] == nil)

        configuration.evaluationInterval = 150
        let straightScratch = try TemporaryDirectory(prefix: "empower-evaluated")
        defer { straightScratch.remove() }
        let straightRun = try RunDirectory(path: straightScratch.file("run"), create: true)
        let straight = try OffPolicyTrainer(configuration: configuration, catalog: catalog, runDirectory: straightRun)
        try straight.train()
        for (a, b) in zip(allParameters(plain), allParameters(straight)) { #expect(a.value == b.value, "\(a.name)") }

        let scratch = try TemporaryDirectory(prefix: "empower-evaluated-resume")
        defer { scratch.remove() }
        let run = try RunDirectory(path: scratch.file("run"), create: true)
        try ConfigurationLoader.write(configuration, to: run.configPath)
        try OffPolicyTrainer(configuration: configuration, catalog: catalog, runDirectory: run).train(until: 250)
        let resumed = try OffPolicyTrainer.resume(runDirectory: run, catalog: catalog)
        try resumed.train()
        for (a, b) in zip(allParameters(straight), allParameters(resumed)) { #expect(a.value == b.value, "\(a.name)") }

        let expected = try MetricsLog.read(csv: straightRun.metricsCSVPath).filter { $0["eval/accuracy"] != nil }
        #expect(expected.map(\.step) == [150, 300, 450, 600])
        #expect(expected.allSatisfy { $0["eval/state_coverage_cells"] ?? 0 >= 1 && $0["eval/mutual_information_plugin"] != nil })
        let logged = try MetricsLog.read(csv: run.metricsCSVPath).filter { $0["eval/accuracy"] != nil }
        #expect(logged.map(\.step) == expected.map(\.step))
        for (a, b) in zip(logged, expected) {
            for key in a.keys where key.hasPrefix("eval/") { #expect(a[key] == b[key], "\(key) at step \(a.step)") }
        }
    }

    @Test("evaluation settings are validated")
    func evaluationSettings() {
        var configuration = tinyConfiguration()
        configuration.evaluationInterval = -1
        #expect(throws: ConfigurationError.self) { try configuration.validate() }
        configuration.evaluationInterval = 0
        configuration.evaluationEpisodes = 0
        #expect(throws: ConfigurationError.self) { try configuration.validate() }
        configuration.evaluationEpisodes = 2
        #expect(throws: Never.self) { try configuration.validate() }
    }

    @Test("a stop request ends training with a checkpoint that resumes")
    func stopRequest() throws {
        let configuration = tinyConfiguration()
        let catalog = try trainingCatalog()
        let scratch = try TemporaryDirectory(prefix: "empower-stop")
        defer { scratch.remove() }
        let run = try RunDirectory(path: scratch.file("run"), create: true)
        try ConfigurationLoader.write(configuration, to: run.configPath)
        let trainer = try OffPolicyTrainer(configuration: configuration, catalog: catalog, runDirectory: run)
        let stop = StopSignal()
        defer { stop.uninstall() }
        stop.request()
        let summary = try trainer.train(stop: stop)
        #expect(summary.interrupted && summary.step == 2)
        let resumed = try OffPolicyTrainer.resume(runDirectory: run, catalog: catalog)
        #expect(resumed.step == 2)
    }

    @Test("the same seed gives the same run, another seed another run")
    func seeds() throws {
        var configuration = tinyConfiguration()
        configuration.steps = 300
        let catalog = try trainingCatalog()
        let a = try OffPolicyTrainer(configuration: configuration, catalog: catalog)
        let b = try OffPolicyTrainer(configuration: configuration, catalog: catalog)
        configuration.seed = 1
        let c = try OffPolicyTrainer(configuration: configuration, catalog: catalog)
        for trainer in [a, b, c] { try trainer.train() }
        #expect(allParameters(a).map(\.value) == allParameters(b).map(\.value))
        #expect(allParameters(a)[0].value != allParameters(c)[0].value)
    }

    @Test("NaN from a user's environment is a typed error naming the environment and the step")
    func nonFinite() throws {
        var configuration = tinyConfiguration()
        configuration.environment = "NaNAfter-v0"
        configuration.environments = 1
        let trainer = try OffPolicyTrainer(configuration: configuration, catalog: try trainingCatalog())
        do {
            try trainer.train()
            Issue.record("training on NaN observations must fail")
        } catch let error as TrainingError {
            #expect(error.code == .nonFiniteEnvironmentOutput)
            #expect(error.message.contains("NaNAfter-v0") && error.message.contains("step 30"), "\(error.message)")
        }
    }

    @Test("resuming a run without checkpoints says so")
    func nothingToResume() throws {
        let scratch = try TemporaryDirectory(prefix: "empower-empty")
        defer { scratch.remove() }
        let run = try RunDirectory(path: scratch.file("run"), create: true)
        try ConfigurationLoader.write(tinyConfiguration(), to: run.configPath)
        #expect { try OffPolicyTrainer.resume(runDirectory: run, catalog: try trainingCatalog()) } throws: { error in
            (error as? TrainingError)?.code == .nothingToResume
        }
    }
}

@Suite("Training configuration")
struct TrainingConfigurationTests {
    func rejection(_ json: String, overrides: [String] = []) -> ConfigurationError? {
        do {
            _ = try ConfigurationLoader.decode(TrainingConfiguration.self, json: json, overrides: overrides)
            return nil
        } catch {
            return error
        }
    }

    @Test("an unknown key is rejected with a suggestion")
    func unknownKey() throws {
        let error = try #require(rejection(#"{"skils": 5}"#))
        #expect(error.code == .unknownKey && error.message.contains("skils") && error.message.contains("skills"), "\(error)")
        let nested = try #require(rejection(#"{"sac": {"learning_rat": 0.1}}"#))
        #expect(nested.context["field"] == "sac.learning_rat" && nested.message.contains("did you mean 'learning_rate'"), "\(nested)")
    }

    @Test("a negative learning rate names the field, the value and the range")
    func negativeLearningRate() throws {
        let error = try #require(rejection("{}", overrides: ["sac.learning_rate=-0.001"]))
        #expect(error.message.contains("sac.learning_rate") && error.message.contains("-0.001") && error.message.contains("(0, 1)"), "\(error)")
    }

    @Test("fewer than two skills is rejected for DIAYN")
    func tooFewSkills() throws {
        let error = try #require(rejection(#"{"skills": 1}"#))
        #expect(error.context["field"] == "skills" && error.message.contains("at least two skills"), "\(error)")
    }

    @Test("an unknown algorithm lists the allowed ones")
    func unknownAlgorithm() throws {
        let error = try #require(rejection(#"{"algorithm": "diyan"}"#))
        #expect(error.message.contains("\"diayn\""), "\(error)")
    }

    @Test("a missing environment is named with a suggestion before any work")
    func missingEnvironment() throws {
        let configuration = try ConfigurationLoader.decode(TrainingConfiguration.self, json: #"{"environment": "PointMas-v0"}"#)
        #expect { try OffPolicyTrainer(configuration: configuration, catalog: try trainingCatalog()) } throws: { error in
            let message = "\(error)"
            return message.contains("PointMas-v0") && message.contains("PointMass-v0")
        }
    }

    @Test("a bad feature group names what the environment offers")
    func badFeatures() throws {
        let configuration = try ConfigurationLoader.decode(TrainingConfiguration.self, json: #"{"diayn": {"features": "yx"}}"#)
        #expect { try OffPolicyTrainer(configuration: configuration, catalog: try trainingCatalog()) } throws: { error in
            "\(error)".contains("diayn.features") && "\(error)".contains("'xy'")
        }
    }

    @Test("the resolved configuration writes every default and reads back equal")
    func roundTrip() throws {
        let configuration = try ConfigurationLoader.decode(TrainingConfiguration.self, json: #"{"skills": 7, "environment_arguments": {"goal": [0.5, 0.5]}}"#)
        let text = try ConfigurationLoader.resolvedJSON(configuration)
        for key in ["\"learning_rate\"", "\"warmup_steps\"", "\"features\"", "\"checkpoint_interval\"", "\"target_entropy\""] {
            #expect(text.contains(key), "\(key) missing from the resolved configuration")
        }
        #expect(try ConfigurationLoader.decode(TrainingConfiguration.self, json: text) == configuration)
        #expect(configuration.catalogArguments["goal"] == .floats([0.5, 0.5]))
    }

    @Test("SAC and PPO learn no skills, so their resolved configuration records no skill count", arguments: [TrainingAlgorithm.sac, .ppo])
    func noSkillCountWithoutSkills(algorithm: TrainingAlgorithm) throws {
        var configuration = TrainingConfiguration()
        configuration.algorithm = algorithm
        let text = try ConfigurationLoader.resolvedJSON(configuration)
        #expect(!text.contains("\"skills\""))
        #expect(try ConfigurationLoader.decode(TrainingConfiguration.self, json: text) == configuration)
        configuration.algorithm = .diayn
        #expect(try ConfigurationLoader.resolvedJSON(configuration).contains("\"skills\": 10"))
    }
}
