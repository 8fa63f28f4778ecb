import EmpowerCore

/// What PointMass-v0 and PointMaze-v0 share around their dynamics: the argument checks, the
/// spec and spaces of a point in [-1, 1]², and the optional distance reward.
enum PointTask {
    /// The checked `goal` argument as a point; nil when none is given.
    /// - Throws: ``EnvironmentError`` `.invalidArgument` for a goal outside [-1, 1]² or not of
    ///   two values.
    static func goal(_ goal: [Float]?, environment: String) throws(EnvironmentError) -> SIMD2<Float>? {
        guard let goal else { return nil }
        guard goal.count == 2, goal.allSatisfy({ $0 >= -1 && $0 <= 1 }) else {
            throw EnvironmentError(
                .invalidArgument, "\(environment): goal must be 2 values in [-1, 1], got \(goal)",
                context: ["environment": environment, "argument": "goal", "value": "\(goal)"])
        }
        return SIMD2(goal[0], goal[1])
    }

    /// - Throws: ``EnvironmentError`` `.invalidArgument` for a non-positive episode limit.
    static func checkMaxEpisodeSteps(_ maxEpisodeSteps: Int, environment: String) throws(EnvironmentError) {
        guard maxEpisodeSteps > 0 else {
            throw EnvironmentError(
                .invalidArgument, "\(environment): maxEpisodeSteps must be positive, got \(maxEpisodeSteps)",
                context: ["environment": environment, "argument": "maxEpisodeSteps", "value": "\(maxEpisodeSteps)"])
        }
    }

    /// The spec of a point task: its one feature group `"xy"` is the whole observation.
    static func spec(id: String, summary: String, maxEpisodeSteps: Int) -> EnvironmentSpec {
        EnvironmentSpec(id: id, maxEpisodeSteps: maxEpisodeSteps, summary: summary, featureGroups: ["xy": [0, 1]], coverageCellSize: 0.2)
    }

    /// `Box(-1.0, 1.0, shape: [2])`: the observation space (the position) and the action space.
    static func square() throws -> Space { .box(try Box(low: -1, high: 1, shape: [2])) }

    /// `-|position - goal|`, or 0 without a goal.
    @inline(__always)
    static func reward(at position: SIMD2<Float>, goal: SIMD2<Float>?) -> Float {
        guard let goal else { return 0 }
        let d = position - goal
        return -(d.x * d.x + d.y * d.y).squareRoot()
    }
}
