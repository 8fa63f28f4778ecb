import EmpowerBase
import EmpowerCore
import EmpowerEnvironments
import EmpowerRender
import EmpowerPlanning
import EmpowerSkills
import EmpowerTraining

/// `empower plan RUN_DIR --goal x,y`: picks a sequence of the run's skills that brings the
/// object to the goal, executes it in the environment, and reports predicted against achieved.
///
/// ```text
/// $ empower plan runs/push --goal 0.2,0.25 --planner simulate --out plan.gif
/// plan (simulate, beam B=4, L=4, H=50): skills 3 -> 7 (predicted final distance 0.021 m, 50 skill evaluations)
/// final distance: predicted 0.021 m, achieved 0.021 m, success (radius 0.05 m)
/// ```
public enum PlanCommand: Command {
    public static let name = "plan"
    public static let summary = "Plan a sequence of a run's skills that pushes the object to a goal, execute it, render it."
    public static let discussion = """
        The environment is the run's, reset with --seed, with the goal as its task argument.
        --planner model searches over a learned outcome model (fit on rollouts of the skills
        the first time, then kept in RUN_DIR/planning/; --refit fits it again); --planner
        simulate searches by running each candidate skill in the simulator from snapshots
        (exact, slower). Execution stops at the end of the plan, when the object is within
        --radius of the goal at a skill boundary, or when the episode ends. A goal with a
        negative first coordinate is written with '=': --goal=-0.2,0.1.
        """
    public static let options: [OptionSpec] = PlanningOptions.shared + [
        .option("goal", .string, valueName: "X,Y", help: "Where the object should go, in metres (required), e.g. 0.2,0.25."),
        .option("seed", .uint64, default: 0, help: "Seed of the environment's reset (the start state)."),
        .option("out", short: "o", .path(), valueName: "FILE.gif", help: "Write the executed plan as an animation."),
    ]
    public static let arguments: [ArgumentSpec] = [.required("RUN_DIR", help: "A run directory of a method that learned skills (DIAYN, SLIM).")]
    public static let examples: [CommandExample] = [
        CommandExample("empower plan runs/push --goal 0.2,0.25 --out plan.gif", "Beam search over the learned outcome model."),
        CommandExample("empower plan runs/push --goal=-0.1,0.3 --planner simulate --search greedy", "Greedy search in the simulator."),
        CommandExample("empower plan runs/push --goal 0.1,0.1 --replan --depth 6", "Search again after every executed skill."),
    ]

    public static func run(_ arguments: ParsedArguments, io: CommandIO) throws -> ExitCode {
        let command = arguments.commandName
        guard let goalText = arguments.string("goal") else {
            throw CommandLineError(.missingArgument, "'\(command)' needs --goal X,Y (metres, on the table)", context: ["command": command, "option": "--goal"])
        }
        let goal = try PlanningGoal.parse(goalText)
        if let out = arguments.string("out"), !out.lowercased().hasSuffix(".gif") {
            throw CommandLineError(.invalidValue, "--out must end in .gif, got '\(out)'", context: ["command": command, "option": "--out", "value": out])
        }
        let settings = try PlanningOptions.settings(from: arguments, predictor: arguments.choice("planner", as: SkillOutcomePredictor.self) ?? .model)
        let run = try SkillPlanningRun(path: arguments.positional("RUN_DIR") ?? "", catalog: io.catalog) { io.printError($0) }
        let planner = try SkillPlanner(settings: settings, skillCount: run.skillCount)
        var env = try run.makeEnvironment(goal: goal, maxEpisodeSteps: settings.depth * settings.horizon)
        io.print("run: \(run.runDirectory.path) (\(run.configuration.algorithm.rawValue), \(run.configuration.environment), \(run.skillCount) skills, step \(run.trainer.step))")
        let model = try PlanningOptions.model(for: run, settings: settings, arguments: arguments, io: io)

        let seed = arguments.uint64("seed") ?? 0
        let start = try env.reset(seed: seed).observation
        let startTarget = try SkillRunner.features([settings.target], of: env)
        io.print("goal (\(format(goal.x)), \(format(goal.y))); \(settings.target) starts at (\(format(startTarget[0])), \(format(startTarget[1])))")

        let out = arguments.string("out")
        var frames: [Frame] = []
        var trail = [SIMD2(startTarget[0], startTarget[1])]
        func caption(_ text: String) -> String { "goal (\(format(goal.x)), \(format(goal.y)))  \(text)" }
        if out != nil {
            frames.append(try PlanPictures.frame(of: &env, goal: goal, radius: settings.successRadius, trail: trail, planned: [], caption: caption("start")))
        }
        let result = try planner.run(in: &env, from: start, goal: goal, policy: run.policy, model: model) { env, progress in
            guard out != nil else { return }
            let xy = try SkillRunner.features([settings.target], of: env)
            trail.append(SIMD2(xy[0], xy[1]))
            let planned = [trail[0]] + progress.plan.predictedTargets
            let text = "skill \(progress.skill) (\(progress.segment + 1)/\(settings.depth)), step \(progress.step)"
            frames.append(try PlanPictures.frame(of: &env, goal: goal, radius: settings.successRadius, trail: trail, planned: planned, caption: caption(text)))
        }

        let how = "\(settings.predictor.rawValue), \(settings.strategy == .beam ? "beam B=\(settings.beamWidth)" : "greedy"), L=\(settings.depth), H=\(settings.horizon)"
        for (i, plan) in result.plans.enumerated() {
            let label = result.plans.count > 1 ? "plan \(i + 1)" : "plan"
            io.print("\(label) (\(how)): \(describe(plan.skills)) (predicted final distance \(format(plan.predictedDistance)) m, \(plan.expansions) skill evaluations)")
        }
        io.print("executed: \(describe(result.executedSkills)) in \(result.steps) steps\(result.terminated ? " (the episode ended: the object left the table)" : "")")
        var predicted = "predicted \(format(result.predictedDistance)) m"
        let executed = result.executedSkills.count
        if !settings.replan, let plan = result.plans.first, executed > 0, executed < plan.skills.count {
            predicted += " for the whole plan, \(format(length(plan.predictedTargets[executed - 1] - goal))) m after the \(executed) executed"
        }
        io.print("final distance: start \(format(result.startDistance)) m, \(predicted), achieved \(format(result.achievedDistance)) m, \(result.success ? "success" : "not reached") (radius \(format(settings.successRadius)) m)")
        if let out, let last = frames.last {
            for _ in 0..<20 { frames.append(last) }  // hold the last frame for a second
            try GIFWriter.write(frames, to: out)
            io.print("wrote \(out): \(frames.count) frames of \(last.width)x\(last.height)")
        }
        return .success
    }

    static func describe(_ skills: [Int]) -> String { skills.isEmpty ? "no skill" : "skills " + skills.map(String.init).joined(separator: " -> ") }
    static func format(_ value: Float) -> String { BenchNNCommand.format(Double(value), 3) }
}

/// The options `plan` and `experiment downstream` share, and reading them into planner settings.
enum PlanningOptions {
    /// Everything but the choice of planner (`plan` takes one, `experiment downstream` a list).
    static let search: [OptionSpec] = [
        .option("search", .choice(of: SkillSearchStrategy.self), default: "beam", help: "Greedy search or beam search over skill sequences."),
        .option("depth", .int(in: 1...64), default: 4, help: "L: the most skills a plan executes."),
        .option("beam", .int(in: 1...4096), default: 4, help: "B: sequences kept per depth by beam search."),
        .option("horizon", .int(in: 1...10_000), default: 50, help: "H: environment steps each skill runs."),
        .option("radius", .double(in: 0.001...10), default: 0.05, help: "Success radius around the goal (m)."),
        .flag("replan", help: "Search again after every executed skill (model-predictive control)."),
        .option("positions", .string, default: "object0,end_effector", help: "Positions the outcome model predicts (the first is the one brought to the goal)."),
        .option("episodes", .int(in: 1...100_000), default: 250, help: "Rollout episodes (of 4 skills) to fit the outcome model on."),
        .flag("refit", help: "Fit the outcome model again even if RUN_DIR/planning/ has one."),
    ]
    static let shared: [OptionSpec] =
        [.option("planner", .choice(of: SkillOutcomePredictor.self), default: "model", help: "What predicts a skill's outcome: the learned model or the simulator.")] + search

    static func positions(from arguments: ParsedArguments) -> [String] {
        PlanningGoal.positions(arguments.string("positions") ?? "object0,end_effector")
    }

    static func settings(from arguments: ParsedArguments, predictor: SkillOutcomePredictor) throws -> SkillPlannerSettings {
        let positions = positions(from: arguments)
        guard let target = positions.first else {
            throw CommandLineError(.invalidValue, "--positions must name at least one position, e.g. object0,end_effector", context: ["option": "--positions"])
        }
        var settings = SkillPlannerSettings()
        settings.predictor = predictor
        settings.strategy = arguments.choice("search", as: SkillSearchStrategy.self) ?? .beam
        settings.depth = arguments.int("depth") ?? 4
        settings.beamWidth = arguments.int("beam") ?? 4
        settings.horizon = arguments.int("horizon") ?? 50
        settings.successRadius = Float(arguments.double("radius") ?? 0.05)
        settings.replan = arguments.flag("replan")
        settings.target = target
        try settings.validate()
        return settings
    }

    /// The outcome model when the model predictor is chosen (loaded or fit, and reported).
    static func model(for run: SkillPlanningRun, settings: SkillPlannerSettings, arguments: ParsedArguments, io: CommandIO) throws -> SkillPlanner.Model? {
        guard settings.predictor == .model else { return nil }
        let positions = positions(from: arguments)
        let collection = SkillPlanningRun.Collection(episodes: arguments.int("episodes") ?? 250)
        let (model, provenance, fitted) = try run.outcomeModel(
            horizon: settings.horizon, positions: positions, collection: collection, refit: arguments.flag("refit")) { io.printError($0) }
        let fit = provenance.fit
        let path = run.outcomeModelPath(horizon: settings.horizon, positions: positions)
        io.print("outcome model: \(fitted ? "fit and saved" : "loaded") \(path)")
        let errors = positions.enumerated().map { i, name in
            "\(name) \(PlanCommand.format(fit.positionErrors[i])) m (no change \(PlanCommand.format(fit.unchangedErrors[i])), skill mean \(PlanCommand.format(fit.skillMeanErrors[i])))"
        }
        io.print("  \(fit.trainingExamples) training / \(fit.heldOutExamples) held-out skill runs; held-out error: \(errors.joined(separator: "; "))")
        return SkillPlanner.Model(model, positions: positions)
    }
}
