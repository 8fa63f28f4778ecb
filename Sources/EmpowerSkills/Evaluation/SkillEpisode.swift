import EmpowerBase

/// One evaluation episode of one skill: everything the diversity metrics, the trajectory
/// pictures and the animations are computed from.
///
/// Any trainer that can roll out its skills (DIAYN, MASD, SLIM) produces these, so evaluation
/// is written once over `[SkillEpisode]`.
///
/// ```swift
/// var generator = Xoshiro256(seed: 7)
/// let episode = try trainer.rolloutSkill(3, seed: 11, stochastic: false, recordFrames: false, using: &generator)
/// let path = episode.positions["agent"] ?? []   // reset position first, then one per step
/// ```
public struct SkillEpisode: Sendable {
    /// The skill z the policy was conditioned on.
    public var skill: Int
    /// Named xy tracks ("agent", "end_effector", "object0", "agent0", ...): the position at
    /// reset, then one point after every step, so each track holds `length + 1` points.
    public var positions: [String: [SIMD2<Float>]]
    /// Per discriminator ("skill" for single-discriminator methods; "joint", "agent0",
    /// "agent1", ... for MASD): log q(. | s') after every step, row-major `[length x K]`.
    public var discriminatorLogProbabilities: [String: [Float]]
    /// Safety events the environment reported over the episode (0 when it reports none).
    public var safetyViolations: Int
    /// The sum of the environment's rewards.
    public var episodeReturn: Double
    /// Steps taken.
    public var length: Int
    /// Rendered frames (the reset frame first) when they were asked for, else empty.
    public var frames: [Frame]

    public init(
        skill: Int, positions: [String: [SIMD2<Float>]] = [:], discriminatorLogProbabilities: [String: [Float]] = [:],
        safetyViolations: Int = 0, episodeReturn: Double = 0, length: Int = 0, frames: [Frame] = []
    ) {
        self.skill = skill
        self.positions = positions
        self.discriminatorLogProbabilities = discriminatorLogProbabilities
        self.safetyViolations = safetyViolations
        self.episodeReturn = episodeReturn
        self.length = length
        self.frames = frames
    }
}
