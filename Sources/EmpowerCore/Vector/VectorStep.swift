/// What ``VectorEnvironment/step(_:)`` returns; see ``VectorEnvironment`` for autoreset.
public struct VectorStep: Sendable {
    /// `count × observationSize` floats, row-major; the reset observation for envs that ended.
    public var observations: [Float]
    public var rewards: [Float]
    public var terminations: [Bool]
    public var truncations: [Bool]
    /// The info of each env's step (for an env that ended, the final step's info).
    public var infos: [Info]
    /// The true final observation for each env whose episode ended this step, `nil` otherwise.
    public var finalObservations: [[Float]?]

    public init(observations: [Float], rewards: [Float], terminations: [Bool], truncations: [Bool], infos: [Info], finalObservations: [[Float]?]) {
        self.observations = observations
        self.rewards = rewards
        self.terminations = terminations
        self.truncations = truncations
        self.infos = infos
        self.finalObservations = finalObservations
    }

    /// Whether env i's episode ended this step (it has already been reset).
    public func isDone(_ i: Int) -> Bool { terminations[i] || truncations[i] }
}
