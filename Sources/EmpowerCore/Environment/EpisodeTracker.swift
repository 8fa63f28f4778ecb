/// The episode bookkeeping every environment needs: has it been reset, has the episode ended,
/// how many steps were taken, and the time limit.
///
/// Embedding one keeps an environment's `step` honest about the contract (step before reset and
/// step after the end both throw) without repeating the checks:
///
/// ```swift
/// mutating func step(_ action: [Float]) throws(EnvironmentError) -> Step {
///     try tracker.beginStep(action, count: 2, environment: spec.id)
///     // ... advance the state ...
///     let isTruncated = tracker.endStep(isTerminated: false)
///     return Step(observation: observation, reward: 0, isTruncated: isTruncated)
/// }
/// ```
public struct EpisodeTracker: Hashable, Codable, Sendable {
    /// The step at which ``endStep(isTerminated:isTruncated:)`` reports truncation, if any.
    public var maxEpisodeSteps: Int?
    /// Steps taken in the current episode.
    public private(set) var elapsedSteps = 0
    /// Whether `reset` has been called at least once.
    public private(set) var hasReset = false
    /// Whether the current episode has ended (terminated or truncated).
    public private(set) var hasEnded = false

    public init(maxEpisodeSteps: Int?) {
        self.maxEpisodeSteps = maxEpisodeSteps
    }

    /// Marks the start of a new episode.
    public mutating func beginEpisode() {
        hasReset = true
        hasEnded = false
        elapsedSteps = 0
    }

    /// Checks that a step may be taken now and that the action is valid.
    /// - Throws: `.stepBeforeReset`, `.stepAfterEpisodeEnd`, `.invalidAction`, `.nonFiniteAction`.
    @inlinable
    public func beginStep(_ action: [Float], count: Int, environment: String) throws(EnvironmentError) {
        try checkCanStep(environment: environment)
        try EnvironmentError.validateAction(action, count: count, environment: environment)
    }

    /// Checks that a step may be taken now (reset done, episode not over).
    public func checkCanStep(environment: String) throws(EnvironmentError) {
        guard hasReset else {
            throw EnvironmentError(
                .stepBeforeReset, "\(environment): step was called before reset; call reset(seed:) first",
                context: ["environment": environment])
        }
        guard !hasEnded else {
            throw EnvironmentError(
                .stepAfterEpisodeEnd,
                "\(environment): step was called after the episode ended (after \(elapsedSteps) steps); call reset(seed:) to start a new episode",
                context: ["environment": environment, "elapsedSteps": "\(elapsedSteps)"])
        }
    }

    /// Counts the step and returns whether it is truncated: either `isTruncated` was already
    /// true, or the time limit was reached (and the episode did not terminate).
    public mutating func endStep(isTerminated: Bool, isTruncated: Bool = false) -> Bool {
        elapsedSteps += 1
        var truncated = isTruncated
        if !isTerminated, let limit = maxEpisodeSteps, elapsedSteps >= limit { truncated = true }
        if isTerminated || truncated { hasEnded = true }
        return truncated && !isTerminated
    }
}
