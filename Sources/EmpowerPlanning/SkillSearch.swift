/// How ``SkillSearch`` explores skill sequences.
public enum SkillSearchStrategy: String, Sendable, CaseIterable {
    /// One sequence: at every depth the skill whose outcome has the lowest cost.
    case greedy
    /// The `beamWidth` lowest-cost sequences kept at every depth.
    case beam
}

/// Search over sequences of skills z_1 ... z_L that minimize a cost of the predicted outcome,
/// independent of what predicts it (a learned outcome model, the real simulator through
/// snapshots, or a toy function in a test).
///
/// With an outcome function s' = f(s, z) and a cost c(s) (for pushing: the distance of the
/// object to the goal), the search expands nodes level by level:
///
///     beam_0 = {root}
///     children_d = { (n, z) -> f(n.state, z) : n in beam_{d-1}, z in 0..<K }
///     beam_d = the B children of lowest cost (B = 1 for greedy)
///
/// and returns the lowest-cost node seen at any depth 0...L, so the plan can be shorter than L
/// (or empty when no skill sequence improves on doing nothing). Ties keep the earlier node:
/// shallower first, then lower parent rank, then lower skill index, so results are
/// deterministic. A child for which the outcome function returns `nil` (a dead end such as an
/// object pushed off the table) is dropped.
///
/// Cost: at most K + (L - 1) B K outcome evaluations (``SkillPlan/expansions`` counts them).
///
/// ```swift
/// let search = try SkillSearch(skillCount: 4, depth: 3, strategy: .beam, beamWidth: 8)
/// let plan = try search.search(from: start, cost: { abs($0 - 10) }, outcome: { x, z in x + Float(z) })
/// plan.skills   // [3, 3, 3]: 9 is as close to 10 as three steps get
/// ```
public struct SkillSearch: Sendable {
    /// K: skills to choose from at each step (0..<K).
    public let skillCount: Int
    /// L: the longest sequence considered.
    public let depth: Int
    public let strategy: SkillSearchStrategy
    /// B: sequences kept per depth by beam search (1 for greedy whatever is given).
    public let beamWidth: Int

    /// - Throws: ``PlanningError`` `.invalidSetting` for a skill count, depth or beam width below 1.
    public init(skillCount: Int, depth: Int, strategy: SkillSearchStrategy, beamWidth: Int = 4) throws(PlanningError) {
        guard skillCount >= 1 else { throw PlanningError(.noSkills, "a skill search needs at least one skill, got \(skillCount)", context: ["skills": "\(skillCount)"]) }
        guard (1...64).contains(depth) else { throw .setting("depth", depth, allowed: "1 to 64 skills") }
        guard (1...4096).contains(beamWidth) else { throw .setting("beam", beamWidth, allowed: "1 to 4096 sequences") }
        self.skillCount = skillCount
        self.depth = depth
        self.strategy = strategy
        self.beamWidth = strategy == .greedy ? 1 : beamWidth
    }

    /// Searches from `root`. `outcome(state, skill)` predicts the state after running the skill
    /// (`nil` for a dead end); `cost(state)` is what the plan minimizes.
    public func search<State>(
        from root: State, cost: (State) throws -> Float, outcome: (State, Int) throws -> State?
    ) throws -> SkillPlan<State> {
        let rootCost = try cost(root)
        var beam = [Node(skills: [], states: [], costs: [], state: root, cost: rootCost)]
        var best = beam[0]
        var expansions = 0
        for _ in 0..<depth {
            var children: [Node<State>] = []
            children.reserveCapacity(beam.count * skillCount)
            for parent in beam {
                for skill in 0..<skillCount {
                    expansions += 1
                    guard let next = try outcome(parent.state, skill) else { continue }
                    let c = try cost(next)
                    children.append(Node(
                        skills: parent.skills + [skill], states: parent.states + [next], costs: parent.costs + [c],
                        state: next, cost: c.isNaN ? .infinity : c))
                }
            }
            if children.isEmpty { break }
            // Stable order: equal costs keep parent rank, then skill index.
            let order = children.indices.sorted { (children[$0].cost, $0) < (children[$1].cost, $1) }
            beam = order.prefix(beamWidth).map { children[$0] }
            if beam[0].cost < best.cost { best = beam[0] }
        }
        return SkillPlan(skills: best.skills, states: best.states, costs: best.costs, rootCost: rootCost, expansions: expansions)
    }

    struct Node<State> {
        var skills: [Int]
        var states: [State]
        var costs: [Float]
        var state: State
        var cost: Float
    }
}

/// The result of a ``SkillSearch``: the chosen skills with the outcome and cost predicted after
/// each of them.
public struct SkillPlan<State> {
    /// The skills to run, in order (empty when doing nothing is best).
    public var skills: [Int]
    /// The predicted state after each skill.
    public var states: [State]
    /// The cost of each of those states.
    public var costs: [Float]
    /// The cost of the start state.
    public var rootCost: Float
    /// Outcome evaluations the search made.
    public var expansions: Int

    /// The predicted cost at the end of the plan (the start cost for an empty plan).
    public var finalCost: Float { costs.last ?? rootCost }
}
