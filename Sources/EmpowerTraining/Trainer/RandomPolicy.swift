import EmpowerBase
import EmpowerCore
import EmpowerSkills

/// The baseline every skill-discovery method must beat: a policy that ignores its skill and
/// acts uniformly at random in [-1, 1] (scaled to the action bounds). Evaluated as if it had
/// K skills, it goes through the same rollouts, metrics and report as a trained run, so its
/// coverage and object displacement are what chance alone achieves in the same number of
/// episodes from the same starts.
///
/// ```swift
/// var configuration = TrainingConfiguration()
/// configuration.environment = "TabletopPush-v0"
/// configuration.skills = 8
/// let baseline = try RandomPolicy(configuration: configuration, catalog: BuiltInEnvironments.catalog)
/// let evaluation = try SkillEvaluation.evaluate(baseline, catalog: BuiltInEnvironments.catalog, episodesPerSkill: 3)
/// evaluation.metrics.objectDisplacementCells
/// ```
public final class RandomPolicy: SkillRollouts {
    public let configuration: TrainingConfiguration
    let environments: TrainerEnvironments

    /// - Parameter configuration: the environment, its arguments and K (`skills`) are used.
    /// - Throws: what the catalog throws for an unknown id or bad arguments,
    ///   ``ConfigurationError`` for K below 1.
    public init(configuration: TrainingConfiguration, catalog: EnvironmentCatalog) throws {
        try check(configuration.skills >= 1, field: "skills", value: configuration.skills, allowed: "a positive number of skills to evaluate the random policy as")
        self.configuration = configuration
        environments = try TrainerEnvironments(configuration: configuration, catalog: catalog)
    }

    public var skillCount: Int { configuration.skills }
    public var step: Int { 0 }
    public var policyName: String { "random" }

    /// The policy, the environment, its arguments and K, as JSON.
    public var configurationText: String {
        let arguments = (try? ConfigurationLoader.tree(of: configuration))?["environment_arguments"] ?? .object([])
        let tree = JSONTree.object([
            ("environment", .string(configuration.environment)), ("environment_arguments", arguments),
            ("policy", .string(policyName)), ("skills", .number("\(skillCount)")),
        ])
        return tree.rendered(pretty: true, sortedKeys: true) + "\n"
    }

    /// One episode of uniformly random actions from `generator` (the same with or without
    /// `stochastic`: a random policy has no mean action). No discriminator tables.
    /// - Throws: ``TrainingError`` `.skillOutOfRange`, or what the environment throws.
    public func rolloutSkill(_ skill: Int, seed: UInt64, stochastic: Bool, recordFrames: Bool, using generator: inout Xoshiro256) throws -> SkillEpisode {
        guard (0..<skillCount).contains(skill) else {
            throw TrainingError(.skillOutOfRange, "skill \(skill) does not exist: the random policy is evaluated as skills 0 to \(skillCount - 1)", context: ["skill": "\(skill)"])
        }
        let size = environments.actionSize
        return try environments.rolloutEpisode(
            skill: skill, seed: seed, recordFrames: recordFrames, clipping: true, step: 0,
            action: { _ in (0..<size).map { _ in generator.nextFloat(in: -1, 1) } }, tables: { _, _ in [:] })
    }
}
