import EmpowerAgents
import EmpowerBase
import EmpowerClassic
import EmpowerCore
import EmpowerManipulation
import EmpowerNN
import EmpowerNavigation
import EmpowerSkills
import EmpowerTestSupport
import EmpowerTraining
import Foundation
import Testing

/// The training catalog plus TabletopPush-v0.
func onPolicyCatalog() throws -> EnvironmentCatalog {
    var catalog = try trainingCatalog()
    try ManipulationEnvironments.register(in: &catalog)
    return catalog
}

/// A small, fast SLIM setup on TabletopPush-v0 with 20-step episodes (so episodes end inside
/// rollouts and checkpoints fall mid-episode).
func tinySLIMConfiguration() -> TrainingConfiguration {
    var configuration = TrainingConfiguration()
    configuration.algorithm = .slim
    configuration.environment = "TabletopPush-v0"
    configuration.environmentArguments = ["maxEpisodeSteps": ArgumentValue(.int(20))]
    configuration.skills = 3
    configuration.steps = 256
    configuration.environments = 2
    configuration.logInterval = 64
    configuration.checkpointInterval = 128
    configuration.ppo.hiddenSizes = [16]
    configuration.ppo.rolloutSteps = 32
    configuration.ppo.minibatchSize = 16
    configuration.ppo.epochs = 2
    configuration.slim.hiddenSizes = [16]
    configuration.slim.discriminatorBatchSize = 32
    return configuration
}

func allParameters(_ trainer: OnPolicyTrainer) -> [Parameter] {
    var parameters = trainer.learner.actor.parameters + trainer.learner.critic.parameters
    if let channel = trainer.discovery as? DIAYNDiscoveryChannel { parameters += channel.discriminator.network.parameters }
    if let channel = trainer.discovery as? DistanceDiscoveryChannel { parameters += channel.objective.parameters }
    return parameters
}

/// The error decoding `json` as a training configuration throws, nil when it decodes.
func invalid(_ json: String) -> ConfigurationError? {
    do {
        _ = try ConfigurationLoader.decode(TrainingConfiguration.self, json: json)
        return nil
    } catch {
        return error
    }
}

/// A channel written in Swift: minus the end effector's height above the table's centre line.
final class StayLow: RewardChannel {
    let name = "stay_low"
    let weight: Float = 0.25
    func rewards(for rollout: RolloutTransitions, metrics: inout Metrics) -> [Float] {
        (0..<rollout.count).map { -abs(rollout.nextObservations[$0 * rollout.observationSize + 10]) }
    }
}

@Suite("On-policy training (PPO, SLIM)")
struct OnPolicyTrainerTests {
    @Test("PPO on Pendulum-v0 reaches a mean return of at least -400 over the last 10 episodes within 60000 steps",
          .enabled(if: isOptimizedBuild, "training tests need an optimized build"))
    func ppoLearnsPendulum() throws {
        var configuration = TrainingConfiguration()
        configuration.algorithm = .ppo
        configuration.environment = "Pendulum-v0"
        configuration.steps = 60_000
        configuration.environments = 4
        configuration.logInterval = 10_000
        configuration.ppo.gamma = 0.9
        configuration.ppo.learningRate = 1e-3
        configuration.ppo.rolloutSteps = 512
        let trainer = try OnPolicyTrainer(configuration: configuration, catalog: try trainingCatalog())
        try trainer.train()
        let last = trainer.recentEpisodeReturns.suffix(10)
        #expect(last.count == 10)
        let mean = last.reduce(0, +) / Double(last.count)
        #expect(mean >= -400, "mean return of the last 10 episodes: \(mean)")
    }

    @Test("combine: sum trains one critic on the weighted sum; critics mode one head per channel")
    func sumUsesOneCritic() throws {
        var configuration = tinySLIMConfiguration()
        configuration.steps = 128
        configuration.slim.combine = .sum
        let sum = try OnPolicyTrainer(configuration: configuration, catalog: try onPolicyCatalog())
        #expect(sum.headNames == ["sum"])
        #expect(sum.learner.critic.headCount == 1 && sum.learner.critic.networks.count == 1)
        try sum.train()
        #expect(sum.learner.lastValueLosses.count == 1)
        #expect(sum.latestMetrics["slim/sum/value_loss"] != nil)
        #expect(sum.latestMetrics["slim/reach/value_loss"] == nil)
        #expect(sum.latestMetrics["slim/reach/return"] != nil && sum.latestMetrics["slim/safety/return"] != nil)

        configuration.slim.combine = .critics
        let critics = try OnPolicyTrainer(configuration: configuration, catalog: try onPolicyCatalog())
        #expect(critics.headNames == ["discovery", "reach", "safety"])
        #expect(critics.learner.critic.networks.count == 3)
        #expect(critics.learner.critic.parameterCount == 3 * sum.learner.critic.parameterCount)
        try critics.train()
        for name in ["discovery", "reach", "safety"] {
            #expect(critics.latestMetrics["slim/\(name)/value_loss"] != nil)
            #expect(critics.latestMetrics["slim/\(name)/return"] != nil)
        }
        configuration.slim.criticArchitecture = .shared
        let shared = try OnPolicyTrainer(configuration: configuration, catalog: try onPolicyCatalog())
        #expect(shared.learner.critic.networks.count == 1 && shared.learner.critic.networks[0].outputCount == 3)
    }

    @Test("a channel added from Swift gets its own head, weight and logged return")
    func swiftChannel() throws {
        var configuration = tinySLIMConfiguration()
        configuration.steps = 64
        configuration.slim.channels = ["discovery": 1]
        let trainer = try OnPolicyTrainer(configuration: configuration, catalog: try onPolicyCatalog(), extraChannels: [StayLow()])
        #expect(trainer.headNames == ["discovery", "stay_low"])
        try trainer.train()
        let stayLow = try #require(trainer.latestMetrics["slim/stay_low/return"])
        #expect(stayLow < 0)
    }

    @Test("resumed equals uninterrupted, bit for bit", arguments: [SLIMDiscovery.diayn, .distance])
    func resumeIsExact(discovery: SLIMDiscovery) throws {
        var configuration = tinySLIMConfiguration()
        configuration.slim.discovery = discovery
        if discovery == .distance {
            configuration.slim.skillSpace = .continuous
            configuration.slim.skillDimension = 2
        }
        try expectExactResume(configuration, scratchPrefix: "empower-slim-resume")
    }

    @Test("a channel of weight 0 is left out: DIAYN alone on PPO trains on PointMass-v0, which has no end effector to reach with")
    func zeroWeightChannelsAreLeftOut() throws {
        var configuration = tinySLIMConfiguration()
        configuration.environment = "PointMass-v0"
        configuration.environmentArguments = [:]
        configuration.slim.channels = ["discovery": 1, "reach": 0, "safety": 0]
        configuration.steps = 128
        let trainer = try OnPolicyTrainer(configuration: configuration, catalog: try onPolicyCatalog())
        #expect(trainer.headNames == ["discovery"])
        try trainer.train()
        #expect(trainer.latestMetrics["slim/reach/return"] == nil)
        let none = try #require(invalid(#"{"algorithm": "slim", "slim": {"channels": {"discovery": 0, "reach": 0, "safety": 0}}}"#))
        #expect(none.field == "slim.channels" && none.message.contains("at least one channel with a positive weight"), "\(none)")
    }

    @Test("LSD, METRA and CSD: resumed equals uninterrupted, bit for bit", arguments: [TrainingAlgorithm.lsd, .metra, .csd])
    func distanceResumeIsExact(algorithm: TrainingAlgorithm) throws {
        var configuration = tinySLIMConfiguration()
        configuration.algorithm = algorithm
        configuration.distance.features = "objects"
        configuration.distance.hiddenSizes = [16]
        configuration.distance.densityHiddenSizes = [16]
        configuration.distance.batchSize = 32
        try expectExactResume(configuration, scratchPrefix: "empower-distance-resume")
    }

    /// Trains `configuration` straight through and again stopped at step 128 and resumed from
    /// disk, and expects the same parameters bit for bit and the same rollout.
    func expectExactResume(_ configuration: TrainingConfiguration, scratchPrefix: String) throws {
        let catalog = try onPolicyCatalog()
        let straight = try OnPolicyTrainer(configuration: configuration, catalog: catalog)
        try straight.train()

        let scratch = try TemporaryDirectory(prefix: scratchPrefix)
        defer { scratch.remove() }
        let path = scratch.file("run")
        let run = try RunDirectory(path: path, create: true)
        try ConfigurationLoader.write(configuration, to: run.configPath)
        let first = try OnPolicyTrainer(configuration: configuration, catalog: catalog, runDirectory: run)
        try first.train(until: 128)
        #expect(first.step == 128)
        let resumed = try Trainers.resume(runDirectory: run, catalog: catalog)
        #expect(resumed.step == 128)
        try resumed.train(until: nil, stop: nil, progress: nil)
        let second = try #require(resumed as? OnPolicyTrainer)
        #expect(second.step == straight.step && second.episodes == straight.episodes)
        let a = allParameters(straight), b = allParameters(second)
        #expect(a.count == b.count && a.count > 0)
        for (x, y) in zip(a, b) {
            #expect(x.value.scalars.map(\.bitPattern) == y.value.scalars.map(\.bitPattern), "\(x.name) differs after resume")
        }
        var g1 = Xoshiro256(seed: 1), g2 = Xoshiro256(seed: 1)
        let e1 = try straight.rolloutSkill(1, seed: 9, stochastic: true, recordFrames: false, using: &g1)
        let e2 = try second.rolloutSkill(1, seed: 9, stochastic: true, recordFrames: false, using: &g2)
        #expect(e1.positions["object0"] == e2.positions["object0"])
    }

    @Test("rollouts record positions, safety and a K-column skill table; skillAction checks its input")
    func rolloutsAndActions() throws {
        var configuration = tinySLIMConfiguration()
        configuration.steps = 64
        let trainer = try OnPolicyTrainer(configuration: configuration, catalog: try onPolicyCatalog())
        try trainer.train()
        var generator = Xoshiro256(seed: 2)
        let episode = try trainer.rolloutSkill(2, seed: 4, stochastic: false, recordFrames: false, using: &generator)
        #expect(episode.length == 20)
        #expect(episode.positions["end_effector"]?.count == 21)
        #expect(episode.discriminatorLogProbabilities["skill"]?.count == 20 * 3)
        let observation = try TabletopPush().reset(seed: 4).observation
        let action = try trainer.skillAction(for: observation, skill: 1, stochastic: true, using: &generator)
        #expect(action.count == 3 && action.allSatisfy { $0 >= -1 && $0 <= 1 })
        #expect(throws: TrainingError.self) { try trainer.skillAction(for: [0, 1], skill: 1, stochastic: false, using: &generator) }
        #expect(throws: TrainingError.self) { try trainer.skillAction(for: observation, skill: 7, stochastic: false, using: &generator) }
    }

    @Test("bad SLIM and PPO settings are typed errors that name the field")
    func badConfigurations() throws {
        let misspelled = try #require(invalid(#"{"algorithm": "slim", "slim": {"channels": {"reech": 1}}}"#))
        #expect(misspelled.code == .invalidValue && misspelled.message.contains("slim.channels.reech") && misspelled.message.contains("reach"))
        let continuous = try #require(invalid(#"{"algorithm": "slim", "slim": {"skill_space": "continuous"}}"#))
        #expect(continuous.message.contains("slim.skill_space"))
        let combine = try #require(invalid(#"{"algorithm": "slim", "slim": {"combine": "summ"}}"#))
        #expect(combine.message.contains("slim.combine") && combine.message.contains("sum"))
        let clip = try #require(invalid(#"{"algorithm": "ppo", "ppo": {"clip_range": 2}}"#))
        #expect(clip.message.contains("ppo.clip_range"))
        let negative = try #require(invalid(#"{"algorithm": "slim", "slim": {"channels": {"safety": -1}}}"#))
        #expect(negative.message.contains("slim.channels.safety"))
        let unknown = try #require(invalid(#"{"algorithm": "ppo", "ppo": {"epoch": 3}}"#))
        #expect(unknown.code == .unknownKey)
        #expect(invalid(#"{"algorithm": "slim", "slim": {"channels": {"info.height": 0.5, "task": 1}}}"#) == nil)

        var reachOnPointMass = TrainingConfiguration()
        reachOnPointMass.algorithm = .slim
        #expect(throws: ConfigurationError.self) { try OnPolicyTrainer(configuration: reachOnPointMass, catalog: try onPolicyCatalog()) }
    }

    @Test("bad LSD, METRA and CSD settings are typed errors that name the field, the value and what is allowed")
    func badDistanceSettings() throws {
        let epsilon = try #require(invalid(#"{"algorithm": "metra", "distance": {"epsilon": 0}}"#))
        #expect(epsilon.code == .invalidValue && epsilon.field == "distance.epsilon" && epsilon.context["value"] == "0.0"
                && epsilon.context["allowed"] == "a number in (0, 1]", "\(epsilon)")
        let dual = try #require(invalid(#"{"algorithm": "csd", "distance": {"initial_dual": -1}}"#))
        #expect(dual.field == "distance.initial_dual" && dual.message.contains("a positive number"), "\(dual)")
        let space = try #require(invalid(#"{"algorithm": "lsd", "distance": {"skill_space": "continous"}}"#))
        #expect(space.code == .invalidValue && space.field == "distance.skill_space" && space.suggestion == "continuous", "\(space)")
        let unknown = try #require(invalid(#"{"algorithm": "lsd", "distance": {"epsilom": 0.1}}"#))
        #expect(unknown.code == .unknownKey && unknown.suggestion == "epsilon", "\(unknown)")
        #expect(invalid(#"{"algorithm": "metra", "distance": {"features": "objects", "skill_space": "continuous"}}"#) == nil)

        var features = tinySLIMConfiguration()
        features.algorithm = .metra
        features.distance.features = "objcts"
        let error = #expect(throws: ConfigurationError.self) { try OnPolicyTrainer(configuration: features, catalog: try onPolicyCatalog()) }
        #expect(error?.message.contains("distance.features") == true && error?.message.contains("objects") == true, "\(String(describing: error))")
    }
}
