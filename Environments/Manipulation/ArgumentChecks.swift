import EmpowerCore
import EmpowerPhysics

/// Validation of the constructor arguments the manipulation environments share, with messages
/// that name the environment, the argument, the bad value and what is allowed.
enum ArgumentChecks {
    static func invalid(_ environment: String, _ argument: String, _ value: String, _ message: String) -> EnvironmentError {
        EnvironmentError(
            .invalidArgument, "\(environment): \(message)",
            context: ["environment": environment, "argument": argument, "value": value])
    }

    /// A goal of two finite values inside `region`, or `nil` when none was given.
    static func goal(_ values: [Float]?, inside region: Rectangle, environment: String) throws(EnvironmentError) -> SIMD2<Float>? {
        guard let values else { return nil }
        let lo = region.minimum, hi = region.maximum
        guard values.count == 2, values.allSatisfy(\.isFinite), region.contains(SIMD2(values[0], values[1])) else {
            throw invalid(
                environment, "goal", "\(values)",
                "goal must be 2 values [x, y] with x in \(lo.x)...\(hi.x) and y in \(lo.y)...\(hi.y), got \(values)")
        }
        return SIMD2(values[0], values[1])
    }

    static func maxEpisodeSteps(_ value: Int, environment: String) throws(EnvironmentError) {
        guard value > 0 else {
            throw invalid(environment, "maxEpisodeSteps", "\(value)", "maxEpisodeSteps must be positive, got \(value)")
        }
    }

    static func impulseThreshold(_ value: Float, environment: String) throws(EnvironmentError) {
        guard value.isFinite, value > 0 else {
            throw invalid(
                environment, "impulseThreshold", "\(value)",
                "impulseThreshold must be a positive number of N*s, got \(value)")
        }
    }
}
