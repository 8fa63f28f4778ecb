// EvaluateSkills: how good are a run's skills? Load a run, roll out every skill, print the
// diversity metrics, all through the API (the same code `empower evaluate` runs).
//
//     swift run -c release TrainDIAYN                          # makes runs/example-diayn
//     swift run -c release EvaluateSkills                      # evaluates runs/example-diayn
//     swift run -c release EvaluateSkills runs/my-run 5        # any run, 5 episodes per skill
//
// Nothing is trained: `Trainers.open` rebuilds the trainer of the run's algorithm from its
// config.json and its latest checkpoint; `SkillEvaluation.evaluate` rolls out every skill on
// fresh episodes and computes `SkillMetrics` from those rollouts alone.

import Empower
import Foundation

func percent(_ value: Double?) -> String { value.map { "\(($0 * 1000).rounded() / 10)%" } ?? "-" }
func nats(_ value: Double?) -> String { value.map { "\(($0 * 1000).rounded() / 1000)" } ?? "-" }

func runExample() throws {
    let arguments = CommandLine.arguments
    let path = arguments.count > 1 ? arguments[1] : "runs/example-diayn"
    let episodesPerSkill = arguments.count > 2 ? Int(arguments[2]) ?? 3 : 3

    // MARK: 1. Open the run (a directory with config.json and checkpoints/)
    //
    // A path that is not a run, a run without a checkpoint, or a damaged checkpoint is a typed
    // error with a message that says what to do.
    let run = try RunDirectory(path: path, create: false)
    let catalog = BuiltInEnvironments.catalog
    let trainer = try Trainers.open(runDirectory: run, catalog: catalog) { Program.printError("warning: \($0)") }
    print("\(trainer.configuration.algorithm.rawValue) on \(trainer.configuration.environment), \(trainer.skillCount) skills, checkpoint at step \(trainer.step)")

    // MARK: 2. Roll out every skill and measure
    //
    // Deterministic actions (the policy's mean) first, then sampled actions; environment seeds
    // derive from the evaluation seed, so the numbers are the same every time.
    for stochastic in [false, true] {
        let evaluation = try SkillEvaluation.evaluate(trainer, catalog: catalog, episodesPerSkill: episodesPerSkill, stochastic: stochastic)
        let m = evaluation.metrics
        let logK = log(Double(m.skillCount))
        print("")
        print(stochastic ? "sampled actions:" : "mean actions:")
        print("  discriminator accuracy     \(percent(m.accuracy))   (chance \(percent(1 / Double(m.skillCount))))")
        print("  I(S;Z) lower bound         \(nats(m.mutualInformationLowerBound)) nats   (at most log K = \(nats(logK)))")
        print("  plug-in I(Z; cell)         \(nats(m.mutualInformationPlugin)) nats")
        print("  state coverage             \(m.stateCoverageCells.map(String.init) ?? "-") cells of side \(m.cellSize) (\(m.trackedPosition ?? "no positions"))")
        if let cells = m.objectCoverageCells {
            print("  object coverage            \(cells) cells; skills moving an object: \(percent(m.skillsMovingObjects))")
        }
        print("  safety events per episode  \(nats(m.safetyViolationsPerEpisode))")
        guard !stochastic else { continue }

        // MARK: 3. Per skill: how recognizable, how far it roams, where it ends
        print("")
        print("  skill  accuracy  cells  mean end (x, y)")
        for (skill, paths) in evaluation.trajectories.enumerated() {
            let ends = paths.compactMap(\.last)
            let end = ends.reduce(SIMD2<Float>(0, 0), +) / Float(max(ends.count, 1))
            let accuracy = skill < m.perSkillAccuracy.count ? percent(m.perSkillAccuracy[skill]) : "-"
            let cells = skill < m.perSkillCoverageCells.count ? "\(m.perSkillCoverageCells[skill])" : "-"
            let pad = { (text: String, width: Int) in String(repeating: " ", count: max(0, width - text.count)) + text }
            print("  \(pad("\(skill)", 5))  \(pad(accuracy, 8))  \(pad(cells, 5))  (\(String(format: "%+.2f", end.x)), \(String(format: "%+.2f", end.y)))")
        }
    }
}

Program.run(runExample)
