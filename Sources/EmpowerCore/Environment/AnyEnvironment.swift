/// A concrete wrapper around `any Environment`, so that an environment from the catalog (whose
/// type is only known at run time) can be wrapped and vectorized like any other.
///
/// ```swift
/// let env = AnyEnvironment(try catalog.make("PointMass-v0"))
/// let limited = try TimeLimit(env, maxEpisodeSteps: 50)
/// ```
public struct AnyEnvironment: Environment {
    public var base: any Environment

    public init(_ base: any Environment) {
        if let already = base as? AnyEnvironment {
            self.base = already.base
        } else {
            self.base = base
        }
    }

    public var spec: EnvironmentSpec { base.spec }
    public var observationSpace: Space { base.observationSpace }
    public var actionSpace: Space { base.actionSpace }
    public mutating func reset(seed: UInt64?) throws -> Reset { try base.reset(seed: seed) }
    public mutating func step(_ action: [Float]) throws -> Step { try base.step(action) }
    public mutating func render() throws -> Frame { try base.render() }
    public func snapshot() throws -> EnvironmentSnapshot { try base.snapshot() }
    public mutating func restore(_ snapshot: EnvironmentSnapshot) throws { try base.restore(snapshot) }
    public var positions: [String: SIMD2<Float>] { base.positions }
}
