import EmpowerAgents
import EmpowerBase
import EmpowerClassic
import EmpowerCore
import EmpowerMultiAgent
import EmpowerNN
import EmpowerNavigation
import EmpowerSkills
import EmpowerTestSupport
import EmpowerTraining
import Foundation
import Testing

/// The multi-agent environments beside the single-agent ones.
func multiAgentCatalog() throws -> EnvironmentCatalog {
    var catalog = try trainingCatalog()
    try MultiAgentEnvironments.register(in: &catalog)
    return catalog
}

/// A small MASD setup on ParticleSpread-v0 with short episodes, for the exactness tests.
func tinyMASDConfiguration(agents: Int = 3, environments: Int = 1, sharedActor: Bool = true) -> TrainingConfiguration {
    var configuration = TrainingConfiguration()
    configuration.algorithm = .masd
    configuration.environment = "ParticleSpread-v0"
    configuration.environmentArguments = ["agents": ArgumentValue(.int(agents)), "maxEpisodeSteps": ArgumentValue(.int(40))]
    configuration.skills = 4
    configuration.steps = 300
    configuration.environments = environments
    configuration.logInterval = 100
    configuration.checkpointInterval = 100
    configuration.sac.hiddenSizes = [16, 16]
    configuration.sac.batchSize = 32
    configuration.sac.warmupSteps = 60
    configuration.masd.hiddenSizes = [16, 16]
    configuration.masd.sharedActor = sharedActor
    return configuration
}

func allParameters(_ trainer: MASDTrainer) -> [Parameter] {
    trainer.learner.stateParameters + trainer.objective.jointDiscriminator.network.parameters
        + trainer.objective.agentDiscriminators.flatMap(\.network.parameters)
}

@Suite("MASD training runs")
struct MASDTrainerTests {
    @Test("a MASD run stopped and resumed from its checkpoint ends with the same parameters, bit for bit",
          arguments: [(1, true), (2, false)])
    func resumeEqualsUninterrupted(environments: Int, sharedActor: Bool) throws {
        let configuration = tinyMASDConfiguration(environments: environments, sharedActor: sharedActor)
        let catalog = try multiAgentCatalog()

        let straight = try MASDTrainer(configuration: configuration, catalog: catalog)
        try straight.train()

        let scratch = try TemporaryDirectory(prefix: "empower-masd-resume")
        defer { scratch.remove() }
        let run = try RunDirectory(path: scratch.file("run"), create: true)
        try ConfigurationLoader.write(configuration, to: run.configPath)
        let first = try MASDTrainer(configuration: configuration, catalog: catalog, runDirectory: run)
        try first.train(until: 150)       // mid-episode: episodes last 40 steps
        #expect(first.step == 150)
        let resumed = try #require(try Trainers.resume(runDirectory: run, catalog: catalog) as? MASDTrainer)
        #expect(resumed.step == 150)
        try resumed.train()

        #expect(resumed.step == straight.step && resumed.episodes == straight.episodes)
        #expect(resumed.learner.updateCount == straight.learner.updateCount && straight.learner.updateCount > 0)
        for (a, b) in zip(allParameters(straight), allParameters(resumed)) { #expect(a.value == b.value, "\(a.name)") }
        #expect(straight.buffer.checkpointTensors(under: "r").map(\.tensor) == resumed.buffer.checkpointTensors(under: "r").map(\.tensor))
        let steps = try MetricsLog.read(jsonLines: run.metricsJSONLinesPath).map(\.step)
        #expect(steps == [100, 150, 200, 300])
        // The same policy and discriminators give the same evaluation rollouts.
        var g1 = Xoshiro256(seed: 3), g2 = Xoshiro256(seed: 3)
        let e1 = try straight.rolloutSkill(2, seed: 9, stochastic: true, recordFrames: false, using: &g1)
        let e2 = try resumed.rolloutSkill(2, seed: 9, stochastic: true, recordFrames: false, using: &g2)
        #expect(e1.positions == e2.positions && e1.discriminatorLogProbabilities == e2.discriminatorLogProbabilities)
    }

    @Test("4 environments on 2 threads give the same run, bit for bit, as 4 stepped serially, and resume exactly")
    func threadedEqualsSerial() throws {
        var serialConfiguration = tinyMASDConfiguration(environments: 4)
        serialConfiguration.steps = 320
        var threadedConfiguration = serialConfiguration
        threadedConfiguration.threads = 2
        let catalog = try multiAgentCatalog()
        let serial = try MASDTrainer(configuration: serialConfiguration, catalog: catalog)
        try serial.train()

        let scratch = try TemporaryDirectory(prefix: "empower-masd-threads")
        defer { scratch.remove() }
        let run = try RunDirectory(path: scratch.file("run"), create: true)
        try ConfigurationLoader.write(threadedConfiguration, to: run.configPath)
        let first = try MASDTrainer(configuration: threadedConfiguration, catalog: catalog, runDirectory: run)
        try first.train(until: 168)       // mid-episode in every environment
        let threaded = try #require(try Trainers.resume(runDirectory: run, catalog: catalog) as? MASDTrainer)
        #expect(threaded.step == 168)
        try threaded.train()

        #expect(threaded.step == serial.step && threaded.episodes == serial.episodes && serial.episodes == 8)   // 4 x 80 steps of 40-step episodes
        #expect(threaded.learner.updateCount == serial.learner.updateCount && serial.learner.updateCount > 0)
        for (a, b) in zip(allParameters(serial), allParameters(threaded)) { #expect(a.value == b.value, "\(a.name)") }
        #expect(serial.buffer.checkpointTensors().map(\.tensor) == threaded.buffer.checkpointTensors().map(\.tensor))
    }

    @Test("logged metrics: joint and every per-agent accuracy, beta, and the SAC metrics")
    func metrics() throws {
        var configuration = tinyMASDConfiguration()
        configuration.masd.beta = 0.5
        let trainer = try MASDTrainer(configuration: configuration, catalog: try multiAgentCatalog())
        let summary = try trainer.train()
        for key in ["skills/joint_accuracy", "skills/agent0_accuracy", "skills/agent1_accuracy", "skills/agent2_accuracy",
                    "skills/mean_agent_accuracy", "skills/beta", "skills/intrinsic_reward", "train/critic_loss", "train/actor_loss",
                    "train/alpha", "train/agent2_log_prob_mean", "rollout/episode_length"] {
            #expect(summary.metrics[key]?.isFinite == true, "\(key) missing or not finite")
        }
        #expect(summary.metrics["skills/beta"] == 0.5)
        #expect(summary.metrics["rollout/episode_length"] == 40)
    }

    @Test("rollouts record every agent's track and the joint and per-agent discriminator tables")
    func rollout() throws {
        let trainer = try MASDTrainer(configuration: tinyMASDConfiguration(), catalog: try multiAgentCatalog())
        var generator = Xoshiro256(seed: 1)
        let episode = try trainer.rolloutSkill(1, seed: 4, stochastic: false, recordFrames: false, using: &generator)
        #expect(episode.length == 40 && episode.skill == 1)
        for name in ["agent0", "agent1", "agent2", "landmark0"] { #expect(episode.positions[name]?.count == 41, "\(name)") }
        #expect(Set(episode.discriminatorLogProbabilities.keys) == ["joint", "agent0", "agent1", "agent2"])
        for table in episode.discriminatorLogProbabilities.values { #expect(table.count == 40 * 4) }
        #expect { try trainer.rolloutSkill(4, seed: 4, stochastic: false, recordFrames: false, using: &generator) } throws: { error in
            (error as? TrainingError)?.code == .skillOutOfRange
        }
    }

    @Test("the same seed gives the same MASD run, another seed another run")
    func seeds() throws {
        var configuration = tinyMASDConfiguration()
        configuration.steps = 120
        let catalog = try multiAgentCatalog()
        let a = try MASDTrainer(configuration: configuration, catalog: catalog)
        let b = try MASDTrainer(configuration: configuration, catalog: catalog)
        configuration.seed = 1
        let c = try MASDTrainer(configuration: configuration, catalog: catalog)
        for trainer in [a, b, c] { try trainer.train() }
        #expect(allParameters(a).map(\.value) == allParameters(b).map(\.value))
        #expect(allParameters(a)[0].value != allParameters(c)[0].value)
    }
}

@Suite("MASD configuration")
struct MASDConfigurationTests {
    func rejection(_ json: String, overrides: [String] = []) -> ConfigurationError? {
        do {
            _ = try ConfigurationLoader.decode(TrainingConfiguration.self, json: json, overrides: overrides)
            return nil
        } catch {
            return error
        }
    }

    @Test("a negative beta names masd.beta, the value and the range")
    func negativeBeta() throws {
        let error = try #require(rejection(#"{"algorithm": "masd"}"#, overrides: ["masd.beta=-0.5"]))
        #expect(error.code == .invalidValue && error.context["field"] == "masd.beta" && error.message.contains("-0.5") && error.message.contains("at least 0"), "\(error)")
    }

    @Test("fewer than two agents names environment_arguments.agents")
    func tooFewAgents() throws {
        let error = try #require(rejection(#"{"algorithm": "masd", "environment": "ParticleSpread-v0"}"#, overrides: ["environment_arguments.agents=1"]))
        #expect(error.code == .invalidValue && error.context["field"] == "environment_arguments.agents" && error.message.contains("at least 2"), "\(error)")
        #expect(rejection(#"{"algorithm": "masd", "environment": "ParticleSpread-v0"}"#, overrides: ["environment_arguments.agents=3"]) == nil)
    }

    @Test("MASD on a single-agent environment is a typed error that says what to use instead")
    func singleAgentEnvironment() throws {
        var configuration = tinyMASDConfiguration()
        configuration.environment = "PointMass-v0"
        configuration.environmentArguments = [:]
        #expect { try MASDTrainer(configuration: configuration, catalog: try multiAgentCatalog()) } throws: { error in
            let error = error as? TrainingError
            return error?.code == .unsupportedEnvironment && error?.message.contains("single-agent") == true && error?.message.contains("ParticleSpread-v0") == true
        }
    }

    @Test("per-agent features that are not in one agent's observation are rejected, naming the field")
    func badAgentFeatures() throws {
        var configuration = tinyMASDConfiguration()
        configuration.masd.agentFeatures = "landmarks_xy"       // a state group: indices 12..<18, beyond an observation of 14 floats
        #expect { try MASDTrainer(configuration: configuration, catalog: try multiAgentCatalog()) } throws: { error in
            (error as? ConfigurationError)?.context["field"] == "masd.agent_features"
        }
        configuration.masd.agentFeatures = "xy"
        configuration.masd.jointFeatures = "agnets_xy"
        #expect { try MASDTrainer(configuration: configuration, catalog: try multiAgentCatalog()) } throws: { error in
            "\(error)".contains("masd.joint_features") && "\(error)".contains("agents_xy")
        }
    }

    @Test("the resolved configuration writes the masd section and reads back equal")
    func roundTrip() throws {
        let configuration = try ConfigurationLoader.decode(
            TrainingConfiguration.self, json: #"{"algorithm": "masd", "environment": "CooperativePush-v0", "masd": {"beta": 0.25, "shared_actor": false}}"#)
        let text = try ConfigurationLoader.resolvedJSON(configuration)
        for key in ["\"beta\"", "\"joint_features\"", "\"agent_features\"", "\"shared_actor\""] { #expect(text.contains(key), "\(key)") }
        #expect(try ConfigurationLoader.decode(TrainingConfiguration.self, json: text) == configuration)
        #expect(configuration.masd.beta == 0.25 && !configuration.masd.sharedActor)
    }
}
