/// What a MASD evaluation measures from rollouts of every skill (``SkillEpisode``s whose
/// discriminator tables are keyed "joint", "agent0", "agent1", ...):
///
/// - joint accuracy: the fraction of visited next states s' whose most probable skill under
///   the joint discriminator q_phi(. | g(s')) is the skill the agents were running;
/// - per-agent accuracy: the same for each agent's own discriminator q_psi_i(. | g_i(s'));
///   chance is 1/K;
/// - the coordination measure, ``CoordinationMetric/relativePositionCoverage(_:agents:cellSize:)``.
///
/// MASD with beta > 0 aims for a high joint accuracy and per-agent accuracies near 1/K.
///
/// ```swift
/// let evaluation = MASDEvaluation(episodes: episodes, skillCount: 8)
/// print(evaluation.jointAccuracy, evaluation.meanAgentAccuracy, evaluation.coordination.cellsPerPair)
/// ```
public struct MASDEvaluation: Sendable {
    public var jointAccuracy: Double
    /// Agent 0 first.
    public var perAgentAccuracy: [Double]
    public var coordination: CoordinationMetric.Coverage
    /// Visited next states scored.
    public var states: Int

    public var meanAgentAccuracy: Double {
        perAgentAccuracy.isEmpty ? 0 : perAgentAccuracy.reduce(0, +) / Double(perAgentAccuracy.count)
    }

    public init(episodes: [SkillEpisode], skillCount: Int) {
        let agents = CoordinationMetric.agentNames(in: episodes)
        jointAccuracy = MASDEvaluation.accuracy(of: "joint", in: episodes, skillCount: skillCount).accuracy
        perAgentAccuracy = agents.map { MASDEvaluation.accuracy(of: $0, in: episodes, skillCount: skillCount).accuracy }
        coordination = CoordinationMetric.relativePositionCoverage(episodes, agents: agents)
        states = MASDEvaluation.accuracy(of: "joint", in: episodes, skillCount: skillCount).states
    }

    /// The fraction of rows of the `discriminator` tables (row-major [length x K]) whose
    /// largest entry is the episode's skill, over every episode that has such a table (0 when
    /// none has); the count of rows scored. The same classification as ``SkillMetrics``.
    public static func accuracy(of discriminator: String, in episodes: [SkillEpisode], skillCount: Int) -> (accuracy: Double, states: Int) {
        guard skillCount > 0 else { return (0, 0) }
        let result = SkillMetrics.classify(episodes, discriminator: discriminator, skillCount: skillCount)
        return (result.accuracy ?? 0, result.states)
    }
}
