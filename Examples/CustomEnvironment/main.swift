// CustomEnvironment: write your own environment, check it, register it, discover its skills.
//
//     swift run -c release CustomEnvironment
//
// The environment below, Drone2D-v0, is a point with inertia: the action is a thrust that
// changes the velocity, and the velocity moves the point. It is the whole contract a trainer
// needs (spaces, reset(seed:), step with Gymnasium's terminated/truncated flags), plus two
// optional declarations that make skill discovery better informed:
//   - `positions`: named xy points; the skill evaluation follows "agent" to report where skills go;
//   - `featureGroups` in the spec: named observation slices; `diayn.features = "xy"` makes the
//     discriminator judge skills by position only, not by velocity.
// Then: `checkEnvironment` verifies the contract (the front door for every new environment),
// the catalog learns the id, and DIAYN trains on it exactly as on a built-in environment.

import Empower
import Foundation

/// Drone2D-v0: a point with inertia in the square [-1, 1]^2.
///
/// - Action: `Box(-1, 1, shape: [2])`, a thrust (clipped to [-1, 1]).
/// - Dynamics: v <- clip(0.9 v + 0.01 a, -0.1, 0.1); p <- p + v; a wall stops the drone
///   (p clipped to [-1, 1], that velocity component set to 0).
/// - Observation: [x, y, vx, vy] in [-1, 1]^2 x [-0.1, 0.1]^2. Feature group "xy": [0, 1].
/// - Reward: 0 (skill discovery brings its own). Start: p ~ U(-0.05, 0.05)^2, at rest.
/// - Episode end: never terminates; truncated after 100 steps. Positions: "agent".
///
/// (The type below is 46 lines, braces included, this doc comment not counted.)
struct Drone: Environment, Sendable {
    static let id = "Drone2D-v0"
    static let drag: Float = 0.9, thrust: Float = 0.01, maxSpeed: Float = 0.1
    let spec = EnvironmentSpec(
        id: Drone.id, maxEpisodeSteps: 100, summary: "A point with inertia in [-1, 1]^2, pushed by a thrust",
        featureGroups: ["xy": [0, 1]])
    let observationSpace: Space
    let actionSpace: Space
    var position = SIMD2<Float>.zero
    var velocity = SIMD2<Float>.zero
    var tracker = EpisodeTracker(maxEpisodeSteps: 100)     // reset/step/truncation bookkeeping
    var generator = Xoshiro256(seed: 0)                      // all randomness comes from here

    init() throws {
        let s = Drone.maxSpeed
        observationSpace = .box(try Box(low: [-1, -1, -s, -s], high: [1, 1, s, s]))
        actionSpace = .box(try Box(low: -1, high: 1, shape: [2]))
    }

    var observation: [Float] { [position.x, position.y, velocity.x, velocity.y] }
    var positions: [String: SIMD2<Float>] { ["agent": position] }

    mutating func reset(seed: UInt64?) throws -> Reset {
        if let seed { generator = Xoshiro256(seed: seed) }   // same seed, same episode
        position = SIMD2(generator.nextFloat(in: -0.05, 0.05), generator.nextFloat(in: -0.05, 0.05))
        velocity = .zero
        tracker.beginEpisode()
        return Reset(observation: observation)
    }

    mutating func step(_ action: [Float]) throws -> Step {
        // Throws for a step before reset or after the end, a wrong length, or NaN.
        try tracker.beginStep(action, count: 2, environment: Drone.id)
        let one = SIMD2<Float>(repeating: 1), top = SIMD2<Float>(repeating: Drone.maxSpeed)
        let thrust = SIMD2(action[0], action[1]).clamped(lowerBound: -one, upperBound: one)
        velocity = (Drone.drag * velocity + Drone.thrust * thrust).clamped(lowerBound: -top, upperBound: top)
        position += velocity
        for axis in 0..<2 where abs(position[axis]) > 1 {
            position[axis] = position[axis] > 0 ? 1 : -1          // hit a wall: stop against it
            velocity[axis] = 0
        }
        // No terminal state, so only the time limit ends an episode (truncation: bootstrap).
        let isTruncated = tracker.endStep(isTerminated: false)
        return Step(observation: observation, reward: 0, isTruncated: isTruncated)
    }
}

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
    try catalog.register(Drone.id, summary: "A point with inertia in [-1, 1]^2, pushed by a thrust") { _ in try Drone() }
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
