import EmpowerBase
import EmpowerCore


/// What predicts a skill's outcome while planning.
public enum SkillOutcomePredictor: String, Sendable, CaseIterable {
    /// The learned ``SkillOutcomeModel``: cheap, approximate.
    case model
    /// The environment itself: `restore(_:)` a snapshot, run the skill, `snapshot()`. Exact,
    /// and costs H environment steps and policy actions per evaluated skill.
    case simulate
}

/// How a ``SkillPlanner`` plans and executes.
public struct SkillPlannerSettings: Sendable, Hashable {
    /// Model or simulator (default `.model`).
    public var predictor: SkillOutcomePredictor = .model
    /// Greedy or beam search (default `.beam`).
    public var strategy: SkillSearchStrategy = .beam
    /// L: most skills executed in total (default 4).
    public var depth = 4
    /// B: sequences kept per depth by beam search (default 4).
    public var beamWidth = 4
    /// H: environment steps each skill runs (default 50).
    public var horizon = 50
    /// Model-predictive control: after each executed skill, search again from the state
    /// reached, over the remaining L - executed skills (default false: execute the first plan).
    public var replan = false
    /// Success: the target within this distance of the goal, in metres (default 0.05).
    public var successRadius: Float = 0.05
    /// The position brought to the goal (default `"object0"`).
    public var target = "object0"

    public init(
        predictor: SkillOutcomePredictor = .model, strategy: SkillSearchStrategy = .beam, depth: Int = 4, beamWidth: Int = 4,
        horizon: Int = 50, replan: Bool = false, successRadius: Float = 0.05, target: String = "object0"
    ) {
        self.predictor = predictor
        self.strategy = strategy
        self.depth = depth
        self.beamWidth = beamWidth
        self.horizon = horizon
        self.replan = replan
        self.successRadius = successRadius
        self.target = target
    }

    /// - Throws: ``PlanningError`` `.invalidSetting` for a horizon below 1 or a radius that is
    ///   not a positive number (depth and beam width are checked by ``SkillSearch``).
    public func validate() throws(PlanningError) {
        guard (1...100_000).contains(horizon) else { throw .setting("horizon", horizon, allowed: "1 to 100000 steps") }
        guard successRadius.isFinite, successRadius > 0 else { throw .setting("radius", successRadius, allowed: "a positive distance in metres") }
    }
}

/// One search's answer, in the target's terms.
public struct SkillPlanSegment: Sendable, Hashable {
    /// The skills the search chose (empty when doing nothing was best).
    public var skills: [Int]
    /// The predicted target position after each of them.
    public var predictedTargets: [SIMD2<Float>]
    /// The predicted target-to-goal distance at the end of the plan.
    public var predictedDistance: Float
    /// Outcome evaluations the search made.
    public var expansions: Int
}

/// Where execution is, for the per-step callback (pictures, logs).
public struct SkillPlanProgress: Sendable {
    /// Index of the executing skill among all executed skills.
    public var segment: Int
    /// The skill being executed.
    public var skill: Int
    /// The plan it came from.
    public var plan: SkillPlanSegment
    /// Steps of this skill taken so far (1 after its first step).
    public var step: Int
}

/// What ``SkillPlanner/run(in:from:goal:policy:model:onStep:)`` did.
public struct SkillPlanningResult: Sendable {
    public var goal: SIMD2<Float>
    /// Every search made (one without replanning).
    public var plans: [SkillPlanSegment]
    /// The skills executed, in order.
    public var executedSkills: [Int]
    /// Target-to-goal distance before anything ran.
    public var startDistance: Float
    /// The first plan's predicted final distance.
    public var predictedDistance: Float
    /// Target-to-goal distance when execution stopped.
    public var achievedDistance: Float
    /// `achievedDistance <= successRadius`.
    public var success: Bool
    /// Environment steps executed.
    public var steps: Int
    /// The episode was terminated (for the tabletop: the object left the table).
    public var terminated: Bool
}

/// Reaching a goal for an object with learned skills: search skill sequences with a
/// ``SkillSearch`` over predicted outcomes, then run the chosen skills in the environment.
///
/// Cost of a plan: the distance |p_target - goal| after the sequence (the search keeps the
/// best prefix, so a plan may stop early). Execution runs the plan's skills for H steps each
/// and stops early when the target is within ``SkillPlannerSettings/successRadius`` at a skill
/// boundary or the episode ends; with ``SkillPlannerSettings/replan`` it runs only the first
/// skill of each plan and searches again from where it got.
///
/// The `simulate` predictor searches in the live environment: it takes a snapshot, restores
/// candidates' snapshots while searching, and restores the start before executing. Execution
/// then takes a snapshot at every skill boundary too, exactly as the search did, so the
/// executed trajectory equals the simulated one bit for bit (a snapshot rebuilds the Box2D
/// world, which nudges a trajectory by about 1e-3 m per 100 steps; doing it at the same points
/// keeps both paths identical).
///
/// ```swift
/// let planner = try SkillPlanner(settings: .init(predictor: .simulate, depth: 3), skillCount: 10)
/// var env: any Environment = try TabletopPush(goal: [0.2, 0.25])
/// let start = try env.reset(seed: 4).observation
/// let result = try planner.run(in: &env, from: start, goal: [0.2, 0.25], policy: policy, model: nil)
/// result.executedSkills   // e.g. [7, 2, 2]
/// ```
public struct SkillPlanner: Sendable {
    public let settings: SkillPlannerSettings
    public let skillCount: Int

    /// - Throws: ``PlanningError`` `.noSkills` for K = 0, `.invalidSetting` for bad settings.
    public init(settings: SkillPlannerSettings, skillCount: Int) throws(PlanningError) {
        guard skillCount >= 1 else {
            throw PlanningError(.noSkills, "this run learned no skills (skills = \(skillCount)); plan over a DIAYN or SLIM run", context: ["skills": "\(skillCount)"])
        }
        try settings.validate()
        _ = try SkillSearch(skillCount: skillCount, depth: settings.depth, strategy: settings.strategy, beamWidth: settings.beamWidth)
        self.settings = settings
        self.skillCount = skillCount
    }

    /// A learned model and the positions its features are made of (which must include the target).
    public struct Model {
        public var model: SkillOutcomeModel
        public var positions: [String]
        public init(_ model: SkillOutcomeModel, positions: [String]) {
            self.model = model
            self.positions = positions
        }
    }

    /// Plans from the environment's current state (`observation` is its last observation) and
    /// executes the plan, calling `onStep` after every executed step.
    ///
    /// - Throws: ``PlanningError`` `.missingPosition` when the environment lacks the target,
    ///   `.snapshotUnsupported` for `simulate` in an environment without snapshots,
    ///   `.invalidSetting` when the `model` predictor gets no model or one of the wrong shape;
    ///   the environment's and policy's errors as they are.
    public func run(
        in env: inout any Environment, from observation: [Float], goal: SIMD2<Float>, policy: SkillPolicy, model: Model?,
        onStep: (inout any Environment, SkillPlanProgress) throws -> Void = { _, _ in }
    ) throws -> SkillPlanningResult {
        if settings.predictor == .model { try check(model) }
        let startTarget = try target(of: env)
        let startDistance = length(startTarget - goal)
        var result = SkillPlanningResult(
            goal: goal, plans: [], executedSkills: [], startDistance: startDistance, predictedDistance: startDistance,
            achievedDistance: startDistance, success: startDistance <= settings.successRadius, steps: 0, terminated: false)
        var observation = observation
        execution: while result.executedSkills.count < settings.depth, !result.success {
            let remaining = settings.replan ? settings.depth - result.executedSkills.count : settings.depth
            let plan = try search(in: &env, observation: observation, goal: goal, depth: remaining, policy: policy, model: model)
            if result.plans.isEmpty { result.predictedDistance = plan.predictedDistance }
            result.plans.append(plan)
            if plan.skills.isEmpty { break }
            for skill in settings.replan ? Array(plan.skills.prefix(1)) : plan.skills {
                if settings.predictor == .simulate { _ = try env.snapshot() }
                let segment = result.executedSkills.count
                var stepInSkill = 0
                let run = try SkillRunner.run(skill, horizon: settings.horizon, from: observation, in: &env, policy: policy) { env in
                    stepInSkill += 1
                    try onStep(&env, SkillPlanProgress(segment: segment, skill: skill, plan: plan, step: stepInSkill))
                }
                observation = run.observation
                result.executedSkills.append(skill)
                result.steps += run.steps
                result.achievedDistance = length(try target(of: env) - goal)
                result.success = result.achievedDistance <= settings.successRadius
                result.terminated = run.isTerminated
                if run.isDone || result.success { break execution }
            }
            if !settings.replan { break }
        }
        return result
    }

    /// One search from the environment's current state.
    func search(
        in env: inout any Environment, observation: [Float], goal: SIMD2<Float>, depth: Int, policy: SkillPolicy, model: Model?
    ) throws -> SkillPlanSegment {
        let search = try SkillSearch(skillCount: skillCount, depth: depth, strategy: settings.strategy, beamWidth: settings.beamWidth)
        switch settings.predictor {
        case .model:
            guard let model else { throw PlanningError.setting("model", "none", allowed: "a fitted outcome model for the model predictor") }
            let t = 2 * (model.positions.firstIndex(of: settings.target) ?? 0)
            let root = try SkillRunner.features(model.positions, of: env)
            func targetOf(_ s: [Float]) -> SIMD2<Float> { SIMD2(s[t], s[t + 1]) }
            let plan = try search.search(from: root, cost: { length(targetOf($0) - goal) }, outcome: { s, z in model.model.predict(s, skill: z) })
            return SkillPlanSegment(skills: plan.skills, predictedTargets: plan.states.map(targetOf), predictedDistance: plan.finalCost, expansions: plan.expansions)
        case .simulate:
            let root = SimulatedState(snapshot: try snapshot(of: env), observation: observation, target: try target(of: env), isDone: false)
            let plan = try search.search(from: root, cost: { length($0.target - goal) }) { state, skill -> SimulatedState? in
                guard !state.isDone else { return nil }
                try env.restore(state.snapshot)
                let run = try SkillRunner.run(skill, horizon: settings.horizon, from: state.observation, in: &env, policy: policy)
                if run.isTerminated { return nil }
                return SimulatedState(snapshot: try env.snapshot(), observation: run.observation, target: try target(of: env), isDone: run.isDone)
            }
            try env.restore(root.snapshot)
            return SkillPlanSegment(skills: plan.skills, predictedTargets: plan.states.map(\.target), predictedDistance: plan.finalCost, expansions: plan.expansions)
        }
    }

    /// A node of the simulated search: the environment's exact state after a skill sequence.
    struct SimulatedState {
        var snapshot: EnvironmentSnapshot
        var observation: [Float]
        var target: SIMD2<Float>
        var isDone: Bool
    }

    func target(of env: any Environment) throws(PlanningError) -> SIMD2<Float> {
        let xy = try SkillRunner.features([settings.target], of: env)
        return SIMD2(xy[0], xy[1])
    }

    /// `env.snapshot()`, with an unsupported capability reported as `.snapshotUnsupported`.
    func snapshot(of env: any Environment) throws -> EnvironmentSnapshot {
        do {
            return try env.snapshot()
        } catch let error as EnvironmentError where error.code == .unsupported {
            throw PlanningError(
                .snapshotUnsupported,
                "\(env.spec.id) has no snapshot()/restore(_:), which the simulate planner needs; use --planner model",
                context: ["environment": env.spec.id])
        }
    }

    func check(_ model: Model?) throws(PlanningError) {
        guard let model else { throw .setting("model", "none", allowed: "a fitted outcome model for the model predictor") }
        guard model.positions.contains(settings.target) else {
            throw .setting("positions", model.positions, allowed: "a list that contains the target '\(settings.target)'")
        }
        guard model.model.skillCount == skillCount, model.model.featureCount == 2 * model.positions.count else {
            throw PlanningError(
                .incompatibleModel,
                "the outcome model has \(model.model.skillCount) skills and \(model.model.featureCount) features; this plan needs \(skillCount) skills and \(2 * model.positions.count) features; refit it",
                context: ["skills": "\(model.model.skillCount)", "features": "\(model.model.featureCount)"])
        }
    }
}

/// The Euclidean length of a 2-vector.
@inline(__always) func length(_ v: SIMD2<Float>) -> Float { (v * v).sum().squareRoot() }
