/// One problem found by the environment checker.
///
/// Problems of the same kind are reported once, with the first occurrence's message and the
/// number of occurrences, so a bug hit at every step does not drown the others.
public struct CheckProblem: Hashable, Sendable, CustomStringConvertible {
    /// What kind of contract the environment broke.
    public enum Kind: String, CaseIterable, Sendable {
        /// A sample of the action space is not in the space, or has the wrong length.
        case actionSampling = "action_sampling"
        /// `step` threw on an action sampled from the action space.
        case sampledActionRejected = "sampled_action_rejected"
        /// `reset` threw.
        case resetFailed = "reset_failed"
        /// `step` threw something other than an action error.
        case stepFailed = "step_failed"
        /// An observation whose length differs from the observation space's flat size.
        case wrongObservationLength = "wrong_observation_length"
        /// An observation of the right length outside the observation space.
        case observationOutOfSpace = "observation_out_of_space"
        /// NaN or an infinity in an observation.
        case nonFiniteObservation = "non_finite_observation"
        /// NaN or an infinity in a reward.
        case nonFiniteReward = "non_finite_reward"
        /// `reset(seed:)` twice with the same seed gave different observations.
        case resetNotReproducible = "reset_not_reproducible"
        /// The same seed and the same actions gave different observations, rewards or flags.
        case nonDeterministic = "non_deterministic"
        /// `step` after the episode ended returned instead of throwing.
        case stepAfterEndAccepted = "step_after_end_accepted"
        /// `step` accepted an action of the wrong length, or containing NaN.
        case invalidActionAccepted = "invalid_action_accepted"
        /// An episode ran past `spec.maxEpisodeSteps` without being truncated.
        case episodeLimitExceeded = "episode_limit_exceeded"
        /// `render` threw something other than `.unsupported`.
        case renderFailed = "render_failed"
        /// Frames of different sizes, or a frame whose pixel count does not match its size.
        case inconsistentRender = "inconsistent_render"
        /// Restoring a snapshot and replaying actions did not reproduce the same steps.
        case snapshotMismatch = "snapshot_mismatch"
        /// NaN or an infinity in `positions`.
        case nonFinitePosition = "non_finite_position"
        /// Multi-agent: agent lists, spaces or result dictionaries that do not agree.
        case agentMismatch = "agent_mismatch"
        /// Multi-agent: `state()` threw, or returned a value outside `stateSpace`.
        case invalidState = "invalid_state"
    }

    public let kind: Kind
    /// What was wrong the first time, where, and what was expected.
    public let message: String
    /// How many times this kind of problem was seen.
    public internal(set) var occurrences: Int

    public init(kind: Kind, message: String, occurrences: Int = 1) {
        self.kind = kind
        self.message = message
        self.occurrences = occurrences
    }

    public var description: String {
        occurrences > 1 ? "[\(kind.rawValue)] \(message) (seen \(occurrences) times)" : "[\(kind.rawValue)] \(message)"
    }
}
