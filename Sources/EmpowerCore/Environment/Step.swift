/// What ``Environment/step(_:)`` returns.
///
/// The two end flags mean different things to a learner, as in Gymnasium:
/// - ``isTerminated``: the MDP reached a terminal state; the value of the next state is 0, so
///   do not bootstrap.
/// - ``isTruncated``: the episode was cut short (time limit, out of bounds) in a state that has a
///   future; bootstrap from ``observation``, which is the true final observation.
public struct Step: Sendable {
    public var observation: [Float]
    public var reward: Float
    public var isTerminated: Bool
    public var isTruncated: Bool
    public var info: Info

    public init(observation: [Float], reward: Float, isTerminated: Bool = false, isTruncated: Bool = false, info: Info = Info()) {
        self.observation = observation
        self.reward = reward
        self.isTerminated = isTerminated
        self.isTruncated = isTruncated
        self.info = info
    }

    /// Whether the episode is over, for either reason; the next call must be `reset`.
    public var isDone: Bool { isTerminated || isTruncated }
}
