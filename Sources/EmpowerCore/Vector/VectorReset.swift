/// What ``VectorEnvironment/reset(seed:)`` returns.
public struct VectorReset: Sendable {
    /// `count × observationSize` floats, row-major.
    public var observations: [Float]
    public var infos: [Info]

    public init(observations: [Float], infos: [Info]) {
        self.observations = observations
        self.infos = infos
    }
}
