// TrainDIAYN: skill discovery with DIAYN on PointMass-v0, from configuration to learned skills.
//
//     swift run -c release TrainDIAYN                  # run directory runs/example-diayn
//     swift run -c release TrainDIAYN runs/my-diayn    # or any path
//
// DIAYN ("Diversity is All You Need", Eysenbach et al., 2019) learns K skills without any
// reward from the environment. A skill z is drawn from a uniform prior p(z) at the start of each
// episode, the policy acts on [observation, onehot(z)], and a discriminator q(z|s') learns to
// tell from a visited state which skill produced it. The policy is paid
//
//     r = log q(z|s') - log p(z)
//
// so it learns to visit states where its own skill is easy to recognize: the skills spread out.
// On PointMass-v0 (a point in the square [-1, 1]^2) each skill ends up walking in its own
// direction, the classic DIAYN picture of skills partitioning the plane.
//
// The file reads top to bottom in the order of the algorithm: configure, open a run, train
// (collect -> store -> relabel -> SAC update -> log -> checkpoint), evaluate on fresh rollouts.
// Press Ctrl-C during training: a checkpoint is written, and running the same command again
// resumes exactly where it stopped.

import Empower
import Foundation

/// A number with two decimals, sign included, for aligned columns.
func fixed(_ value: Float) -> String {
    let hundredths = Int((value * 100).rounded())
    let sign = hundredths < 0 ? "-" : "+"
    let magnitude = abs(hundredths)
    let fraction = magnitude % 100
    return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
}

func percent(_ value: Double) -> String { "\((value * 1000).rounded() / 10)%" }

func runExample() throws {
    // MARK: 1. Configuration
    //
    // Everything a run needs lives in one Codable value; `config.json` in the run directory holds
    // it with every default written out (the same file `empower train` writes, JSON keys in
    // snake_case). Defaults are DIAYN with 10 skills on PointMass-v0; here the budget is small
    // so the example finishes in well under a minute in a release build.
    var configuration = TrainingConfiguration()
    configuration.algorithm = .diayn
    configuration.environment = "PointMass-v0"
    configuration.skills = 10                       // K: the prior p(z) is uniform over 10 skills
    configuration.steps = 10_000                    // environment steps (100 episodes of 100 steps)
    configuration.seed = 0                          // every random stream derives from this seed
    configuration.logInterval = 1_000               // one metrics record every 1000 steps
    configuration.checkpointInterval = 2_500        // a checkpoint every 2500 steps
    configuration.sac.hiddenSizes = [64, 64]        // actor and twin critics: 2x64 MLPs
    configuration.sac.alpha = 0.1                   // the entropy coefficient of the DIAYN paper, fixed
    configuration.diayn.hiddenSizes = [64, 64]      // the discriminator q(z|s'): a 2x64 MLP
    configuration.diayn.features = "xy"             // it judges skills by position (PointMass's "xy" group)
    try configuration.validate()                    // a bad field is named with what is allowed

    // The environments the trainer may build: every built-in one. A user's own environment is
    // registered into a copy of this catalog (see Examples/CustomEnvironment).
    let catalog = BuiltInEnvironments.catalog

    // MARK: 2. The run directory: new, or resumed
    //
    // A run directory holds config.json, metrics.csv, metrics.jsonl, checkpoints/, report/ and
    // events.log. If this one already has a run, continue it from its latest valid checkpoint:
    // networks, optimizer moments, discriminator, replay buffer, every generator and counter come
    // back, so a resumed run ends bit for bit where an uninterrupted one would. (`empower resume
    // RUN_DIR` does the same from the command line.)
    let path = CommandLine.arguments.dropFirst().first ?? "runs/example-diayn"
    let trainer: OffPolicyTrainer
    if FileManager.default.fileExists(atPath: path + "/config.json") {
        let run = try RunDirectory(path: path, create: false)
        trainer = try OffPolicyTrainer.resume(runDirectory: run, catalog: catalog) { Program.printError($0) }
        print("resuming \(path) at step \(trainer.step) of \(trainer.configuration.steps) (its own config.json)")
    } else {
        let run = try RunDirectory(path: path, create: true)
        try ConfigurationLoader.write(configuration, to: run.configPath)
        try run.appendEvent("started by the TrainDIAYN example")
        // Building the trainer builds the environment, the SAC learner (actor, twin critics,
        // targets, Adam), the DIAYNObjective (prior + discriminator) and the replay buffer, all
        // initialized from the seed.
        trainer = try OffPolicyTrainer(configuration: configuration, catalog: catalog, runDirectory: run)
        print("run directory: \(path)")
    }

    // MARK: 3. Training
    //
    // `train` is the off-policy loop, written once in OffPolicyTrainer (Sources/EmpowerTraining/
    // Trainer/OffPolicyTrainer.swift). Each environment step:
    //   - skill: at the start of every episode, `drawSkill()` samples z ~ p(z) from the run's
    //     "skills" generator (`SkillPrior.sample(using:)`); the skill stays fixed for the episode;
    //   - act: the policy sees [observation, onehot(z)] (`SkillConditioning.fill`) and samples an
    //     action (uniform random actions during `sac.warmup_steps`);
    //   - store: (s, a, s', terminated, z) goes into the replay buffer; the environment's reward
    //     (0 on PointMass) is stored but not used by DIAYN;
    //   - relabel: for each sampled minibatch, `DIAYNObjective.relabel` (Sources/EmpowerSkills/
    //     DIAYNObjective.swift) computes log q(z|s') with the current discriminator, replaces the
    //     rewards with log q(z|s') - log p(z), and takes one cross-entropy step on the discriminator;
    //   - update: `SACLearner.update` runs SAC on those rewards (critic, actor, target networks);
    //   - log every `log_interval` steps (metrics.csv / metrics.jsonl), checkpoint every
    //     `checkpoint_interval` steps and at the end.
    // The StopSignal turns Ctrl-C into a polite stop: the loop writes a checkpoint and returns.
    let stop = StopSignal()
    defer { stop.uninstall() }
    let summary = try trainer.train(stop: stop) { Program.printError($0, terminator: "") }
    if summary.interrupted {
        print("stopped at step \(summary.step); checkpoint written. Run the same command again to resume.")
        return
    }
    print("trained \(summary.step) steps, \(summary.episodes) episodes, \(summary.updates) updates in \(ProgressReporter.formatDuration(summary.elapsedSeconds))")

    // MARK: 4. Evaluating the skills on fresh rollouts
    //
    // Not the replay buffer: every skill runs new episodes (deterministic actions, new seeds),
    // and the discriminator classifies every visited state. Chance is 1/K.
    let evaluation = try SkillEvaluation.evaluate(trainer, catalog: catalog, episodesPerSkill: 2)
    let metrics = evaluation.metrics
    print("discriminator accuracy on fresh rollouts: \(percent(metrics.accuracy ?? 0)) (chance \(percent(1 / Double(trainer.skillCount))))")
    print("I(S;Z) lower bound: \(((metrics.mutualInformationLowerBound ?? 0) * 1000).rounded() / 1000) nats (at most log K = \((log(Double(trainer.skillCount)) * 1000).rounded() / 1000))")

    // Where each skill goes: the end of its evaluation episodes, and the intrinsic reward the
    // policy would be paid there, r = log q(z|s') - log p(z) (positive when the discriminator is
    // surer of z than the prior; at most log K = 2.30 for K = 10).
    guard let objective = trainer.objective else { return }
    var discriminator = objective.discriminator
    print("")
    print("skill  accuracy  ends at (x, y)   reward there")
    var ends: [SIMD2<Float>] = []
    for (skill, episodes) in evaluation.trajectories.enumerated() {
        let finals = episodes.compactMap(\.last)
        let end = finals.reduce(SIMD2<Float>(0, 0), +) / Float(max(finals.count, 1))
        ends.append(end)
        // PointMass observes its position, so the final position is the final observation.
        let state = try Tensor(shape: Shape(rows: 1, columns: 2), scalars: [end.x, end.y])
        _ = discriminator.evaluate(on: state, skills: [Int32(skill)])
        let reward = discriminator.logProbabilities[0] - objective.prior.logProbability
        let accuracy = percent(metrics.perSkillAccuracy[skill])
        print("  \(skill)    \(String(repeating: " ", count: max(0, 7 - accuracy.count)))\(accuracy)   (\(fixed(end.x)), \(fixed(end.y)))   \(fixed(reward))")
    }

    // The same ends on a map of the square [-1, 1]^2 (x to the right, y up): each skill's digit
    // where its episodes end, "o" at the start.
    let columns = 41, rows = 17
    var map = [[Character]](repeating: [Character](repeating: ".", count: columns), count: rows)
    func cell(_ point: SIMD2<Float>) -> (row: Int, column: Int) {
        let column = Int(((point.x + 1) / 2 * Float(columns - 1)).rounded())
        let row = Int(((1 - point.y) / 2 * Float(rows - 1)).rounded())
        return (min(max(row, 0), rows - 1), min(max(column, 0), columns - 1))
    }
    let origin = cell(.zero)
    map[origin.row][origin.column] = "o"
    for (skill, end) in ends.enumerated() {
        let place = cell(end)
        map[place.row][place.column] = skill < 10 ? Character(String(skill)) : "*"
    }
    print("")
    print("where the skills end (the square [-1, 1]^2, o = start):")
    for row in map { print("  " + String(row)) }
    print("")
    print("run: \(path) (config.json, metrics.csv, metrics.jsonl, checkpoints/, events.log)")
}

Program.run(runExample)
