/// The exact state of an environment, opaque to everyone but the environment that made it.
///
/// Used for planning (try an action sequence, then go back). An environment stores whatever it
/// needs in ``payload`` and checks the type when restoring:
///
/// ```swift
/// func snapshot() throws -> EnvironmentSnapshot {
///     EnvironmentSnapshot(environmentID: spec.id, payload: state)
/// }
/// mutating func restore(_ snapshot: EnvironmentSnapshot) throws {
///     state = try snapshot.payload(as: State.self, for: spec.id)
/// }
/// ```
public struct EnvironmentSnapshot: Sendable {
    /// The id of the environment that took the snapshot.
    public let environmentID: String
    /// The environment-specific state.
    public let payload: any Sendable

    public init(environmentID: String, payload: any Sendable) {
        self.environmentID = environmentID
        self.payload = payload
    }

    /// The payload as the type the restoring environment expects.
    /// - Throws: ``EnvironmentError`` `.invalidSnapshot` when the snapshot came from another kind
    ///   of environment.
    public func payload<T>(as type: T.Type, for environment: String) throws(EnvironmentError) -> T {
        guard let value = payload as? T else {
            throw EnvironmentError(
                .invalidSnapshot,
                "\(environment) cannot restore a snapshot taken from \(environmentID); restore snapshots into the environment (and wrapper stack) that took them",
                context: ["environment": environment, "snapshot": environmentID, "payload": "\(Swift.type(of: payload))"])
        }
        return value
    }
}
