import EmpowerBase
import EmpowerNN

/// A tensor and the name it has in a checkpoint.
public typealias NamedTensor = (name: String, tensor: Tensor)

/// Something a checkpoint saves and restores: a learner (networks, targets, optimizer moments,
/// alpha), an objective's discriminators, a replay buffer, reward channels, the collector.
///
/// A part names its tensors relative to itself; where it sits in the checkpoint (its prefix) is
/// decided once, by whoever assembles the checkpoint, through ``CheckpointSection`` and
/// ``CheckpointTensors``:
///
/// ```swift
/// var tensors = CheckpointTensors()
/// tensors.add(learner)                      // at the top level
/// tensors.add(buffer, under: "replay")      // replay.observations, replay.actions, ...
/// // later
/// let section = CheckpointSection(checkpoint)
/// try buffer.restore(from: section.section("replay"))
/// ```
public protocol CheckpointPart {
    /// The part's state, each tensor named relative to the part.
    func checkpointTensors() -> [NamedTensor]
    /// Restores what ``checkpointTensors()`` wrote; `section` is already scoped to the part.
    /// - Throws: ``CheckpointError`` naming the missing or mismatched tensor and the checkpoint.
    mutating func restore(from section: CheckpointSection) throws(CheckpointError)
}

extension CheckpointPart {
    /// The part's tensors named `prefix.name`: what it contributes to a checkpoint under `prefix`.
    public func checkpointTensors(under prefix: String) -> [NamedTensor] {
        var tensors = CheckpointTensors()
        tensors.add(self, under: prefix)
        return tensors.all
    }
}

/// The tensors of a checkpoint being assembled, each part under its prefix.
public struct CheckpointTensors {
    public private(set) var all: [NamedTensor] = []

    public init() {}

    /// Adds `part`'s tensors, named `prefix.name` (or `name` at the top level).
    public mutating func add(_ part: some CheckpointPart, under prefix: String = "") {
        add(part.checkpointTensors(), under: prefix)
    }

    /// Adds tensors named `prefix.name` (or `name` at the top level).
    public mutating func add(_ tensors: [NamedTensor], under prefix: String = "") {
        all += prefix.isEmpty ? tensors : tensors.map { ("\(prefix).\($0.name)", $0.tensor) }
    }
}

/// A read-only view of a checkpoint's tensors under one prefix: what a ``CheckpointPart``
/// restores from. Missing tensors are errors that name the full tensor name and the checkpoint.
public struct CheckpointSection {
    /// Every tensor of the checkpoint, by full name.
    public let tensors: [String: Tensor]
    /// The prefix of this section ("" at the top level).
    public let prefix: String
    /// Names the checkpoint in messages ("the checkpoint at step 5000").
    public let source: String

    public init(tensors: [String: Tensor], prefix: String = "", source: String) {
        self.tensors = tensors
        self.prefix = prefix
        self.source = source
    }

    /// The whole of `checkpoint`.
    public init(_ checkpoint: Checkpoint) {
        self.init(tensors: checkpoint.tensors, source: "the checkpoint at step \(checkpoint.step)")
    }

    /// The sub-section `name` (prefix `prefix.name`).
    public func section(_ name: String) -> CheckpointSection {
        CheckpointSection(tensors: tensors, prefix: fullName(name), source: source)
    }

    /// The full name of `name` in this section.
    public func fullName(_ name: String) -> String { prefix.isEmpty ? name : "\(prefix).\(name)" }

    /// The tensor `name` of this section, or `nil`.
    public subscript(_ name: String) -> Tensor? { tensors[fullName(name)] }

    /// The tensor `name`, with `count` elements when given.
    /// - Throws: ``CheckpointError`` `.missingTensor` or `.shapeMismatch`.
    public func tensor(_ name: String, count: Int? = nil) throws(CheckpointError) -> Tensor {
        let full = fullName(name)
        guard let tensor = tensors[full] else {
            throw CheckpointError(.missingTensor, "\(source) has no tensor '\(full)'; it was written for another setup or by another program", context: ["tensor": full])
        }
        if let count, tensor.elementCount != count {
            throw CheckpointError(
                .shapeMismatch, "\(source) holds \(tensor.elementCount) values in '\(full)' where this run needs \(count); it was written for another setup",
                context: ["tensor": full])
        }
        return tensor
    }

    /// Every tensor of this section keyed by its name relative to the prefix (what the
    /// learners' and objectives' own restore functions read).
    public var relativeTensors: [String: Tensor] {
        guard !prefix.isEmpty else { return tensors }
        var result: [String: Tensor] = [:]
        let head = prefix + "."
        for (name, tensor) in tensors where name.hasPrefix(head) { result[String(name.dropFirst(head.count))] = tensor }
        return result
    }

    /// Runs a restore that reports ``ParameterFileError`` (networks, optimizers) and reports
    /// its failure as the ``CheckpointError`` every part throws.
    func translating(_ body: () throws(ParameterFileError) -> Void) throws(CheckpointError) {
        do {
            try body()
        } catch {
            let code: CheckpointError.Code = switch error.code {
            case .missingTensor: .missingTensor
            case .shapeMismatch: .shapeMismatch
            default: .incompatibleState
            }
            throw CheckpointError(code, "\(source): \(error.message)", context: error.context)
        }
    }
}
