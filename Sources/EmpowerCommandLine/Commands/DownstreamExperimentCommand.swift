import EmpowerBase
import EmpowerCore
import EmpowerEnvironments
import EmpowerPlanning
import EmpowerSkills
import EmpowerTraining

/// `empower experiment downstream`: push the object into a goal region for a fixed, seeded list
/// of goals, with the planner over each skill run's skills and with policies trained directly
/// on the task.
///
/// Protocol (written out in Sources/EmpowerPlanning/README.md):
/// - Tasks: `--goals` goals (default 20) from ``DownstreamTask/make``: start state from a
///   seeded reset of the environment, goal uniform in x ∈ [-0.35, 0.35], y ∈ [-0.2, 0.3]
///   (where objects start) at least 0.1 m from the object.
/// - Skill runs (`--skills LABEL=RUN_DIR`, repeatable; several runs of one label are seeds):
///   every task with every planner of `--planners`, L skills of H steps at most.
/// - Task runs (`--task-run RUN_DIR`, repeatable: a policy without skills, e.g. PPO trained
///   with `environment_arguments.goal` set to one task's goal): the policy runs L x H steps on
///   the task whose goal it was trained on. `--list-goals` prints the tasks with the command
///   line that trains such a run.
/// - Success: the object within `--radius` of the goal when execution ends.
/// - `--protocol zero-shot`: instead of planning, every distance-based skill run (LSD, METRA,
///   CSD) steers toward the goal with ``ZeroShotGoalReaching``: the skill
///   (phi(g) - phi(s)) / ||phi(g) - phi(s)||, re-chosen every `--interval` steps, for at most
///   `--zero-shot-steps` steps; success when the target comes within `--radius` of the goal.
public enum DownstreamExperimentCommand: Command {
    public static let name = "downstream"
    public static let summary = "Success rate of planning over skills, and of task-trained policies, on seeded pushing goals."
    public static let discussion = """
        Skill runs are planned over with every planner in --planners (model, simulate); a
        task run (no skills, trained with environment_arguments.goal) is scored on the task
        whose goal it was trained on. Rates are per run, then mean and range over the runs of
        a label. --list-goals prints the goals and the command that trains a task run for each.
        With --protocol zero-shot, LSD, METRA and CSD runs reach each goal without planning or
        training: every --interval steps the skill is the direction from phi(s) to phi(g),
        where g is the observation with --goal-features (the target's x and y) set to the
        goal; a task succeeds when the first of --positions comes within --radius of the goal
        within --zero-shot-steps steps. --region sets where goals are drawn (default: where
        TabletopPush-v0's objects start); e.g. --env PointMass-v0 --positions agent --region
        -0.9,-0.9,0.9,0.9.
        """
    public static let options: [OptionSpec] = PlanningOptions.search + [
        .repeatable("skills", .keyValue, help: "LABEL=RUN_DIR: a run with skills (repeat a label for seeds), e.g. diayn=runs/diayn-push-s0."),
        .repeatable("task-run", .string, valueName: "RUN_DIR", help: "A run without skills trained on one task's goal (e.g. PPO)."),
        .option("planners", .string, default: "model,simulate", help: "Planners to evaluate skill runs with: model, simulate or both."),
        .option("env", .string, valueName: "ID", default: "TabletopPush-v0", help: "The environment the tasks are drawn in."),
        .option("goals", .int(in: 1...1000), default: 20, help: "Number of goals."),
        .option("seed", .uint64, default: 0, help: "Seed of the goal list."),
        .flag("list-goals", help: "Print the goals (and how to train a task run for each) and stop."),
        .option("out", .path(), valueName: "FILE.md", help: "Also write the table and every attempt as Markdown."),
        .option("protocol", .choice(["planner", "zero-shot"]), default: "planner", help: "Plan over skills, or steer distance-based skills toward the goal with no planning (zero-shot)."),
        .option("region", .string, valueName: "X0,Y0,X1,Y1", help: "The rectangle goals are drawn in (default -0.35,-0.2,0.35,0.3: where TabletopPush-v0's objects start)."),
        .option("goal-features", .string, valueName: "FEATURES", default: "all", help: "Zero-shot: the observation entries holding the target's x and y (a feature group, 'all' or two indices)."),
        .option("zero-shot-steps", .int(in: 1...100_000), default: 200, help: "Zero-shot: the most environment steps per goal."),
        .option("interval", .int(in: 1...10_000), default: 1, help: "Zero-shot: steps between choices of the skill."),
    ]
    public static let examples: [CommandExample] = [
        CommandExample("empower experiment downstream --list-goals", "The 20 goals and the PPO command line for each."),
        CommandExample(
            "empower experiment downstream --skills diayn=runs/diayn-push-s0 --skills slim=runs/slim-push-s0 --task-run runs/ppo-goal0",
            "The table for one DIAYN run, one SLIM run and one PPO run."),
        CommandExample(
            "empower experiment downstream --protocol zero-shot --skills metra=runs/metra-pointmass --env PointMass-v0 --positions agent --region -0.9,-0.9,0.9,0.9 --goals 100",
            "METRA's skills steered to 100 goals with no planning or training."),
    ]

    /// Where goals are drawn: the region objects start in (see TabletopPush-v0).
    static let goalRegion = (minimum: SIMD2<Float>(-0.35, -0.2), maximum: SIMD2<Float>(0.35, 0.3))
    static let minimumGoalDistance: Float = 0.1

    public static func run(_ arguments: ParsedArguments, io: CommandIO) throws -> ExitCode {
        let command = arguments.commandName
        let settings = try PlanningOptions.settings(from: arguments, predictor: .model)
        let catalog = io.catalog
        let environment = arguments.string("env") ?? "TabletopPush-v0"
        try EnvironmentSelection.requireKnown(environment, in: catalog, command: command)
        var taskEnvironment = try catalog.make(environment)
        let seed = arguments.uint64("seed") ?? 0
        let tasks = try DownstreamTask.make(
            count: arguments.int("goals") ?? 20, seed: seed, in: &taskEnvironment, target: settings.target, region: try region(from: arguments),
            minimumDistance: minimumGoalDistance)
        if arguments.flag("list-goals") {
            var table = TextTable(["task", "reset seed", "goal", "object start", "distance (m)", "train a task run on it"])
            for task in tasks {
                table.append([
                    "\(task.index)", "\(task.resetSeed)", point(task.goal), point(task.start), PlanCommand.format(length(task.start - task.goal)),
                    "empower train --algo ppo --env \(environment) --set 'environment_arguments.goal=[\(task.goal.x),\(task.goal.y)]'",
                ])
            }
            io.printTable(table)
            return .success
        }

        let zeroShot = arguments.string("protocol") == "zero-shot"
        var planners: [SkillOutcomePredictor] = []
        for word in PlanningGoal.positions(arguments.string("planners") ?? "model,simulate") {
            guard let planner = SkillOutcomePredictor(rawValue: word) else {
                throw CommandLineError(.invalidValue, "--planners takes model, simulate or both (comma-separated), got '\(word)'", context: ["command": command, "option": "--planners", "value": word])
            }
            if !planners.contains(planner) { planners.append(planner) }
        }
        let skillRuns = arguments.keyValues("skills")
        let taskRuns = arguments.strings("task-run")
        guard !skillRuns.isEmpty || !taskRuns.isEmpty else {
            throw CommandLineError(.missingArgument, "'\(command)' needs at least one --skills LABEL=RUN_DIR or --task-run RUN_DIR (or --list-goals)", context: ["command": command])
        }

        // Every run is opened and checked before any planning, so a wrong path fails at once.
        let skillPlanningRuns = try skillRuns.map { label, path in
            let run = try open(path, environment: environment, catalog: catalog, io: io)
            guard run.skillCount > 0 else {
                throw PlanningError(.noSkills, "\(path) learned no skills (\(run.configuration.algorithm.rawValue)); pass it as --task-run", context: ["run": path])
            }
            return (label, run)
        }
        let taskPlanningRuns = try taskRuns.map { try open($0, environment: environment, catalog: catalog, io: io) }

        var rows: [Row] = []
        if zeroShot {
            let reaching = try ZeroShotGoalReaching(
                steps: arguments.int("zero-shot-steps") ?? 200, interval: arguments.int("interval") ?? 1, successRadius: settings.successRadius,
                target: settings.target, goalIndices: try goalIndices(from: arguments, environment: taskEnvironment))
            for (label, run) in skillPlanningRuns {
                let attempts = try tasks.map { try reaching.attempt($0, run: run) }
                io.print("\(run.runDirectory.path), zero-shot: \(attempts.filter(\.success).count)/\(attempts.count) goals reached (\(TrainingSession.percent(Double(attempts.filter(\.success).count) / Double(max(attempts.count, 1)))))")
                rows.append(Row(label: label, method: "zero-shot", run: run, attempts: attempts))
            }
        }
        for (label, run) in skillPlanningRuns where !zeroShot {
            for predictor in planners {
                var planned = settings
                planned.predictor = predictor
                let attempts = try planOverSkills(run, tasks: tasks, settings: planned, arguments: arguments, io: io)
                rows.append(Row(label: label, method: "planner (\(predictor.rawValue))", run: run, attempts: attempts))
            }
        }
        for run in taskPlanningRuns {
            rows.append(Row(label: run.configuration.algorithm.rawValue, method: "task policy", run: run, attempts: try runTaskPolicy(run, tasks: tasks, settings: settings, io: io)))
        }

        let taskRunGoals = Set(rows.filter { $0.method == "task policy" }.flatMap { $0.attempts.map(\.task) }).sorted()
        let summary = summarize(rows, taskRunGoals: taskRunGoals)
        io.print("")
        io.printTable(summary)
        let how = zeroShot
            ? "zero-shot: the skill toward phi(goal) every \(arguments.int("interval") ?? 1) steps, at most \(arguments.int("zero-shot-steps") ?? 200) steps, radius \(PlanCommand.format(settings.successRadius)) m"
            : "L=\(settings.depth) skills of H=\(settings.horizon) steps, \(settings.strategy == .beam ? "beam B=\(settings.beamWidth)" : "greedy")\(settings.replan ? ", replanning" : ""), radius \(PlanCommand.format(settings.successRadius)) m"
        let meanStart = tasks.map { Double(length($0.start - $0.goal)) }.reduce(0, +) / Double(tasks.count)
        io.print("\(tasks.count) goals (seed \(seed)) on \(environment), mean start distance \(BenchNNCommand.format(meanStart, 3)) m; \(how)")
        if let out = arguments.string("out") {
            try AtomicFile.write(Array(markdown(summary: summary, rows: rows, tasks: tasks, how: "mean start distance \(BenchNNCommand.format(meanStart, 3)) m; \(how)", seed: seed).utf8), to: out)
            io.print("wrote \(out)")
        }
        return .success
    }

    /// `--region X0,Y0,X1,Y1`, or where TabletopPush-v0's objects start.
    /// - Throws: ``CommandLineError`` `.invalidValue` for anything but four numbers.
    static func region(from arguments: ParsedArguments) throws -> (minimum: SIMD2<Float>, maximum: SIMD2<Float>) {
        guard let text = arguments.string("region") else { return goalRegion }
        let values = text.split(separator: ",").compactMap { Float($0.trimmingCharacters(in: .whitespaces)) }
        guard values.count == 4, values.allSatisfy(\.isFinite), values[0] < values[2], values[1] < values[3] else {
            throw CommandLineError(
                .invalidValue, "--region takes X0,Y0,X1,Y1 with X0 < X1 and Y0 < Y1 (e.g. -0.9,-0.9,0.9,0.9), got '\(text)'",
                context: ["command": arguments.commandName, "option": "--region", "value": text])
        }
        return (SIMD2(values[0], values[1]), SIMD2(values[2], values[3]))
    }

    /// The two observation entries `--goal-features` names (the target's x and y).
    /// - Throws: ``CommandLineError`` `.invalidValue` unless they are exactly two entries.
    static func goalIndices(from arguments: ParsedArguments, environment: any Environment) throws -> [Int] {
        let text = arguments.string("goal-features") ?? "all"
        let size = environment.observationSpace.flatSize
        let selection = try? FeatureSelection.resolve(text, observationSize: size, groups: environment.spec.featureGroups, field: "--goal-features").get()
        guard let indices = selection?.indices, indices.count == 2, indices.allSatisfy({ (0..<size).contains($0) }) else {
            let groups = environment.spec.featureGroups.keys.sorted()
            throw CommandLineError(
                .invalidValue,
                "--goal-features must select the 2 observation entries that hold the target's x and y; '\(text)' selects \(selection.map { "\($0.indices)" } ?? "nothing") of \(environment.spec.id)'s \(size)\(groups.isEmpty ? "" : " (feature groups: \(groups.joined(separator: ", ")))")",
                context: ["command": arguments.commandName, "option": "--goal-features", "value": text])
        }
        return indices
    }

    /// One (label, method, run) line: its attempt on every task it was evaluated on.
    struct Row {
        var label: String
        var method: String
        var run: SkillPlanningRun
        var attempts: [DownstreamAttempt]
        var successRate: Double { attempts.isEmpty ? 0 : Double(attempts.filter(\.success).count) / Double(attempts.count) }
    }

    static func open(_ path: String, environment: String, catalog: EnvironmentCatalog, io: CommandIO) throws -> SkillPlanningRun {
        let run = try SkillPlanningRun(path: path, catalog: catalog) { io.printError($0) }
        guard run.configuration.environment == environment else {
            throw CommandLineError(
                .invalidValue, "\(path) was trained on \(run.configuration.environment), the tasks are on \(environment); pass --env \(run.configuration.environment) or another run",
                context: ["run": path, "environment": run.configuration.environment])
        }
        return run
    }

    static func planOverSkills(_ run: SkillPlanningRun, tasks: [DownstreamTask], settings: SkillPlannerSettings, arguments: ParsedArguments, io: CommandIO) throws -> [DownstreamAttempt] {
        let planner = try SkillPlanner(settings: settings, skillCount: run.skillCount)
        let model = try PlanningOptions.model(for: run, settings: settings, arguments: arguments, io: io)
        var attempts: [DownstreamAttempt] = []
        for task in tasks {
            var env = try run.makeEnvironment(goal: task.goal, maxEpisodeSteps: settings.depth * settings.horizon)
            let start = try env.reset(seed: task.resetSeed).observation
            let result = try planner.run(in: &env, from: start, goal: task.goal, policy: run.policy, model: model)
            attempts.append(DownstreamAttempt(
                task: task.index, startDistance: result.startDistance, finalDistance: result.achievedDistance, success: result.success,
                steps: result.steps, skills: result.executedSkills))
        }
        let rate = Double(attempts.filter(\.success).count) / Double(max(attempts.count, 1))
        io.print("\(run.runDirectory.path), planner \(settings.predictor.rawValue): \(attempts.filter(\.success).count)/\(attempts.count) goals reached (\(TrainingSession.percent(rate)))")
        return attempts
    }

    /// A run without skills, on the task whose goal it was trained on.
    static func runTaskPolicy(_ run: SkillPlanningRun, tasks: [DownstreamTask], settings: SkillPlannerSettings, io: CommandIO) throws -> [DownstreamAttempt] {
        let path = run.runDirectory.path
        guard run.skillCount == 0 else {
            throw CommandLineError(.invalidValue, "\(path) learned \(run.skillCount) skills; pass it as --skills LABEL=\(path)", context: ["run": path])
        }
        guard case .floats(let values)? = run.configuration.catalogArguments["goal"], values.count == 2 else {
            throw PlanningError(.invalidGoal, "\(path) was not trained on a goal (no environment_arguments.goal); train it with --set 'environment_arguments.goal=[X,Y]' as 'experiment downstream --list-goals' prints", context: ["run": path])
        }
        let goal = SIMD2(values[0], values[1])
        guard let task = tasks.first(where: { length($0.goal - goal) < 1e-4 }) else {
            throw PlanningError(
                .invalidGoal, "\(path) was trained on goal (\(goal.x), \(goal.y)), which is not one of the \(tasks.count) goals of this seed; see 'experiment downstream --list-goals'",
                context: ["run": path])
        }
        let steps = settings.depth * settings.horizon
        var env = try run.makeEnvironment(goal: task.goal, maxEpisodeSteps: steps)
        let start = try env.reset(seed: task.resetSeed).observation
        let attempt = try DownstreamAttempt.runPolicy(run.policy, task: task, in: &env, from: start, steps: steps, target: settings.target, successRadius: settings.successRadius)
        io.print("\(path), task policy on goal \(task.index): final distance \(PlanCommand.format(attempt.finalDistance)) m, \(attempt.success ? "reached" : "not reached")")
        return [attempt]
    }

    /// Success per run, then mean and range over the runs of each (label, method).
    static func summarize(_ rows: [Row], taskRunGoals: [Int]) -> TextTable {
        var table = TextTable(["method", "solver", "runs", "env steps per run", "goals", "success (mean, range over runs)", "mean final distance (m)", "success on the task runs' goals"])
        var groups: [(key: String, rows: [Row])] = []
        for row in rows {
            let key = "\(row.label)|\(row.method)"
            if let i = groups.firstIndex(where: { $0.key == key }) { groups[i].rows.append(row) } else { groups.append((key, [row])) }
        }
        for (_, members) in groups {
            let rates = members.map(\.successRate)
            let distances = members.flatMap { $0.attempts.map { Double($0.finalDistance) } }
            let onTaskGoals = members.flatMap { $0.attempts.filter { taskRunGoals.contains($0.task) } }
            let steps = Set(members.map { $0.run.trainer.step }).sorted().map(String.init).joined(separator: ", ")
            table.append([
                members[0].label, members[0].method, "\(members.count)", steps, "\(members.map(\.attempts.count).reduce(0, +))",
                rangeText(rates), BenchNNCommand.format(distances.reduce(0, +) / Double(max(distances.count, 1)), 3),
                onTaskGoals.isEmpty ? "-" : "\(onTaskGoals.filter(\.success).count)/\(onTaskGoals.count)",
            ])
        }
        return table
    }

    static func rangeText(_ rates: [Double]) -> String {
        let mean = rates.reduce(0, +) / Double(max(rates.count, 1))
        guard rates.count > 1, let low = rates.min(), let high = rates.max() else { return TrainingSession.percent(mean) }
        return "\(TrainingSession.percent(mean)) (\(TrainingSession.percent(low))-\(TrainingSession.percent(high)))"
    }

    static func markdown(summary: TextTable, rows: [Row], tasks: [DownstreamTask], how: String, seed: UInt64) -> String {
        var text = "| " + summary.headers.joined(separator: " | ") + " |\n|" + String(repeating: "---|", count: summary.headers.count) + "\n"
        for row in summary.rows { text += "| " + row.joined(separator: " | ") + " |\n" }
        text += "\n\(tasks.count) goals (seed \(seed)); \(how).\n\n"
        text += "| task | goal | start distance (m) | " + rows.map { "\($0.label) \($0.method) \($0.run.runDirectory.path)" }.joined(separator: " | ") + " |\n"
        text += "|" + String(repeating: "---|", count: 3 + rows.count) + "\n"
        for task in tasks {
            let cells = rows.map { row -> String in
                guard let attempt = row.attempts.first(where: { $0.task == task.index }) else { return "" }
                let skills = attempt.skills.isEmpty ? "" : " [\(attempt.skills.map(String.init).joined(separator: ","))]"
                return "\(PlanCommand.format(attempt.finalDistance))\(attempt.success ? " ✓" : "")\(skills)"
            }
            text += "| \(task.index) | \(point(task.goal)) | \(PlanCommand.format(length(task.start - task.goal))) | " + cells.joined(separator: " | ") + " |\n"
        }
        return text
    }

    static func point(_ p: SIMD2<Float>) -> String { "(\(PlanCommand.format(p.x)), \(PlanCommand.format(p.y)))" }
}

/// The Euclidean length of a 2-vector.
func length(_ v: SIMD2<Float>) -> Float { (v * v).sum().squareRoot() }
