// PlanWithSkills: reaching a goal for the object with skills learned without any reward.
//
//     swift run -c release PlanWithSkills runs/diayn-push      # plan over an existing run
//     swift run -c release PlanWithSkills                      # trains one first (runs/example-plan)
//
// Skills learned by DIAYN (or SLIM) on TabletopPush-v0 were never told about goals. A planner
// uses them anyway: it searches sequences of skills z_1 ... z_L whose predicted outcome puts
// the object closest to the goal, then runs them. Two ways to predict what a skill does:
//
// - a learned outcome model: an MLP s_H = s + g(s, z) over the object's and the end effector's
//   xy, fit on rollouts of the skills (kept in RUN_DIR/planning/ after the first fit);
// - the simulator itself: restore a snapshot, run the skill for H steps, snapshot again.
//
// The file reads top to bottom: open (or train) a run, fit the outcome model, plan to a goal
// with each predictor and with greedy and beam search, print what was predicted and achieved.

import Empower
import Foundation

let catalog = BuiltInEnvironments.catalog
let path = CommandLine.arguments.dropFirst().first ?? "runs/example-plan"

// 1. A run with skills. Without one, train DIAYN with 10 skills judged by where the object
//    ends up (about 10 minutes on 2 cores).
if !FileManager.default.fileExists(atPath: path + "/config.json") {
    var configuration = TrainingConfiguration()
    configuration.environment = "TabletopPush-v0"
    configuration.skills = 10
    configuration.steps = 40_000
    configuration.diayn.features = "objects"
    let run = try RunDirectory(path: path, create: true)
    try ConfigurationLoader.write(configuration, to: run.configPath)
    let trainer = try Trainers.make(configuration: configuration, catalog: catalog, runDirectory: run)
    print("training DIAYN on TabletopPush-v0 into \(path) ...")
    try trainer.train(until: nil, stop: nil, progress: nil)
}
let run = try SkillPlanningRun(path: path, catalog: catalog)
print("run \(path): \(run.configuration.algorithm.rawValue), \(run.skillCount) skills, step \(run.trainer.step)")

// 2. The outcome model for skills run H = 50 steps.
let horizon = 50
let positions = ["object0", "end_effector"]
let (model, provenance, fitted) = try run.outcomeModel(horizon: horizon, positions: positions)
let fit = provenance.fit
print("outcome model \(fitted ? "fit" : "loaded"): \(fit.trainingExamples) skill runs; held-out object error \(metres(fit.positionErrors[0])) (no change \(metres(fit.unchangedErrors[0])), skill mean \(metres(fit.skillMeanErrors[0])))")

// 3. Plan to a goal from a fixed start with every predictor and search, and run the plan.
//    The start and goal are task 162 of `empower experiment downstream --goals 200 --seed 7`
//    (the object starts at (-0.17, 0.03), 22 cm from the goal).
let goal: SIMD2<Float> = [-0.191, -0.191]
let startSeed: UInt64 = 4_984_089_100_135_120_110
for predictor in [SkillOutcomePredictor.model, .simulate] {
    for strategy in [SkillSearchStrategy.greedy, .beam] {
        let settings = SkillPlannerSettings(predictor: predictor, strategy: strategy, depth: 4, beamWidth: 4, horizon: horizon)
        let planner = try SkillPlanner(settings: settings, skillCount: run.skillCount)
        var env = try run.makeEnvironment(goal: goal, maxEpisodeSteps: settings.depth * horizon)
        let start = try env.reset(seed: startSeed).observation
        let result = try planner.run(in: &env, from: start, goal: goal, policy: run.policy, model: SkillPlanner.Model(model, positions: positions))
        let skills = result.executedSkills.map(String.init).joined(separator: " -> ")
        print("\(predictor.rawValue) \(strategy.rawValue): skills [\(skills)], distance \(metres(result.startDistance)) -> predicted \(metres(result.predictedDistance)), achieved \(metres(result.achievedDistance))\(result.success ? ", reached" : "")")
    }
}

func metres(_ value: Float) -> String { "\((value * 1000).rounded() / 1000) m" }
