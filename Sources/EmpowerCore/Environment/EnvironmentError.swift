/// Errors from environments, wrappers, vector environments and the catalog.
///
/// Messages name the environment, what was expected and what was given:
///
/// ```text
/// invalid_action: PointMass-v0 expects an action of 2 floats, got 3 [environment=PointMass-v0, ...]
/// ```
public typealias EnvironmentError = CodedError<EnvironmentErrorCode>

/// The codes of ``EnvironmentError``.
public enum EnvironmentErrorCode: String, Sendable {
    /// `step` was called before the first `reset`.
    case stepBeforeReset = "step_before_reset"
    /// `step` was called after the episode terminated or was truncated, without a `reset`.
    case stepAfterEpisodeEnd = "step_after_episode_end"
    /// An action of the wrong length.
    case invalidAction = "invalid_action"
    /// An action containing NaN or an infinity.
    case nonFiniteAction = "non_finite_action"
    /// An optional capability (render, snapshot) that this environment does not provide.
    case unsupported = "unsupported"
    /// A snapshot taken from another kind of environment.
    case invalidSnapshot = "invalid_snapshot"
    /// A constructor argument that is missing, of the wrong type, unknown or out of range.
    case invalidArgument = "invalid_argument"
    /// No environment registered under that id.
    case unknownEnvironment = "unknown_environment"
    /// An id registered twice in one catalog.
    case duplicateEnvironment = "duplicate_environment"
    /// A wrapper or vector environment that cannot be built over the given environment.
    case incompatibleEnvironment = "incompatible_environment"
    /// A multi-agent action dictionary naming a missing, unknown or finished agent.
    case invalidAgent = "invalid_agent"
    /// A Python environment raised an exception (message: the traceback's last line).
    case pythonError = "python_error"
    /// The process running a Python environment ended or stopped answering.
    case workerExited = "worker_exited"
    /// No Python interpreter could be started for a Python environment.
    case pythonUnavailable = "python_unavailable"
    /// A Python environment's space that Empower cannot translate.
    case unsupportedSpace = "unsupported_space"
}

extension EnvironmentError {
    /// Checks an action's length and finiteness; what every `step` does first.
    ///
    /// ```swift
    /// try EnvironmentError.validateAction(action, count: 2, environment: "PointMass-v0")
    /// ```
    /// Cost: O(count), no allocation unless it throws.
    /// - Throws: `.invalidAction` for a wrong length, `.nonFiniteAction` for NaN or infinity.
    @inlinable
    public static func validateAction(_ action: [Float], count: Int, environment: String) throws(EnvironmentError) {
        guard action.count == count else {
            throw EnvironmentError(
                .invalidAction,
                "\(environment) expects an action of \(count) floats, got \(action.count); pass one value per action dimension",
                context: ["environment": environment, "expected": "\(count)", "given": "\(action.count)"])
        }
        for i in action.indices where !action[i].isFinite {
            throw EnvironmentError(
                .nonFiniteAction,
                "\(environment) got a non-finite action value \(action[i]) at index \(i); check the policy output for NaN",
                context: ["environment": environment, "index": "\(i)", "value": "\(action[i])", "expected": "\(count)"])
        }
    }

    /// The error a default implementation throws for a capability an environment lacks.
    public static func unsupported(_ capability: String, environment: String) -> EnvironmentError {
        EnvironmentError(
            .unsupported, "\(environment) does not support \(capability)",
            context: ["environment": environment, "capability": capability])
    }
}
