import EmpowerBase
import EmpowerCore


/// One goal of the downstream pushing experiment: a start state (the environment reset with
/// `resetSeed`) and a goal for the target position.
public struct DownstreamTask: Sendable, Hashable {
    /// Position in the task list, from 0.
    public var index: Int
    /// The seed the environment is reset with, which fixes the start state.
    public var resetSeed: UInt64
    /// Where the target should go.
    public var goal: SIMD2<Float>
    /// Where the target starts.
    public var start: SIMD2<Float>

    public init(index: Int, resetSeed: UInt64, goal: SIMD2<Float>, start: SIMD2<Float>) {
        self.index = index
        self.resetSeed = resetSeed
        self.goal = goal
        self.start = start
    }

    /// A fixed, seeded list of tasks.
    ///
    /// Task i resets the environment with `Seed.derive(seed, stream: "downstream/reset", index: i)`
    /// and draws its goal uniformly in `region` with a generator seeded from
    /// `Seed.derive(seed, stream: "downstream/goal", index: i)`, again until the goal is at
    /// least `minimumDistance` from where the target starts (at most 1000 draws), so no task
    /// is solved before anything moves.
    ///
    /// - Throws: ``PlanningError`` `.missingPosition` when the environment lacks `target`,
    ///   `.invalidSetting` for an empty region or no goal far enough away.
    public static func make(
        count: Int, seed: UInt64, in env: inout any Environment, target: String,
        region: (minimum: SIMD2<Float>, maximum: SIMD2<Float>), minimumDistance: Float
    ) throws -> [DownstreamTask] {
        guard count >= 1 else { throw PlanningError.setting("goals", count, allowed: "at least 1") }
        guard region.minimum.x < region.maximum.x, region.minimum.y < region.maximum.y else {
            throw PlanningError.setting("goal region", "\(region.minimum)...\(region.maximum)", allowed: "a non-empty rectangle")
        }
        var tasks: [DownstreamTask] = []
        for i in 0..<count {
            let resetSeed = Seed.derive(seed, stream: "downstream/reset", index: UInt64(i))
            _ = try env.reset(seed: resetSeed)
            let xy = try SkillRunner.features([target], of: env)
            let start = SIMD2(xy[0], xy[1])
            var generator = Xoshiro256(seed: Seed.derive(seed, stream: "downstream/goal", index: UInt64(i)))
            var goal: SIMD2<Float>?
            for _ in 0..<1000 {
                let candidate = SIMD2(
                    generator.nextFloat(in: region.minimum.x, region.maximum.x), generator.nextFloat(in: region.minimum.y, region.maximum.y))
                if length(candidate - start) >= minimumDistance {
                    goal = candidate
                    break
                }
            }
            guard let goal else {
                throw PlanningError.setting("minimum goal distance", minimumDistance, allowed: "small enough that a goal in the region is that far from the start")
            }
            tasks.append(DownstreamTask(index: i, resetSeed: resetSeed, goal: goal, start: start))
        }
        return tasks
    }
}

/// How one solver did on one ``DownstreamTask``.
public struct DownstreamAttempt: Sendable, Hashable {
    public var task: Int
    public var startDistance: Float
    public var finalDistance: Float
    public var success: Bool
    public var steps: Int
    /// The skills executed (empty for a plain policy).
    public var skills: [Int]

    public init(task: Int, startDistance: Float, finalDistance: Float, success: Bool, steps: Int, skills: [Int]) {
        self.task = task
        self.startDistance = startDistance
        self.finalDistance = finalDistance
        self.success = success
        self.steps = steps
        self.skills = skills
    }

    /// Runs a policy trained directly on the task (no skills: it is asked for skill 0) for
    /// `steps` steps or until its episode ends, from the environment's current state, and
    /// scores the target's final distance to `goal`.
    public static func runPolicy(
        _ policy: SkillPolicy, task: DownstreamTask, in env: inout any Environment, from observation: [Float], steps: Int, target: String,
        successRadius: Float
    ) throws -> DownstreamAttempt {
        let result = try SkillRunner.run(0, horizon: steps, from: observation, in: &env, policy: policy)
        let xy = try SkillRunner.features([target], of: env)
        let distance = length(SIMD2(xy[0], xy[1]) - task.goal)
        return DownstreamAttempt(
            task: task.index, startDistance: length(task.start - task.goal), finalDistance: distance, success: distance <= successRadius,
            steps: result.steps, skills: [])
    }
}
