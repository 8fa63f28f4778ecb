/// Collects problems, merging repeats of the same kind.
struct ProblemCollector {
    private(set) var problems: [CheckProblem] = []

    mutating func add(_ kind: CheckProblem.Kind, _ message: @autoclosure () -> String) {
        if let index = problems.firstIndex(where: { $0.kind == kind }) {
            problems[index].occurrences += 1
        } else {
            problems.append(CheckProblem(kind: kind, message: message()))
        }
    }

    /// Checks one observation against its space; `place` says where it came from.
    mutating func checkObservation(_ observation: [Float], in space: Space, environment: String, place: @autoclosure () -> String) {
        if observation.count != space.flatSize {
            add(.wrongObservationLength, "\(environment): \(place()) returned an observation of \(observation.count) floats, but the observation space \(space) has \(space.flatSize)")
            return
        }
        if let i = observation.firstIndex(where: { !$0.isFinite }) {
            add(.nonFiniteObservation, "\(environment): \(place()) returned an observation with \(observation[i]) at index \(i)")
            return
        }
        if !space.contains(observation) {
            add(.observationOutOfSpace, "\(environment): \(place()) returned the observation \(observation), which is outside the observation space \(space)")
        }
    }

    mutating func checkReward(_ reward: Float, environment: String, place: @autoclosure () -> String) {
        if !reward.isFinite {
            add(.nonFiniteReward, "\(environment): \(place()) returned the reward \(reward)")
        }
    }

    mutating func checkPositions(_ positions: [String: SIMD2<Float>], environment: String) {
        for (name, p) in positions.sorted(by: { $0.key < $1.key }) where !(p.x.isFinite && p.y.isFinite) {
            add(.nonFinitePosition, "\(environment): positions[\"\(name)\"] is \(p)")
        }
    }

    mutating func checkFrames(_ frames: [Frame], environment: String) {
        guard let first = frames.first else { return }
        for (i, frame) in frames.enumerated() {
            if frame.pixels.count != frame.width * frame.height * 3 {
                add(.inconsistentRender, "\(environment): render \(i) returned a \(frame.width)x\(frame.height) frame with \(frame.pixels.count) bytes instead of \(frame.width * frame.height * 3)")
            } else if frame.width != first.width || frame.height != first.height {
                add(.inconsistentRender, "\(environment): render \(i) returned a \(frame.width)x\(frame.height) frame after a \(first.width)x\(first.height) one; every frame must have the same size")
            }
        }
    }
}

/// Float comparison by bit pattern, so NaN == NaN and 0 != -0: what determinism means here.
func sameBits(_ a: [Float], _ b: [Float]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern }
}

/// Whether an error is the environment's way of saying "unsupported".
func isUnsupported(_ error: any Error) -> Bool {
    (error as? EnvironmentError)?.code == .unsupported
}
