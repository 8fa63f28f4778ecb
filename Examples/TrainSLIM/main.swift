// TrainSLIM: skills on the tabletop with one critic per reward (SLIM), from configuration to
// learned skills, with a reward channel written in Swift.
//
//     swift run -c release TrainSLIM                  # run directory runs/example-slim
//     swift run -c release TrainSLIM runs/my-slim     # or any path
//
// A skill-discovery reward alone (DIAYN's log q(z|s') - log p(z)) pays an arm for any state
// that identifies its skill: waving in a distinctive pose is as good as pushing a box. SLIM
// adds rewards for what we want from manipulation skills, each in its own channel k with a
// weight w_k:
//
//     discovery  r = log q(z|s') - log p(z)                 (a discriminator on rollout states)
//     reach      r = -|end effector - nearest object| / 1 m
//     safety     r = -(safety events of the step)           (joint limits, hard contacts, ...)
//
// Instead of summing them into one reward, every channel keeps its own value head V_k(s, z),
// its own GAE advantages A_k, normalized over the rollout, and the PPO policy follows
//
//     A = sum_k w_k * normalized(A_k)
//
// so a channel with large, noisy rewards cannot drown the others, and the weights mean what
// they say. The file reads top to bottom: configure, add a channel from Swift, train
// (collect -> channels score -> discriminator learns -> per-channel GAE -> PPO), evaluate.
// Ctrl-C writes a checkpoint; running the same command again resumes exactly.

import Empower
import Foundation

func rounded(_ value: Double, _ digits: Double = 100) -> Double { (value * digits).rounded() / digits }

func distance(_ a: SIMD2<Float>, _ b: SIMD2<Float>) -> Float { ((a - b) * (a - b)).sum().squareRoot() }

// MARK: A reward channel written in Swift
//
// Any class conforming to `RewardChannel` is a channel: a name (its value head and its logs
// `slim/<name>/return`, `slim/<name>/value_loss`), a weight, and rewards for every transition
// of a rollout. This one pays the end effector for staying off the table's edges: minus the
// distance of its x from the table's centre line (observation entry 9 on TabletopPush-v0).
final class StayCentred: RewardChannel {
    let name = "stay_centred"
    let weight: Float = 0.1

    func rewards(for rollout: RolloutTransitions, metrics: inout Metrics) -> [Float] {
        (0..<rollout.count).map { -abs(rollout.nextObservations[$0 * rollout.observationSize + 9]) }
    }
}

func runExample() throws {
    // MARK: 1. Configuration
    //
    // The `slim` section holds the channels and their weights (a JSON object in config.json,
    // e.g. "channels": {"discovery": 1, "reach": 0.5, "safety": 1}); `combine: "sum"` would
    // instead train one critic on the weighted reward sum, the baseline SLIM is compared to.
    var configuration = TrainingConfiguration()
    configuration.algorithm = .slim
    configuration.environment = "TabletopPush-v0"
    configuration.skills = 8                        // K: skills drawn uniformly per episode
    configuration.steps = 150_000                   // environment steps over all environments
    configuration.environments = 8                  // 8 copies of the table, stepped together
    configuration.logInterval = 10_000
    configuration.checkpointInterval = 50_000
    configuration.ppo.rolloutSteps = 128            // a rollout: 128 steps x 8 environments
    configuration.slim.channels = ["discovery": 1, "reach": 0.5, "safety": 1]
    configuration.slim.combine = .critics           // one value head per channel
    try configuration.validate()

    // MARK: 2. Run directory (resume if there is one)
    let path = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "runs/example-slim"
    let catalog = BuiltInEnvironments.catalog
    let run = try RunDirectory(path: path, create: true)
    let trainer: OnPolicyTrainer
    if let checkpoint = try CheckpointStore(directory: run.checkpointsPath).latest() {
        trainer = try OnPolicyTrainer(configuration: configuration, catalog: catalog, runDirectory: run, extraChannels: [StayCentred()])
        try trainer.restore(from: checkpoint)
        print("resuming \(path) at step \(trainer.step)")
    } else {
        try ConfigurationLoader.write(configuration, to: run.configPath)
        trainer = try OnPolicyTrainer(configuration: configuration, catalog: catalog, runDirectory: run, extraChannels: [StayCentred()])
    }
    print("value heads: \(trainer.headNames.joined(separator: ", "))")

    // MARK: 3. Training
    //
    // OnPolicyTrainer.advance (Sources/EmpowerTraining/Trainer/OnPolicyTrainer.swift):
    // collect a rollout -> every channel scores it -> the discriminator learns from it ->
    // per-channel GAE (GeneralizedAdvantageEstimation) -> AdvantageCombination -> PPOLearner.
    let stop = StopSignal()
    let summary = try trainer.train(until: nil, stop: stop) { Program.printError($0, terminator: "") }
    stop.uninstall()
    if summary.interrupted {
        print("stopped at step \(summary.step); run the same command to resume")
        return
    }

    // MARK: 4. What each channel earned
    let metrics = trainer.latestMetrics
    print("\nper-episode channel returns at step \(trainer.step) (mean over the last log interval):")
    for channel in trainer.channels {
        let value = metrics["slim/\(channel.name)/return"].map { "\(rounded($0))" } ?? "n/a"
        let loss = metrics["slim/\(channel.name)/value_loss"].map { "\(rounded($0, 1000))" } ?? "n/a"
        print("  \(channel.name.padding(toLength: 13, withPad: " ", startingAt: 0)) weight \(channel.weight)  return \(value)  value loss \(loss)")
    }

    // MARK: 5. Skills on fresh rollouts
    let evaluation = try SkillEvaluation.evaluate(trainer, catalog: catalog, episodesPerSkill: 2)
    print("\ndiscriminator accuracy on fresh rollouts: \(rounded((evaluation.metrics.accuracy ?? 0) * 100, 10))% (chance \(rounded(100 / Double(trainer.skillCount), 10))%)")
    var generator = Xoshiro256(seed: 3)
    print("skill  object moved (cm)  safety events  end effector at the end")
    for skill in 0..<trainer.skillCount {
        let episode = try trainer.rolloutSkill(skill, seed: 11, stochastic: false, recordFrames: false, using: &generator)
        let object = episode.positions["object0"] ?? []
        let moved = object.count > 1 ? distance(object[object.count - 1], object[0]) * 100 : 0
        let tip = episode.positions["end_effector"]?.last ?? .zero
        print("  \(skill)    \(rounded(Double(moved), 10))              \(episode.safetyViolations)              (\(rounded(Double(tip.x))), \(rounded(Double(tip.y))))")
    }
    print("\nrun: \(path) (config.json, metrics.csv, checkpoints/)")
}

Program.run(runExample)
