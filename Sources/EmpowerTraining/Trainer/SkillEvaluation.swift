import EmpowerAgents
import EmpowerBase
import EmpowerCore
import EmpowerSkills
#if canImport(Glibc)
import Glibc
#endif

/// Fresh rollouts of every skill (not the replay buffer) and the ``SkillMetrics`` computed from
/// them: what `empower evaluate`, the closing report of `empower train` and the periodic
/// evaluation during training all use.
///
/// For each skill z and each of `episodesPerSkill` episodes, a new environment is reset with
/// `Seed.derive(seed, stream: "evaluation", index: z * 100_000 + episode)` and run to its end
/// with the policy conditioned on z: its deterministic action tanh(mean) unless `stochastic`,
/// else an action sampled with a generator seeded `Seed.derive(seed, stream: "evaluation-policy")`.
/// The trainer's own generators are never touched, so evaluating does not change training.
///
/// ```swift
/// let evaluation = try SkillEvaluation.evaluate(trainer, catalog: BuiltInEnvironments.catalog, episodesPerSkill: 3)
/// evaluation.metrics.accuracy            // discriminator accuracy on the rollouts
/// evaluation.metrics.stateCoverageCells  // distinct cells of the agent's xy
/// ```
public struct SkillEvaluation: Sendable {
    /// Every episode, skill by skill (all episodes of skill 0 first).
    public var episodes: [SkillEpisode]
    /// The metrics of ``episodes``.
    public var metrics: SkillMetrics
    /// Whether actions were sampled (true) or the policy's mean (false).
    public var stochastic: Bool
    /// Episodes of each skill.
    public var episodesPerSkill: Int

    /// The default seed of evaluation rollouts (any fixed number: evaluations are comparable
    /// across runs and checkpoints because they start from the same environment states).
    public static let defaultSeed: UInt64 = 1_000_003

    /// Rolls out every skill of `trainer` and computes the metrics.
    /// - Parameters:
    ///   - catalog: where the environment's spec (its coverage cell size) comes from.
    ///   - cellSize: overrides the environment's ``EnvironmentSpec/coverageCellSize``.
    ///   - recordFrames: keep the rendered frames in the episodes (for animations).
    ///   - progress: called after every episode with (episodes done, episodes in total).
    /// - Throws: ``TrainingError`` when the run learns no skills or `episodesPerSkill` < 1;
    ///   what the environment throws.
    public static func evaluate(
        _ trainer: any SkillRollouts, catalog: EnvironmentCatalog, episodesPerSkill: Int = 2, seed: UInt64 = defaultSeed,
        stochastic: Bool = false, recordFrames: Bool = false, cellSize: Float? = nil,
        progress: ((_ done: Int, _ total: Int) -> Void)? = nil
    ) throws -> SkillEvaluation {
        let skillCount = trainer.skillCount
        guard skillCount > 0 else {
            throw TrainingError(
                .nothingToEvaluate,
                "skill evaluation needs a skill-discovery run, this one is \(trainer.policyName) (it learns no skills)")
        }
        guard episodesPerSkill >= 1 else {
            throw TrainingError(.nothingToEvaluate, "evaluation needs at least one episode per skill, got \(episodesPerSkill)")
        }
        var generator = Xoshiro256(seed: Seed.derive(seed, stream: "evaluation-policy"))
        var episodes: [SkillEpisode] = []
        for skill in 0..<skillCount {
            for episode in 0..<episodesPerSkill {
                episodes.append(
                    try trainer.rolloutSkill(
                        skill, seed: Seed.derive(seed, stream: "evaluation", index: UInt64(skill * 100_000 + episode)),
                        stochastic: stochastic, recordFrames: recordFrames, using: &generator))
                progress?(episodes.count, skillCount * episodesPerSkill)
            }
        }
        let id = trainer.configuration.environment, arguments = trainer.configuration.catalogArguments
        let spec = trainer.configuration.algorithm == .masd ? try catalog.makeMultiAgent(id, arguments: arguments).spec : try catalog.make(id, arguments: arguments).spec
        let size = decimal(cellSize ?? spec.coverageCellSize ?? fallbackCellSize(episodes))
        return SkillEvaluation(
            episodes: episodes,
            metrics: SkillMetrics(episodes: episodes, skillCount: skillCount, cellSize: size, liftHeight: spec.liftHeight.map(decimal)),
            stochastic: stochastic, episodesPerSkill: episodesPerSkill)
    }

    /// `value` rounded to 6 significant digits, so a size computed in Float reads as the
    /// decimal it stands for in reports: 0.2 as 0.2, not 0.2000000029, and 0.2 x 0.6 as 0.12,
    /// not 0.120000005.
    static func decimal(_ value: Float) -> Double {
        let exact = Double(value)
        guard exact != 0, exact.isFinite else { return exact }
        let scale = pow(10, 6 - log10(abs(exact)).rounded(.up))
        return (exact * scale).rounded() / scale
    }

    /// 0.1 of the larger side of the box around every tracked point (1 when there is none).
    static func fallbackCellSize(_ episodes: [SkillEpisode]) -> Float {
        let names = Set(episodes.flatMap(\.positions.keys))
        guard let name = SkillMetrics.trackedPosition(in: names) else { return 1 }
        let points = episodes.flatMap { $0.positions[name] ?? [] }
        guard var low = points.first else { return 1 }
        var high = low
        for point in points {
            low = pointwiseMin(low, point)
            high = pointwiseMax(high, point)
        }
        let side = max(high.x - low.x, high.y - low.y)
        return side > 0 ? side * 0.1 : 1
    }

    /// The tracked position's path in every episode: `trajectories[skill][episode]`, reset
    /// position first; empty paths when the environment has no positions.
    public var trajectories: [[[SIMD2<Float>]]] {
        var result = [[[SIMD2<Float>]]](repeating: [], count: metrics.skillCount)
        for episode in episodes where (0..<metrics.skillCount).contains(episode.skill) {
            result[episode.skill].append(metrics.trackedPosition.flatMap { episode.positions[$0] } ?? [])
        }
        return result
    }

    /// The metrics as `eval/...` keys for metrics.csv and metrics.jsonl: `eval/accuracy`,
    /// `eval/mutual_information_lower_bound`, `eval/mutual_information_plugin`,
    /// `eval/state_coverage_cells`, `eval/object_coverage_cells`, `eval/skills_moving_objects`,
    /// `eval/object_displacement_cells`, `eval/object_move_directions`, `eval/skills_lifting_objects`,
    /// `eval/safety_violations_per_episode`, `eval/joint_accuracy`,
    /// `eval/relative_position_cells_per_pair`, `eval/episode_return` (each only where it applies).
    public var metricsRecordValues: [(key: String, value: Double)] {
        var values: [(key: String, value: Double)] = []
        func add(_ key: String, _ value: Double?) { if let value { values.append(("eval/" + key, value)) } }
        add("accuracy", metrics.accuracy)
        add("mutual_information_lower_bound", metrics.mutualInformationLowerBound)
        add("mutual_information_plugin", metrics.mutualInformationPlugin)
        add("state_coverage_cells", metrics.stateCoverageCells.map(Double.init))
        add("object_coverage_cells", metrics.objectCoverageCells.map(Double.init))
        add("skills_moving_objects", metrics.skillsMovingObjects)
        add("object_displacement_cells", metrics.objectDisplacementCells.map(Double.init))
        add("object_move_directions", metrics.objectMoveDirections.map(Double.init))
        add("skills_lifting_objects", metrics.skillsLiftingObjects)
        add("safety_violations_per_episode", metrics.safetyViolationsPerEpisode)
        add("joint_accuracy", metrics.jointAccuracy)
        add("relative_position_cells_per_pair", metrics.relativePositionCellsPerPair)
        add("assignment_patterns", metrics.assignmentPatterns.map(Double.init))
        add("episode_return", metrics.meanReturn)
        return values
    }
}
