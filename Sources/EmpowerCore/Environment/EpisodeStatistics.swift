/// The return and length of a finished episode, written into ``Info/episode`` by
/// ``RecordEpisodeStatistics`` on the step that ends the episode.
public struct EpisodeStatistics: Hashable, Codable, Sendable {
    /// The undiscounted sum of rewards (accumulated in `Double`).
    public var episodeReturn: Double
    /// The number of steps taken.
    public var length: Int

    public init(episodeReturn: Double, length: Int) {
        self.episodeReturn = episodeReturn
        self.length = length
    }
}
