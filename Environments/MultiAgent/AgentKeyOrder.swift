/// Finds which agent a dictionary entry belongs to without hashing its key, by remembering the
/// order in which the last dictionary listed the agents.
///
/// The arenas' API is keyed by agent id (`[String: [Float]]`, PettingZoo style), but a step only
/// needs "the action of agent i" and "write the observation of agent i". Looking each agent up
/// by key hashes the id every time (SipHash over the string, then probing), which at a few
/// microseconds per step is a visible share. Dictionaries built the same way in one process
/// list their keys in the same order, so walking the entries in storage order and checking the
/// remembered guess costs one string comparison per entry; agent ids are short ASCII strings
/// stored inline, so an equal pair compares as two machine words. A wrong guess (a dictionary
/// built differently) falls back to a linear search over the ids and updates the memory.
///
/// ```swift
/// var order = AgentKeyOrder(agents: ["agent0", "agent1"])
/// var k = 0
/// for (key, action) in actions {
///     guard let agent = order.agent(at: k, key: key) else { /* not an agent */ }
///     k += 1
/// }
/// ```
struct AgentKeyOrder: Sendable {
    /// The agent ids, agent `i` at index `i`.
    let agents: [String]
    /// The agent number of the k-th entry of the last dictionary walked.
    private var order: [Int]

    init(agents: [String]) {
        self.agents = agents
        order = Array(agents.indices)
    }

    /// The number of the agent whose id is `key`, the `position`-th entry of the dictionary
    /// being walked; `nil` when `key` is not an agent id.
    @inline(__always)
    mutating func agent(at position: Int, key: String) -> Int? {
        if position < order.count {
            let guess = order[position]
            if agents[guess] == key { return guess }
        }
        guard let found = agents.firstIndex(of: key) else { return nil }
        if position < order.count { order[position] = found }
        return found
    }
}
