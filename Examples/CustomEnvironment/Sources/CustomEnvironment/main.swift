// CustomEnvironment: write your own environment, check it, register it, discover its skills.
//
//     cd Examples/CustomEnvironment && swift run -c release CustomEnvironment
//
// The environment, Drone2D-v0 (Sources/DroneEnvironment/Drone.swift), is a point with inertia: the action is a thrust that
// changes the velocity, and the velocity moves the point. It is the whole contract a trainer
// needs (spaces, reset(seed:), step with Gymnasium's terminated/truncated flags), plus two
// optional declarations that make skill discovery better informed:
//   - `positions`: named xy points; the skill evaluation follows "agent" to report where skills go;
//   - `featureGroups` in the spec: named observation slices; `diayn.features = "xy"` makes the
//     discriminator judge skills by position only, not by velocity.
// Then: `checkEnvironment` verifies the contract (the front door for every new environment),
// the catalog learns the id, and DIAYN trains on it exactly as on a built-in environment.

import DroneEnvironment
import Empower
import Foundation

func fixed(_ value: Float) -> String {
    let hundredths = Int((value * 100).rounded())
    let magnitude = abs(hundredths)
    return "\(hundredths < 0 ? "-" : "+")\(magnitude / 100).\(magnitude % 100 < 10 ? "0" : "")\(magnitude % 100)"
}

func percent(_ value: Double) -> String { "\((value * 1000).rounded() / 10)%" }

/// Returns the process exit status: 1 when the checker finds a problem.
func runExample() throws -> Int32 {
    // MARK: 1. Check the contract
    // Spaces, reset reproducibility, observations in their space, truncation at the limit,
    // steps after the end rejected, bad actions rejected, determinism under a seed.
    let report = checkEnvironment(try Drone(), seed: 0, steps: 2000)
    print("checker: \(report)")
    guard report.isClean else {
        Program.printError("fix the problems above before training on \(Drone.id)")
        return 1
    }

    // MARK: 2. Register it next to the built-in environments
    var catalog = BuiltInEnvironments.catalog
    try Drone.register(in: &catalog)
    print("registered \(Drone.id) beside \(catalog.singleAgentIDs.count - 1) built-in single-agent environments")

    // MARK: 3. Train DIAYN on it
    // Small networks and a few thousand steps: enough for distinct skills, quick in release.
    // No run directory: everything stays in memory (give one to get metrics and checkpoints).
    var configuration = TrainingConfiguration()
    configuration.algorithm = .diayn
    configuration.environment = Drone.id
    configuration.skills = 6
    configuration.steps = 6_000
    configuration.logInterval = 1_000
    configuration.sac.hiddenSizes = [64, 64]
    configuration.diayn.hiddenSizes = [32, 32]
    configuration.diayn.features = "xy"                  // the feature group declared in the spec
    try configuration.validate()
    let trainer = try OffPolicyTrainer(configuration: configuration, catalog: catalog)
    let summary = try trainer.train { Program.printError($0, terminator: "") }
    print("trained \(summary.step) steps, \(summary.episodes) episodes in \(ProgressReporter.formatDuration(summary.elapsedSeconds))")

    // MARK: 4. The skills, on fresh rollouts
    // The evaluation follows `positions["agent"]` along every episode.
    let evaluation = try SkillEvaluation.evaluate(trainer, catalog: catalog, episodesPerSkill: 3)
    print("discriminator accuracy on fresh rollouts: \(percent(evaluation.metrics.accuracy ?? 0)) (chance \(percent(1 / Double(trainer.skillCount))))")
    print("skill  accuracy  final positions (x, y), one per episode")
    for (skill, episodes) in evaluation.trajectories.enumerated() {
        let finals = episodes.compactMap(\.last).map { "(\(fixed($0.x)), \(fixed($0.y)))" }
        let accuracy = percent(evaluation.metrics.perSkillAccuracy[skill])
        print("  \(skill)    \(String(repeating: " ", count: max(0, 7 - accuracy.count)))\(accuracy)   \(finals.joined(separator: "  "))")
    }
    return 0
}

Program.run(runExample)
