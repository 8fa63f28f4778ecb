/// How one call to ``World/step(_:)`` advances time: `substeps` Box2D steps of `timeStep`
/// seconds, each with the given solver iterations.
///
/// ```swift
/// let control = try StepSettings(timeStep: 1.0 / 120, substeps: 2)   // a 60 Hz control step
/// world.step(control)
/// ```
public struct StepSettings: Sendable, Hashable, Codable {
    public let timeStep: Float
    public let velocityIterations: Int
    public let positionIterations: Int
    public let substeps: Int

    /// Box2D's recommended defaults: 1/60 s, 8 velocity and 3 position iterations, 1 substep.
    public static let standard = StepSettings(unchecked: 1.0 / 60, 8, 3, 1)

    public init(timeStep: Float = 1.0 / 60, velocityIterations: Int = 8, positionIterations: Int = 3, substeps: Int = 1) throws(PhysicsError) {
        guard timeStep.isFinite, timeStep > 0, timeStep <= 1 else {
            throw PhysicsError(.invalidStep, "timeStep must be in (0, 1] seconds; 1/60 is typical", context: ["timeStep": "\(timeStep)"])
        }
        guard (1...100).contains(velocityIterations), (1...100).contains(positionIterations) else {
            throw PhysicsError(
                .invalidStep, "solver iterations must be in 1...100 (defaults 8 and 3)",
                context: ["velocityIterations": "\(velocityIterations)", "positionIterations": "\(positionIterations)"])
        }
        guard (1...1000).contains(substeps) else {
            throw PhysicsError(.invalidStep, "substeps must be in 1...1000", context: ["substeps": "\(substeps)"])
        }
        self.init(unchecked: timeStep, velocityIterations, positionIterations, substeps)
    }

    init(unchecked timeStep: Float, _ velocityIterations: Int, _ positionIterations: Int, _ substeps: Int) {
        self.timeStep = timeStep
        self.velocityIterations = velocityIterations
        self.positionIterations = positionIterations
        self.substeps = substeps
    }

    private enum CodingKeys: String, CodingKey { case timeStep, velocityIterations, positionIterations, substeps }

    /// Decodes and validates; missing keys take the ``standard`` values.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            timeStep: try c.decodeIfPresent(Float.self, forKey: .timeStep) ?? Self.standard.timeStep,
            velocityIterations: try c.decodeIfPresent(Int.self, forKey: .velocityIterations) ?? Self.standard.velocityIterations,
            positionIterations: try c.decodeIfPresent(Int.self, forKey: .positionIterations) ?? Self.standard.positionIterations,
            substeps: try c.decodeIfPresent(Int.self, forKey: .substeps) ?? Self.standard.substeps)
    }

    /// Seconds of simulated time per call.
    public var duration: Float { timeStep * Float(substeps) }
}
