import EmpowerCore

/// A deliberately broken environment: each `Bug` breaks one part of the contract, so the
/// checker's report can be compared with the bugs planted.
final class SharedCounter: @unchecked Sendable {
    var value: UInt64 = 0
}

struct BrokenEnvironment: Environment {
    enum Bug: String, CaseIterable, Sendable {
        case wrongObservationLength
        case observationOutOfSpace
        case nanObservation
        case infiniteReward
        case nonDeterministicStep
        case resetIgnoresSeed
        case continuesAfterEnd
        case acceptsWrongActionLength
        case actionSpaceMismatch
        case renderSizeChanges
        case snapshotForgetsState
        case ignoresEpisodeLimit
    }

    let bugs: Set<Bug>
    let spec: EnvironmentSpec
    let observationSpace: Space
    let actionSpace: Space
    private var x: Float = 0
    private var steps = 0
    private var hasEnded = true
    private var renders = 0
    private var generator = Xoshiro256(seed: 0)
    /// Shared across copies and never re-seeded: the source of the non-determinism bugs.
    private let leak = SharedCounter()

    init(_ bugs: Set<Bug>) throws {
        self.bugs = bugs
        spec = EnvironmentSpec(id: "Broken-v0", maxEpisodeSteps: 20, summary: "broken on purpose")
        observationSpace = .box(try Box(low: -10, high: 10, shape: [2]))
        actionSpace = .box(try Box(low: -1, high: 1, shape: [bugs.contains(.actionSpaceMismatch) ? 3 : 2]))
    }

    private func observation() -> [Float] {
        if bugs.contains(.wrongObservationLength) { return [x, 0, 0] }
        if bugs.contains(.observationOutOfSpace) && steps > 3 { return [x, 50] }
        if bugs.contains(.nanObservation) && steps > 2 { return [x, .nan] }
        return [x, Float(steps) / 10]
    }

    mutating func reset(seed: UInt64?) throws -> Reset {
        if let seed { generator = Xoshiro256(seed: seed) }
        leak.value += 1
        x = generator.nextFloat(in: -1, 1)
        if bugs.contains(.resetIgnoresSeed) { x = Float(leak.value % 7) / 10 }
        steps = 0
        hasEnded = false
        return Reset(observation: observation())
    }

    mutating func step(_ action: [Float]) throws -> Step {
        if hasEnded && !bugs.contains(.continuesAfterEnd) {
            throw EnvironmentError(.stepAfterEpisodeEnd, "ended")
        }
        if !bugs.contains(.acceptsWrongActionLength) {
            try EnvironmentError.validateAction(action, count: 2, environment: spec.id)
        }
        steps += 1
        x = Swift.min(Swift.max(x + 0.1 * (action.first ?? 0), -5), 5)
        if bugs.contains(.nonDeterministicStep) {
            leak.value += 1
            x += Float(leak.value % 3) * 0.01
        }
        let reward: Float = bugs.contains(.infiniteReward) && steps == 5 ? .infinity : -abs(x)
        let limit = bugs.contains(.ignoresEpisodeLimit) ? 30 : 20
        let truncated = steps >= limit
        if truncated { hasEnded = true }
        return Step(observation: observation(), reward: reward, isTruncated: truncated)
    }

    mutating func render() throws -> Frame {
        renders += 1
        let width = bugs.contains(.renderSizeChanges) ? 8 + renders : 8
        return try Frame(width: width, height: 6)
    }

    func snapshot() throws -> EnvironmentSnapshot {
        EnvironmentSnapshot(environmentID: spec.id, payload: BrokenState(x: x, steps: steps, hasEnded: hasEnded))
    }

    mutating func restore(_ snapshot: EnvironmentSnapshot) throws {
        let state = try snapshot.payload(as: BrokenState.self, for: spec.id)
        if !bugs.contains(.snapshotForgetsState) { x = state.x }
        steps = state.steps
        hasEnded = state.hasEnded
    }
}

struct BrokenState: Sendable {
    var x: Float
    var steps: Int
    var hasEnded: Bool
}
