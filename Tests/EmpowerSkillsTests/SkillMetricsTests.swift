import EmpowerBase
import EmpowerSkills
import Foundation
import Testing

/// Synthetic episodes whose metrics are known exactly.
@Suite("Skill metrics on synthetic episodes")
struct SkillMetricsTests {
    /// A table of `rows` rows where every row gives probability `own` to `skill` and shares the
    /// rest equally among the other skills.
    /// `own` = nil gives every skill the same probability 1/K.
    func table(skill: Int, rows: Int, skillCount: Int, own: Float?) -> [Float] {
        let own = own ?? 1 / Float(skillCount)
        let other = own == 1 / Float(skillCount) ? own : (1 - own) / Float(skillCount - 1)
        var values: [Float] = []
        for _ in 0..<rows {
            for k in 0..<skillCount { values.append(log(k == skill ? own : other)) }
        }
        return values
    }

    func episode(_ skill: Int, track: [SIMD2<Float>], table: [Float], name: String = "skill") -> SkillEpisode {
        SkillEpisode(
            skill: skill, positions: ["agent": track], discriminatorLogProbabilities: [name: table],
            length: track.count - 1)
    }

    @Test("K skills confined to K disjoint cells: accuracy 1, plug-in MI log K, K cells, one per skill")
    func disjointCells() {
        let k = 4
        var episodes: [SkillEpisode] = []
        for skill in 0..<k {
            let point = SIMD2<Float>(0.1 * Float(skill) + 0.05, 0.05)
            for _ in 0..<2 {
                episodes.append(episode(skill, track: Array(repeating: point, count: 4), table: table(skill: skill, rows: 3, skillCount: k, own: 0.7)))
            }
        }
        let metrics = SkillMetrics(episodes: episodes, skillCount: k, cellSize: 0.1)
        #expect(metrics.episodes == 8 && metrics.classifiedStates == 24)
        #expect(metrics.accuracy == 1)
        #expect(metrics.perSkillAccuracy == [1, 1, 1, 1])
        #expect(abs(metrics.mutualInformationLowerBound! - (log(4) + Double(log(Float(0.7))))) < 1e-9)
        #expect(abs(metrics.mutualInformationPlugin! - log(4)) < 1e-12)
        #expect(metrics.stateCoverageCells == 4)
        #expect(metrics.perSkillCoverageCells == [1, 1, 1, 1])
        #expect(metrics.trackedPosition == "agent")
        #expect(metrics.objectCoverageCells == nil && metrics.skillsMovingObjects == nil && metrics.jointAccuracy == nil)
    }

    @Test("K identical skills: accuracy 1/K (ties go to skill 0), both MI estimates 0, one cell")
    func identicalSkills() {
        let k = 5
        let point = SIMD2<Float>(0.33, -0.41)
        let episodes = (0..<k).map { skill in
            episode(skill, track: Array(repeating: point, count: 11), table: table(skill: skill, rows: 10, skillCount: k, own: nil))
        }
        let metrics = SkillMetrics(episodes: episodes, skillCount: k, cellSize: 0.2)
        #expect(metrics.accuracy == 0.2)
        #expect(metrics.perSkillAccuracy == [1, 0, 0, 0, 0])
        #expect(abs(metrics.mutualInformationLowerBound!) < 1e-6)
        #expect(metrics.mutualInformationPlugin == 0)
        #expect(metrics.stateCoverageCells == 1)
        #expect(metrics.perSkillCoverageCells == [1, 1, 1, 1, 1])
    }

    @Test("a skill that never moves covers one cell; the plug-in MI of the count table is exact")
    func skillThatNeverMoves() {
        let still = SIMD2<Float>(0.05, 0.05)
        let moving: [SIMD2<Float>] = [[0.05, 0.05], [0.15, 0.05], [0.25, 0.05], [0.35, 0.05]]
        let episodes = [
            episode(0, track: Array(repeating: still, count: 4), table: table(skill: 0, rows: 3, skillCount: 2, own: 0.9)),
            episode(1, track: moving, table: table(skill: 1, rows: 3, skillCount: 2, own: 0.4)),
        ]
        let metrics = SkillMetrics(episodes: episodes, skillCount: 2, cellSize: 0.1)
        #expect(metrics.stateCoverageCells == 4)
        #expect(metrics.perSkillCoverageCells == [1, 4])
        // Counts: cell 0 holds 4 points of skill 0 and 1 of skill 1; cells 1-3 one point of skill 1 each.
        let expected = 0.5 * log(0.5 / (0.5 * 5.0 / 8)) + 0.125 * log(0.125 / (0.5 * 5.0 / 8)) + 3 * 0.125 * log(0.125 / (0.5 * 0.125))
        #expect(abs(metrics.mutualInformationPlugin! - expected) < 1e-12)
        #expect(metrics.accuracy == 0.5)
        #expect(metrics.perSkillAccuracy == [1, 0])
    }

    @Test("objects: coverage cells, the fraction of skills that move one, safety events per episode")
    func objectsAndSafety() {
        let arm: [SIMD2<Float>] = [[0, 0], [0, 0]]
        var still = SkillEpisode(skill: 0, positions: ["end_effector": arm, "object0": [[0.05, 0.05], [0.05, 0.05]]], safetyViolations: 2, length: 1)
        still.episodeReturn = 1
        var pushed = SkillEpisode(skill: 1, positions: ["end_effector": arm, "object0": [[0.05, 0.05], [0.26, 0.05]], "object1": [[-0.5, -0.5], [-0.5, -0.5]]], length: 1)
        pushed.episodeReturn = 3
        let nudged = SkillEpisode(skill: 2, positions: ["end_effector": arm, "object0": [[0.05, 0.05], [0.09, 0.05]]], safetyViolations: 1, length: 1)
        let metrics = SkillMetrics(episodes: [still, pushed, nudged], skillCount: 4, cellSize: 0.1)
        #expect(metrics.trackedPosition == "end_effector")
        #expect(metrics.objectMoveThreshold == 0.05)
        #expect(metrics.skillsMovingObjects == 0.25)      // only skill 1 moves an object more than 0.05
        #expect(metrics.objectCoverageCells == 3)         // (0, 0), (2, 0), (-5, -5)
        #expect(metrics.safetyViolationsPerEpisode == 1)  // 3 events over 3 episodes
        #expect(metrics.meanReturn == 4.0 / 3)
        #expect(metrics.accuracy == nil && metrics.mutualInformationLowerBound == nil && metrics.perSkillAccuracy.isEmpty)
    }

    @Test("multi-agent tables: the joint discriminator is the main one; each agent's accuracy is reported")
    func multiAgent() {
        let k = 4
        let episodes = (0..<k).map { skill in
            SkillEpisode(
                skill: skill, positions: ["agent0": [[0, 0]], "agent1": [[1, 1]]],
                discriminatorLogProbabilities: [
                    "joint": table(skill: skill, rows: 2, skillCount: k, own: 0.5),
                    "agent0": table(skill: skill, rows: 2, skillCount: k, own: 0.6),
                    "agent1": table(skill: skill, rows: 2, skillCount: k, own: nil),  // uniform: ties go to skill 0
                ], length: 2)
        }
        let metrics = SkillMetrics(episodes: episodes, skillCount: k, cellSize: 0.2)
        #expect(metrics.accuracy == 1 && metrics.jointAccuracy == 1)
        #expect(metrics.perAgentAccuracy == ["agent0": 1, "agent1": 0.25])
        #expect(metrics.perAgentAccuracyInAgentOrder == [1, 0.25])
        #expect(metrics.trackedPosition == "agent0")
    }

    @Test("per-agent accuracies are listed in agent order, agent10 after agent9")
    func agentOrder() {
        var metrics = SkillMetrics(episodes: [], skillCount: 2, cellSize: 0.2)
        metrics.perAgentAccuracy = ["agent10": 0.3, "agent2": 0.2, "agent0": 0.5, "agent9": 0.9]
        #expect(metrics.perAgentAccuracyInAgentOrder == [0.5, 0.2, 0.9, 0.3])
    }

    @Test("the plug-in estimate of an empty table is 0 and of a diagonal table log K")
    func pluginEdgeCases() {
        #expect(SkillMetrics.pluginMutualInformation([], skillCount: 3) == 0)
        #expect(abs(SkillMetrics.pluginMutualInformation([[2, 0, 0], [0, 2, 0], [0, 0, 2]], skillCount: 3) - log(3)) < 1e-12)
        #expect(SkillMetrics.pluginMutualInformation([[1, 1, 1], [2, 2, 2]], skillCount: 3) < 1e-12)
    }

    @Test("object displacement: cells of (object - its start) centred on zero, so unmoved objects at random starts add one cell; directions by 45-degree sector")
    func objectDisplacement() {
        let arm: [SIMD2<Float>] = [[0, 0], [0, 0], [0, 0], [0, 0]]
        // Skill 0 pushes the box +0.1 in x; skill 1 leaves boxes alone at two different starts;
        // skill 2 pushes -0.1 in y (in one of its two episodes: mean final displacement -0.05).
        let pushed = SkillEpisode(skill: 0, positions: ["end_effector": arm, "object0": [[0.3, 0.2], [0.333, 0.2], [0.367, 0.2], [0.4, 0.2]]], length: 3)
        let stillA = SkillEpisode(skill: 1, positions: ["end_effector": arm, "object0": Array(repeating: [-0.31, 0.12], count: 4)], length: 3)
        let stillB = SkillEpisode(skill: 1, positions: ["end_effector": arm, "object0": Array(repeating: [0.27, -0.2], count: 4)], length: 3)
        let down = SkillEpisode(skill: 2, positions: ["end_effector": arm, "object0": [[0, 0], [0, -0.04], [0, -0.08], [0, -0.1]]], length: 3)
        let stay = SkillEpisode(skill: 2, positions: ["end_effector": arm, "object0": Array(repeating: [0.1, 0.1], count: 4)], length: 3)
        let metrics = SkillMetrics(episodes: [pushed, stillA, stillB, down, stay], skillCount: 3, cellSize: 0.1)
        // Cells of side 0.05 centred on 0: x 0, 0.033, 0.067, 0.1 -> 0, 1, 1, 2; y 0, -0.04, -0.08, -0.1 -> 0, -1, -2, -2.
        #expect(metrics.objectDisplacementCells == 5)      // (0,0), (1,0), (2,0), (0,-1), (0,-2)
        #expect(metrics.objectCoverageCells == 8)          // positions, which random starts inflate
        #expect(metrics.objectMoveDirections == 2)         // +x (sector 4) and -y (sector 2)
        #expect(metrics.perSkillObjectDisplacement.count == 3)
        #expect(abs(metrics.perSkillObjectDisplacement[0].x - 0.1) < 1e-6 && metrics.perSkillObjectDisplacement[1] == .zero)
        #expect(abs(metrics.perSkillObjectDisplacement[2].y + 0.05) < 1e-6)

        let unmoved = SkillMetrics(episodes: [stillA, stillB], skillCount: 2, cellSize: 0.1)
        #expect(unmoved.objectDisplacementCells == 1 && unmoved.objectMoveDirections == 0)
    }
}

@Suite("lifting metric")
struct LiftingMetricTests {
    /// An object that rises to `top` above its start at step `from` and stays there `steps` steps.
    static func episode(skill: Int, top: Float, from: Int = 5, steps: Int) -> SkillEpisode {
        let track = (0..<60).map { t in SIMD2<Float>(0.1, 0.03 + (t >= from && t < from + steps ? top : 0)) }
        return SkillEpisode(skill: skill, positions: ["end_effector": track, "object0": track], length: 59)
    }

    @Test("a skill lifts when the object stays a lift height up for 20 consecutive steps")
    func lifting() {
        let episodes = [
            Self.episode(skill: 0, top: 0.07, steps: 25),     // lifted
            Self.episode(skill: 1, top: 0.07, steps: 19),     // one step short
            Self.episode(skill: 2, top: 0.05, steps: 40),     // not high enough
            Self.episode(skill: 3, top: 0.061, steps: 20),    // just high enough, just long enough
        ]
        let metrics = SkillMetrics(episodes: episodes, skillCount: 4, cellSize: 0.1, liftHeight: 0.06)
        #expect(metrics.skillsLiftingObjects == 0.5)
        #expect(SkillMetrics(episodes: episodes, skillCount: 4, cellSize: 0.1).skillsLiftingObjects == nil)
    }
}
