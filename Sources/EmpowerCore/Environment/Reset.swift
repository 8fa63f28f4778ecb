/// What ``Environment/reset(seed:)`` returns: the first observation of an episode.
public struct Reset: Sendable {
    public var observation: [Float]
    public var info: Info

    public init(observation: [Float], info: Info = Info()) {
        self.observation = observation
        self.info = info
    }
}
