/// How varied the agents' arrangements are: the coverage of the cells of their relative
/// positions, the coordination measure of a multi-agent (MASD) evaluation.
///
/// For every unordered pair of agents (i < j) and every recorded point t of every episode, the
/// offset d = p_j(t) - p_i(t) is binned into square cells of side `cellSize` (default 0.2 m;
/// offsets in the ParticleSpread/CooperativePush arenas lie in [-2, 2]², so 400 cells per pair).
/// The measure is the number of distinct (pair, cell) bins visited over all episodes, divided by
/// the number of pairs:
///
///     relative coverage = |{ (i, j, cell(p_j(t) - p_i(t))) : i < j, every t, every episode }| / (N (N - 1) / 2)
///
/// It counts formations, not places: agents that keep one formation while travelling score
/// low however far they go; skills that each hold a different arrangement (spread out, bunched,
/// in a line) score high. Alone it does not say the arrangement depends on the skill, so
/// ``perSkill`` gives the same count for each skill's episodes (the mean over skills is the
/// typical number of arrangements within one skill; many cells overall with few per skill means
/// skills differ by formation).
///
/// ```swift
/// let coverage = CoordinationMetric.relativePositionCoverage(episodes, agents: ["agent0", "agent1", "agent2"])
/// coverage.cellsPerPair     // e.g. 61.3
/// ```
public enum CoordinationMetric {
    /// The default cell side, metres.
    public static let defaultCellSize: Float = 0.2

    public struct Coverage: Sendable, Equatable {
        /// Distinct (pair, cell) bins over all episodes, divided by the number of pairs.
        public var cellsPerPair: Double
        /// The same over each skill's episodes alone, indexed by skill (skills without episodes: 0).
        public var perSkill: [Double]
        /// The number of agent pairs, N (N - 1) / 2.
        public var pairs: Int
        public var cellSize: Float
    }

    /// The agent tracks an evaluation can use: "agent0", "agent1", ... present in the episodes'
    /// positions, in index order.
    public static func agentNames(in episodes: [SkillEpisode]) -> [String] {
        guard let first = episodes.first else { return [] }
        var names: [String] = []
        while first.positions["agent\(names.count)"] != nil { names.append("agent\(names.count)") }
        return names
    }

    /// Relative-position coverage of `agents` (track names in ``SkillEpisode/positions``) over
    /// `episodes`. Episodes lacking a track are skipped for the pairs that need it.
    /// - Precondition: `cellSize > 0`.
    public static func relativePositionCoverage(
        _ episodes: [SkillEpisode], agents: [String], cellSize: Float = defaultCellSize
    ) -> Coverage {
        precondition(cellSize > 0, "CoordinationMetric: the cell size must be positive, got \(cellSize)")
        let pairs = agents.count * (agents.count - 1) / 2
        guard pairs > 0 else { return Coverage(cellsPerPair: 0, perSkill: [], pairs: 0, cellSize: cellSize) }
        let skillCount = (episodes.map(\.skill).max() ?? -1) + 1
        var all = Set<SIMD4<Int32>>()
        var bySkill = [Set<SIMD4<Int32>>](repeating: [], count: skillCount)
        for episode in episodes {
            for i in 0..<agents.count {
                guard let a = episode.positions[agents[i]] else { continue }
                for j in (i + 1)..<agents.count {
                    guard let b = episode.positions[agents[j]] else { continue }
                    for t in 0..<min(a.count, b.count) {
                        let cell = ((b[t] - a[t]) / cellSize).rounded(.down)
                        let key = SIMD4<Int32>(Int32(i), Int32(j), Int32(cell.x), Int32(cell.y))
                        all.insert(key)
                        if episode.skill >= 0 { bySkill[episode.skill].insert(key) }
                    }
                }
            }
        }
        return Coverage(
            cellsPerPair: Double(all.count) / Double(pairs),
            perSkill: bySkill.map { Double($0.count) / Double(pairs) },
            pairs: pairs, cellSize: cellSize)
    }

    /// The landmark tracks an evaluation can use: "landmark0", "landmark1", ... present in the
    /// episodes' positions, in index order.
    public static func landmarkNames(in episodes: [SkillEpisode]) -> [String] {
        guard let first = episodes.first else { return [] }
        var names: [String] = []
        while first.positions["landmark\(names.count)"] != nil { names.append("landmark\(names.count)") }
        return names
    }

    /// Which landmark each agent ends an episode nearest to: the episode's assignment pattern
    /// (agent i -> the index of the landmark nearest its last recorded position; ties to the
    /// lower index). Patterns that differ only in which agent took which landmark are
    /// different patterns: that is what a joint skill decides and a per-agent one cannot.
    /// nil when the episode lacks a track.
    public static func assignmentPattern(of episode: SkillEpisode, agents: [String], landmarks: [String]) -> [Int]? {
        var pattern: [Int] = []
        for agent in agents {
            guard let end = episode.positions[agent]?.last else { return nil }
            var best: (index: Int, distance: Float)?
            for (k, landmark) in landmarks.enumerated() {
                guard let place = episode.positions[landmark]?.last else { return nil }
                let offset = place - end
                let distance = (offset * offset).sum()
                if best == nil || distance < best!.distance { best = (k, distance) }
            }
            guard let best else { return nil }
            pattern.append(best.index)
        }
        return pattern
    }

    /// How many ways of sharing the landmarks out the skills reach: each skill's pattern is the
    /// most frequent ``assignmentPattern(of:agents:landmarks:)`` of its episodes (ties to the
    /// lexicographically smallest), and the count is of distinct patterns among the skills
    /// (at most K). Taking each skill's most frequent pattern keeps the random landmark
    /// placements of single episodes from counting as skills.
    public static func assignmentPatterns(_ episodes: [SkillEpisode], agents: [String], landmarks: [String]) -> Int {
        var bySkill: [Int: [[Int]: Int]] = [:]
        for episode in episodes {
            guard let pattern = assignmentPattern(of: episode, agents: agents, landmarks: landmarks) else { continue }
            bySkill[episode.skill, default: [:]][pattern, default: 0] += 1
        }
        let modes = bySkill.values.compactMap { counts in
            counts.min { a, b in a.value != b.value ? a.value > b.value : a.key.lexicographicallyPrecedes(b.key) }?.key
        }
        return Set(modes).count
    }
}
