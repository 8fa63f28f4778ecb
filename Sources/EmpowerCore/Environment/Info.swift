/// Extra information returned with a reset or a step: a small typed container.
///
/// Named values come in three flavours (``floats``, ``ints``, ``bools``) so that nothing has to be
/// cast; two fields have a fixed meaning across Empower: ``safetyEvents`` (filled by
/// environments that can be unsafe, read by SLIM) and ``episode`` (filled by
/// ``RecordEpisodeStatistics`` when an episode ends).
///
/// ```swift
/// var info = Info()
/// info.floats["distance_to_goal"] = 0.3
/// info.bools["is_success"] = true
/// ```
///
/// An empty `Info` allocates nothing, so environments that report nothing pay nothing per step.
public struct Info: Hashable, Codable, Sendable {
    public var floats: [String: Float]
    public var ints: [String: Int]
    public var bools: [String: Bool]
    /// Safety events of this step, when the environment tracks them.
    public var safetyEvents: SafetyEvents?
    /// Statistics of the episode that just ended (see ``RecordEpisodeStatistics``).
    public var episode: EpisodeStatistics?

    public init(
        floats: [String: Float] = [:], ints: [String: Int] = [:], bools: [String: Bool] = [:],
        safetyEvents: SafetyEvents? = nil, episode: EpisodeStatistics? = nil
    ) {
        self.floats = floats
        self.ints = ints
        self.bools = bools
        self.safetyEvents = safetyEvents
        self.episode = episode
    }

    /// Whether nothing at all is recorded.
    public var isEmpty: Bool {
        floats.isEmpty && ints.isEmpty && bools.isEmpty && safetyEvents == nil && episode == nil
    }
}
