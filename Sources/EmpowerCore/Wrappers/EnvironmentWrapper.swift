/// An environment that wraps another and changes part of its behaviour.
///
/// Every requirement is forwarded to ``base`` by default, so a wrapper implements only what it
/// changes (the time limit, the action mapping, ...). Wrappers are value types holding their
/// base by value; they stack: `try TimeLimit(RescaleAction(env, ...), maxEpisodeSteps: 50)`.
///
/// A wrapper with per-episode state of its own (a step counter, a running return) must also
/// override `snapshot()` / `restore(_:)` to include it, as ``TimeLimit`` does.
public protocol EnvironmentWrapper: Environment {
    associatedtype Base: Environment
    /// The wrapped environment.
    var base: Base { get set }
}

extension EnvironmentWrapper {
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

/// The payload of a wrapper's snapshot: the base's snapshot plus the wrapper's own state.
struct WrapperSnapshot<State: Sendable>: Sendable {
    var base: EnvironmentSnapshot
    var state: State
}
