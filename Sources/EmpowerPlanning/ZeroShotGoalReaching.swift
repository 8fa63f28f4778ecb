import EmpowerBase
import EmpowerCore
import EmpowerNN
import EmpowerTraining

/// Zero-shot goal reaching with distance-based skills (LSD, METRA, CSD): no training on the
/// task. Every `interval` steps the skill is re-chosen from d = phi(g) - phi(s), where g is the
/// current observation with the entries that hold the target's position (`goalIndices`) set
/// to the goal:
///
///     continuous skills:  z = d / ||d||
///     K discrete skills:  the k maximizing d^T z_k, z_k = (K onehot(k) - 1) / (K - 1),
///                         which is the k of the largest entry of d
///
/// and the policy acts with it (its mean action). Since the distance-based objective rewards
/// (phi(s') - phi(s))^T z, a skill moves phi along z, toward phi(g). The task ends when the target is within `successRadius` of the goal (success) or
/// after `steps` steps.
///
/// ```swift
/// let reaching = try ZeroShotGoalReaching(steps: 100, interval: 1, successRadius: 0.05, target: "agent", goalIndices: [0, 1])
/// let attempt = try reaching.attempt(task, run: run)
/// ```
public struct ZeroShotGoalReaching: Sendable {
    /// The most environment steps per task.
    public var steps: Int
    /// Steps between choices of the skill.
    public var interval: Int
    public var successRadius: Float
    /// The position brought to the goal (`env.positions`).
    public var target: String
    /// The observation entries (x, y) that hold the target's position.
    public var goalIndices: [Int]

    /// - Throws: ``PlanningError`` `.invalidSetting` naming the setting that is out of range.
    public init(steps: Int, interval: Int, successRadius: Float, target: String, goalIndices: [Int]) throws(PlanningError) {
        guard steps >= 1 else { throw PlanningError.setting("zero-shot steps", steps, allowed: "at least 1") }
        guard interval >= 1 else { throw PlanningError.setting("zero-shot interval", interval, allowed: "at least 1") }
        guard successRadius > 0, successRadius.isFinite else { throw PlanningError.setting("success radius", successRadius, allowed: "a positive number") }
        guard goalIndices.count == 2, Set(goalIndices).count == 2, goalIndices.allSatisfy({ $0 >= 0 }) else {
            throw PlanningError.setting("goal features", goalIndices, allowed: "two distinct observation entries: the target's x and y")
        }
        self.steps = steps
        self.interval = interval
        self.successRadius = successRadius
        self.target = target
        self.goalIndices = goalIndices
    }

    /// A skill to act with: a code (continuous skills) or an index (discrete ones).
    public enum Choice: Equatable, Sendable {
        case code([Float])
        case skill(Int)
    }

    /// The skill pointing from `phiState` to `phiGoal` (see the type's formula); nil when they
    /// coincide or are not finite (no direction to take).
    public static func choice(from phiState: [Float], to phiGoal: [Float], discrete: Bool) -> Choice? {
        precondition(phiState.count == phiGoal.count, "ZeroShotGoalReaching.choice: phi of \(phiState.count) and \(phiGoal.count) entries")
        let difference = zip(phiGoal, phiState).map { $0 - $1 }
        let norm = difference.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard norm > 0, norm.isFinite else { return nil }
        if discrete, let best = difference.indices.max(by: { difference[$0] < difference[$1] || (difference[$0] == difference[$1] && $0 > $1) }) {
            return .skill(best)
        }
        return .code(difference.map { $0 / norm })
    }

    /// `observation` with the target's entries set to `goal`.
    public func goalObservation(_ observation: [Float], goal: SIMD2<Float>) -> [Float] {
        var result = observation
        result[goalIndices[0]] = goal.x
        result[goalIndices[1]] = goal.y
        return result
    }

    /// The skill for `observation` under the representation `phi` (rows of observations to
    /// rows of phi): ``choice(from:to:discrete:)`` of phi(s) and phi(g).
    public func choice(for observation: [Float], goal: SIMD2<Float>, discrete: Bool, phi: (Tensor) -> Tensor) -> Choice? {
        let rows = observation + goalObservation(observation, goal: goal)
        guard let input = try? Tensor(shape: Shape(rows: 2, columns: observation.count), scalars: rows) else { return nil }
        let values = phi(input).scalars
        let width = values.count / 2
        return Self.choice(from: Array(values[0..<width]), to: Array(values[width...]), discrete: discrete)
    }

    /// One task with the skills of `run`, which must be a distance-based run.
    /// - Throws: ``PlanningError`` `.noSkills` for a run without a representation phi,
    ///   `.invalidSetting` for goal entries outside the observation, `.missingPosition`, or
    ///   what the environment and the policy throw.
    public func attempt(_ task: DownstreamTask, run: SkillPlanningRun) throws -> DownstreamAttempt {
        guard let trainer = run.trainer as? OnPolicyTrainer, let objective = trainer.distanceObjective else {
            throw PlanningError(
                .noSkills,
                "\(run.runDirectory.path) is a \(run.configuration.algorithm.rawValue) run: zero-shot goal reaching steers by the representation phi of lsd, metra or csd",
                context: ["run": run.runDirectory.path])
        }
        var env = try run.makeEnvironment(goal: nil, maxEpisodeSteps: steps)
        var observation = try env.reset(seed: task.resetSeed).observation
        guard goalIndices.allSatisfy({ $0 < observation.count }) else {
            throw PlanningError.setting("goal features", goalIndices, allowed: "entries of the \(observation.count)-float observation")
        }
        var generator = Xoshiro256(seed: task.resetSeed)
        let discrete = trainer.skillSpace.kind == .discrete
        var current = Choice.skill(0)
        func distance() throws -> Float {
            let xy = try SkillRunner.features([target], of: env)
            return length(SIMD2(xy[0], xy[1]) - task.goal)
        }
        var taken = 0
        var finalDistance = try distance()
        while taken < steps, finalDistance > successRadius {
            if taken % interval == 0, let chosen = choice(for: observation, goal: task.goal, discrete: discrete, phi: objective.representation(of:)) {
                current = chosen
            }
            let action = switch current {
            case .code(let code): try trainer.action(for: observation, code: code, stochastic: false, using: &generator)
            case .skill(let skill): try trainer.skillAction(for: observation, skill: skill, stochastic: false, using: &generator)
            }
            let step = try env.step(action)
            taken += 1
            observation = step.observation
            finalDistance = try distance()
            if step.isDone { break }
        }
        return DownstreamAttempt(
            task: task.index, startDistance: length(task.start - task.goal), finalDistance: finalDistance, success: finalDistance <= successRadius,
            steps: taken, skills: [])
    }
}
