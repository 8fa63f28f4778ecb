import EmpowerBase
import EmpowerCore

import EmpowerSkills

/// The action a trained policy takes at `observation` when conditioned on `skill`
/// (deterministic for planning). Any trainer provides one:
///
/// ```swift
/// let policy: SkillPolicy = { observation, skill in
///     var unused = Xoshiro256(seed: 0)
///     return try trainer.skillAction(for: observation, skill: skill, stochastic: false, using: &unused)
/// }
/// ```
public typealias SkillPolicy = (_ observation: [Float], _ skill: Int) throws -> [Float]

/// Running one skill for a fixed number of steps in an environment the caller owns, and
/// reading the named positions planning works with.
public enum SkillRunner {
    /// Where a skill left the environment.
    public struct Result: Sendable {
        /// The last observation.
        public var observation: [Float]
        /// Steps taken (fewer than the horizon when the episode ended).
        public var steps: Int
        /// The environment terminated the episode (for the tabletop: an object left the table).
        public var isTerminated: Bool
        /// The episode ended, by termination or by truncation.
        public var isDone: Bool
    }

    /// Runs `skill` for `horizon` steps from `observation`, or until the episode ends, calling
    /// `afterStep` after every step.
    public static func run(
        _ skill: Int, horizon: Int, from observation: [Float], in env: inout any Environment, policy: SkillPolicy,
        afterStep: (inout any Environment) throws -> Void = { _ in }
    ) throws -> Result {
        var result = Result(observation: observation, steps: 0, isTerminated: false, isDone: false)
        while result.steps < horizon {
            let step = try env.step(try policy(result.observation, skill))
            result.observation = step.observation
            result.steps += 1
            try afterStep(&env)
            if step.isDone {
                result.isTerminated = step.isTerminated
                result.isDone = true
                break
            }
        }
        return result
    }

    /// The flattened xy of the named positions, `[p0.x, p0.y, p1.x, ...]`.
    /// - Throws: ``PlanningError`` `.missingPosition` naming the positions the environment has.
    public static func features(_ names: [String], of env: any Environment) throws(PlanningError) -> [Float] {
        let positions = env.positions
        var features: [Float] = []
        features.reserveCapacity(2 * names.count)
        for name in names {
            guard let p = positions[name] else {
                let known = positions.keys.sorted()
                throw PlanningError(
                    .missingPosition,
                    "\(env.spec.id) reports no position '\(name)'" + (known.isEmpty ? " (it reports no positions at all)" : "; it reports \(known.joined(separator: ", "))"),
                    context: ["environment": env.spec.id, "position": name])
            }
            features += [p.x, p.y]
        }
        return features
    }
}

extension SkillOutcomeData {
    /// Rollouts of the trained skills for fitting a ``SkillOutcomeModel``.
    ///
    /// Episode e is reset with `Seed.derive(seed, stream: "planning/outcome-episodes", index: e)`
    /// and runs `skillsPerEpisode` skills drawn uniformly with a generator seeded from
    /// `Seed.derive(seed, stream: "planning/outcome-skills", index: e)`, each for `horizon`
    /// steps, so later examples start from states the skills themselves reach. Every skill
    /// that ran its full horizon, or ended the episode by termination (an object pushed off
    /// the table is a real outcome), is one example; a skill cut short by truncation is not.
    /// The environment must allow `skillsPerEpisode * horizon` steps per episode.
    ///
    /// Cost: `episodes * skillsPerEpisode * horizon` policy actions and environment steps.
    public static func collect(
        in env: inout any Environment, policy: SkillPolicy, skillCount: Int, positions: [String], horizon: Int,
        episodes: Int, skillsPerEpisode: Int, seed: UInt64
    ) throws -> SkillOutcomeData {
        guard skillCount >= 1 else { throw PlanningError(.noSkills, "collecting skill outcomes needs a run with skills", context: [:]) }
        guard horizon >= 1 else { throw PlanningError.setting("horizon", horizon, allowed: "at least 1 step") }
        guard episodes >= 1, skillsPerEpisode >= 1 else {
            throw PlanningError.setting("episodes x skills per episode", "\(episodes) x \(skillsPerEpisode)", allowed: "at least 1 x 1")
        }
        guard !positions.isEmpty else { throw PlanningError.setting("positions", "[]", allowed: "one or more position names") }
        var data = SkillOutcomeData(featureCount: 2 * positions.count, skillCount: skillCount)
        for e in 0..<episodes {
            var observation = try env.reset(seed: Seed.derive(seed, stream: "planning/outcome-episodes", index: UInt64(e))).observation
            var skills = Xoshiro256(seed: Seed.derive(seed, stream: "planning/outcome-skills", index: UInt64(e)))
            for _ in 0..<skillsPerEpisode {
                let skill = skills.nextIndex(below: skillCount)
                let start = try SkillRunner.features(positions, of: env)
                let result = try SkillRunner.run(skill, horizon: horizon, from: observation, in: &env, policy: policy)
                if result.steps == horizon || result.isTerminated {
                    data.append(start: start, skill: skill, end: try SkillRunner.features(positions, of: env))
                }
                if result.isDone { break }
                observation = result.observation
            }
        }
        return data
    }
}
