import EmpowerNN

/// One saved training state: named tensors (networks, optimizer moments, replay buffer, RNG
/// states, counters) and free-form metadata bytes (usually JSON: step, configuration hash,
/// wall-clock time).
///
/// ```swift
/// if let checkpoint = try store.latest() {
///     try ParameterFile.assign(checkpoint.named(withPrefix: "actor."), to: actor.parameters, source: "checkpoint")
///     try buffer.restore(from: checkpoint.tensors, prefix: "replay")
/// }
/// ```
public struct Checkpoint: Sendable {
    /// The environment step the state was saved at.
    public var step: Int
    /// Every tensor by name.
    public var tensors: [String: Tensor]
    /// The tensor names in the order they were saved.
    public var orderedNames: [String]
    /// The metadata bytes given to ``CheckpointStore/save(step:tensors:metadata:)``.
    public var metadata: [UInt8]

    public init(step: Int, tensors: [String: Tensor], orderedNames: [String], metadata: [UInt8]) {
        self.step = step
        self.tensors = tensors
        self.orderedNames = orderedNames
        self.metadata = metadata
    }

    /// The tensors whose names start with `prefix`, in saved order, names unchanged.
    public func named(withPrefix prefix: String) -> [(name: String, tensor: Tensor)] {
        orderedNames.compactMap { name in
            guard name.hasPrefix(prefix), let tensor = tensors[name] else { return nil }
            return (name, tensor)
        }
    }

    /// The metadata decoded as UTF-8 text (JSON metadata reads directly).
    public var metadataText: String { String(decoding: metadata, as: UTF8.self) }
}
