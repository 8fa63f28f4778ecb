import EmpowerBase
#if canImport(Glibc)
import Glibc
#endif

/// How diverse and how distinguishable a set of skills is, computed from evaluation rollouts
/// (``SkillEpisode``) alone, so every trainer that can roll out its skills gets the same numbers.
///
/// Notation: K skills; the episodes e, each conditioned on skill z_e; after step t of episode e
/// the state s_{e,t}, and every discriminator d's table log q_d(k | s_{e,t}) for k = 0..<K; N_d is
/// the number of classified states (rows of d's tables over all episodes). Cells: a point
/// p = (x, y) lies in the cell (floor(x / h), floor(y / h)) of side h (``cellSize``).
/// Cells are half-open, so a point clipped to an arena's upper edge (x = 1 on [-1, 1] with
/// h = 0.2) lies in a cell of its own beyond the arena's ten columns.
///
/// | metric | formula |
/// |---|---|
/// | ``accuracy`` (discriminator d) | (1/N_d) sum_{e,t} 1[argmax_k log q_d(k \| s_{e,t}) = z_e]; ties go to the smallest k |
/// | ``mutualInformationLowerBound`` | log K + (1/N) sum_{e,t} log q(z_e \| s_{e,t}), nats (the bound DIAYN maximizes; at most log K) |
/// | ``mutualInformationPlugin`` | sum_{z,c} p(z,c) log(p(z,c) / (p(z) p(c))), nats, with p(z,c) = n(z,c) / n over the tracked points |
/// | ``stateCoverageCells`` | the number of distinct cells of the tracked position over every point of every episode |
/// | ``perSkillCoverageCells`` | the same, for the episodes of one skill |
/// | ``objectCoverageCells`` | distinct cells of the positions named `object...` over every episode |
/// | ``skillsMovingObjects`` | the fraction of skills with an episode in which some object gets farther than ``objectMoveThreshold`` from its reset position |
/// | ``objectDisplacementCells`` | distinct cells of side h/2, centred on zero, of (object position - its reset position) over every step of every episode: an unmoved object adds one cell, so random starts cannot inflate it |
/// | ``objectMoveDirections`` | distinct 45-degree sectors of the mean final displacement of the skills whose mean final displacement of some object is at least ``objectMoveThreshold`` (at most 8) |
/// | ``safetyViolationsPerEpisode`` | sum_e violations_e / number of episodes |
///
/// The main discriminator is `"skill"` (DIAYN, SLIM), else `"joint"` (MASD): accuracy and both
/// bounds use it. ``jointAccuracy`` is the accuracy of `"joint"`, ``perAgentAccuracy`` that of
/// each `"agentN"` table, all with the same target z_e.
///
/// The tracked position is `"agent"`, else `"end_effector"`, else `"tip"`, else `"agent0"`, else
/// the first name in order (see ``trackedPosition(in:)``); its points are the reset position and
/// one point after every step. Metrics that do not apply are `nil`: accuracy and the lower bound
/// without discriminator tables, coverage and the plug-in bound without positions, object
/// metrics without `object...` tracks, the multi-agent accuracies without `"joint"` tables.
///
/// ```swift
/// let metrics = SkillMetrics(episodes: episodes, skillCount: 10, cellSize: 0.2)
/// metrics.accuracy                     // 0.97
/// metrics.stateCoverageCells           // 41
/// ```
///
/// Cost: O(total steps x K) for the discriminator tables, O(total points) for the cells.
public struct SkillMetrics: Sendable, Equatable {
    /// K.
    public var skillCount: Int
    /// Episodes the metrics were computed from.
    public var episodes: Int
    /// States classified by the main discriminator (N).
    public var classifiedStates: Int
    /// The fraction of classified states whose most probable skill is the episode's skill.
    public var accuracy: Double?
    /// ``accuracy`` restricted to each skill's episodes, indexed by skill (empty without tables).
    public var perSkillAccuracy: [Double]
    /// The confusion matrix of the main discriminator: row z, column k is the fraction of skill
    /// z's classified states whose most probable skill is k (rows sum to 1; a skill without
    /// states has a row of zeros). Its diagonal is ``perSkillAccuracy``. Empty without tables.
    public var confusion: [[Double]]
    /// log K + E[log q(z | s)], nats.
    public var mutualInformationLowerBound: Double?
    /// The plug-in estimate of I(Z; cell of the tracked position), nats (at most log K).
    public var mutualInformationPlugin: Double?
    /// h, the side of a coverage cell, in the units of the positions.
    public var cellSize: Double
    /// The name of the tracked position, or `nil` when the episodes have no positions.
    public var trackedPosition: String?
    /// Distinct cells of the tracked position over all skills.
    public var stateCoverageCells: Int?
    /// Distinct cells of the tracked position per skill, indexed by skill.
    public var perSkillCoverageCells: [Int]
    /// Distinct cells of the objects' positions over all skills.
    public var objectCoverageCells: Int?
    /// The fraction of skills that move some object more than ``objectMoveThreshold``.
    public var skillsMovingObjects: Double?
    /// The displacement (position units) above which an object counts as moved.
    public var objectMoveThreshold: Double
    /// Distinct cells (side h/2, centred on zero) of the objects' displacements from their
    /// reset positions over every step of every episode.
    public var objectDisplacementCells: Int?
    /// Distinct 45-degree sectors (0 to 8) of the skills' mean final object displacements, over
    /// the skills whose mean final displacement of some object is at least ``objectMoveThreshold``.
    public var objectMoveDirections: Int?
    /// Each skill's mean final displacement of the object it moves most (zero for a skill without
    /// episodes), indexed by skill; empty without objects.
    public var perSkillObjectDisplacement: [SIMD2<Float>]
    /// The fraction of skills with an episode in which an object stays at least ``liftHeight``
    /// above its start (y up) for ``liftSteps`` consecutive steps; nil without a lift height.
    public var skillsLiftingObjects: Double?
    /// The height that counts as lifted (the environment's ``EnvironmentSpec``-declared one).
    public var liftHeight: Double?
    /// Consecutive steps an object must stay lifted.
    public static let liftSteps = 20
    /// Safety events per episode.
    public var safetyViolationsPerEpisode: Double
    /// The accuracy of the `"joint"` discriminator (multi-agent runs).
    public var jointAccuracy: Double?
    /// The accuracy of each `"agentN"` discriminator (multi-agent runs), by name.
    public var perAgentAccuracy: [String: Double]

    /// ``perAgentAccuracy`` as a list in agent order (agent0, agent1, ..., agent10, ...).
    public var perAgentAccuracyInAgentOrder: [Double] {
        perAgentAccuracy.sorted { (Int($0.key.dropFirst(5)) ?? .max, $0.key) < (Int($1.key.dropFirst(5)) ?? .max, $1.key) }.map(\.value)
    }
    /// The coordination measure of multi-agent runs: distinct cells of the agents' relative
    /// positions per agent pair (``CoordinationMetric/relativePositionCoverage(_:agents:cellSize:)``,
    /// cells of 0.2 m); nil with fewer than two `"agentN"` tracks.
    public var relativePositionCellsPerPair: Double?
    /// Distinct agent-to-landmark assignment patterns among the skills, each skill's the most
    /// frequent at its episodes' ends (``CoordinationMetric/assignmentPatterns(_:agents:landmarks:)``,
    /// at most K); nil without two
    /// `"agentN"` and one `"landmarkN"` track (ParticleSpread-v0 has them).
    public var assignmentPatterns: Int?
    /// The mean of the episodes' returns (the environment's reward).
    public var meanReturn: Double

    /// Computes every metric.
    /// - Parameters:
    ///   - episodes: rollouts of skills in `0..<skillCount`.
    ///   - skillCount: K (at least 1).
    ///   - cellSize: h, positive.
    ///   - objectMoveThreshold: the displacement that counts as moving an object; default half a cell.
    public init(episodes: [SkillEpisode], skillCount: Int, cellSize: Double, objectMoveThreshold: Double? = nil, liftHeight: Double? = nil) {
        precondition(skillCount >= 1, "SkillMetrics needs at least one skill")
        precondition(cellSize > 0 && cellSize.isFinite, "SkillMetrics needs a positive, finite cell size")
        self.skillCount = skillCount
        self.episodes = episodes.count
        self.cellSize = cellSize
        self.objectMoveThreshold = objectMoveThreshold ?? cellSize / 2
        meanReturn = episodes.isEmpty ? 0 : episodes.map(\.episodeReturn).reduce(0, +) / Double(episodes.count)
        safetyViolationsPerEpisode = episodes.isEmpty ? 0 : Double(episodes.map(\.safetyViolations).reduce(0, +)) / Double(episodes.count)
        self.liftHeight = liftHeight
        skillsLiftingObjects = liftHeight.map { Self.liftingFraction(episodes, skillCount: skillCount, height: $0) }

        // Discriminators.
        let names = Set(episodes.flatMap(\.discriminatorLogProbabilities.keys))
        let main = names.contains("skill") ? "skill" : names.contains("joint") ? "joint" : nil
        if let main {
            let table = Self.classify(episodes, discriminator: main, skillCount: skillCount)
            classifiedStates = table.states
            accuracy = table.states > 0 ? Double(table.correct.reduce(0, +)) / Double(table.states) : nil
            perSkillAccuracy = (0..<skillCount).map { Double(table.correct[$0]) / Double(max(table.perSkill[$0], 1)) }
            confusion = (0..<skillCount).map { z in table.predicted[z].map { Double($0) / Double(max(table.perSkill[z], 1)) } }
            mutualInformationLowerBound = table.states > 0 ? log(Double(skillCount)) + table.logProbabilitySum / Double(table.states) : nil
        } else {
            classifiedStates = 0
            accuracy = nil
            perSkillAccuracy = []
            confusion = []
            mutualInformationLowerBound = nil
        }
        if names.contains("joint") {
            jointAccuracy = Self.classify(episodes, discriminator: "joint", skillCount: skillCount).accuracy
            perAgentAccuracy = [:]
            for name in names where name.hasPrefix("agent") {
                perAgentAccuracy[name] = Self.classify(episodes, discriminator: name, skillCount: skillCount).accuracy
            }
        } else {
            jointAccuracy = nil
            perAgentAccuracy = [:]
        }
        let agents = CoordinationMetric.agentNames(in: episodes)
        relativePositionCellsPerPair = agents.count >= 2 ? CoordinationMetric.relativePositionCoverage(episodes, agents: agents).cellsPerPair : nil
        let landmarks = CoordinationMetric.landmarkNames(in: episodes)
        assignmentPatterns = agents.count >= 2 && !landmarks.isEmpty ? CoordinationMetric.assignmentPatterns(episodes, agents: agents, landmarks: landmarks) : nil

        // Positions.
        let positionNames = Set(episodes.flatMap(\.positions.keys))
        trackedPosition = Self.trackedPosition(in: positionNames)
        if let name = trackedPosition {
            var all = Set<Cell>()
            var perSkill = [Set<Cell>](repeating: [], count: skillCount)
            var counts: [Cell: [Int]] = [:]
            for episode in episodes where (0..<skillCount).contains(episode.skill) {
                for point in episode.positions[name] ?? [] {
                    let cell = Cell(point, size: cellSize)
                    all.insert(cell)
                    perSkill[episode.skill].insert(cell)
                    counts[cell, default: [Int](repeating: 0, count: skillCount)][episode.skill] += 1
                }
            }
            stateCoverageCells = all.count
            perSkillCoverageCells = perSkill.map(\.count)
            // Summed in a fixed cell order: dictionary order changes from process to process, and
            // so would the last bits of the sum.
            let rows = counts.sorted { ($0.key.x, $0.key.y) < ($1.key.x, $1.key.y) }.map(\.value)
            mutualInformationPlugin = Self.pluginMutualInformation(rows, skillCount: skillCount)
        } else {
            stateCoverageCells = nil
            perSkillCoverageCells = []
            mutualInformationPlugin = nil
        }

        let objectNames = positionNames.filter { $0.hasPrefix("object") }.sorted()
        if objectNames.isEmpty {
            objectCoverageCells = nil
            skillsMovingObjects = nil
            objectDisplacementCells = nil
            objectMoveDirections = nil
            perSkillObjectDisplacement = []
        } else {
            var cells = Set<Cell>(), displacementCells = Set<Cell>()
            var moving = Set<Int>()
            let threshold = self.objectMoveThreshold
            var finalSums = [[SIMD2<Float>]](repeating: [SIMD2<Float>](repeating: .zero, count: objectNames.count), count: skillCount)
            var episodeCounts = [Int](repeating: 0, count: skillCount)
            for episode in episodes {
                let known = (0..<skillCount).contains(episode.skill)
                if known { episodeCounts[episode.skill] += 1 }
                for (o, name) in objectNames.enumerated() {
                    guard let track = episode.positions[name], let start = track.first, let end = track.last else { continue }
                    for point in track {
                        cells.insert(Cell(point, size: cellSize))
                        let d = point - start
                        displacementCells.insert(Cell(centred: d, size: cellSize / 2))
                        if Double((d * d).sum()).squareRoot() > threshold { moving.insert(episode.skill) }
                    }
                    if known { finalSums[episode.skill][o] += end - start }
                }
            }
            objectCoverageCells = cells.count
            skillsMovingObjects = Double(moving.filter { (0..<skillCount).contains($0) }.count) / Double(skillCount)
            objectDisplacementCells = displacementCells.count
            var sectors = Set<Int>()
            perSkillObjectDisplacement = (0..<skillCount).map { skill in
                let means = finalSums[skill].map { $0 / Float(max(episodeCounts[skill], 1)) }
                let largest = means.max { ($0 * $0).sum() < ($1 * $1).sum() } ?? .zero
                if Double((largest * largest).sum()).squareRoot() >= threshold {
                    let angle = Double(_atan2f(largest.y, largest.x)) + Double.pi
                    sectors.insert(min(Int(angle / (Double.pi / 4)), 7))
                }
                return largest
            }
            objectMoveDirections = sectors.count
        }
    }

    /// The fraction of skills that hold some `object...` position at least `height` above its
    /// start for ``liftSteps`` consecutive steps in one of their episodes.
    static func liftingFraction(_ episodes: [SkillEpisode], skillCount: Int, height: Double) -> Double {
        var lifting = Set<Int>()
        for episode in episodes where (0..<skillCount).contains(episode.skill) {
            for (name, track) in episode.positions where name.hasPrefix("object") {
                guard let start = track.first else { continue }
                var run = 0
                for point in track {
                    run = Double(point.y - start.y) >= height ? run + 1 : 0
                    if run >= liftSteps { lifting.insert(episode.skill); break }
                }
            }
        }
        return Double(lifting.count) / Double(skillCount)
    }

    /// Which named position coverage and pictures follow: `"agent"`, else `"end_effector"`, else
    /// `"tip"`, else `"agent0"`, else the first name in order; `nil` without names.
    public static func trackedPosition(in names: Set<String>) -> String? {
        for name in ["agent", "end_effector", "tip", "agent0"] where names.contains(name) { return name }
        return names.sorted().first
    }

    /// I(Z; C) of a skill x cell count table given as one row of K counts per cell, nats:
    /// sum over cells c and skills z with n(z,c) > 0 of (n(z,c)/n) log(n(z,c) n / (n(z) n(c))).
    /// 0 for an empty table.
    public static func pluginMutualInformation(_ cellRows: [[Int]], skillCount: Int) -> Double {
        var skillTotals = [Int](repeating: 0, count: skillCount)
        var total = 0
        for row in cellRows {
            for (z, n) in row.enumerated() { skillTotals[z] += n }
            total += row.reduce(0, +)
        }
        guard total > 0 else { return 0 }
        let n = Double(total)
        var information = 0.0
        for row in cellRows {
            let cellTotal = Double(row.reduce(0, +))
            for (z, count) in row.enumerated() where count > 0 {
                let joint = Double(count)
                information += joint / n * log(joint * n / (Double(skillTotals[z]) * cellTotal))
            }
        }
        return max(information, 0)
    }

    /// One discriminator's hits over the episodes: correct classifications and states per skill,
    /// and the sum of log q(z_e | s).
    static func classify(_ episodes: [SkillEpisode], discriminator name: String, skillCount: Int)
        -> (correct: [Int], perSkill: [Int], predicted: [[Int]], states: Int, logProbabilitySum: Double, accuracy: Double?)
    {
        var correct = [Int](repeating: 0, count: skillCount)
        var predicted = [[Int]](repeating: [Int](repeating: 0, count: skillCount), count: skillCount)
        var perSkill = [Int](repeating: 0, count: skillCount)
        var sum = 0.0
        for episode in episodes where (0..<skillCount).contains(episode.skill) {
            guard let table = episode.discriminatorLogProbabilities[name] else { continue }
            let z = episode.skill
            for row in 0..<(table.count / skillCount) {
                let start = row * skillCount
                var best = start
                for k in start..<(start + skillCount) where table[k] > table[best] { best = k }
                if best - start == z { correct[z] += 1 }
                predicted[z][best - start] += 1
                perSkill[z] += 1
                sum += Double(table[start + z])
            }
        }
        let states = perSkill.reduce(0, +)
        return (correct, perSkill, predicted, states, sum, states > 0 ? Double(correct.reduce(0, +)) / Double(states) : nil)
    }

    /// A square cell of the position grid.
    struct Cell: Hashable {
        var x: Int
        var y: Int

        init(_ point: SIMD2<Float>, size: Double) {
            // Clamped so a far-away (but finite) point cannot overflow the index.
            x = Int(max(-1e15, min(1e15, (Double(point.x) / size).rounded(.down))))
            y = Int(max(-1e15, min(1e15, (Double(point.y) / size).rounded(.down))))
        }

        /// The cell of side `size` centred on the nearest multiple of `size`: the zero vector and
        /// anything within size/2 of it share one cell.
        init(centred point: SIMD2<Float>, size: Double) {
            x = Int(max(-1e15, min(1e15, (Double(point.x) / size).rounded())))
            y = Int(max(-1e15, min(1e15, (Double(point.y) / size).rounded())))
        }
    }
}
