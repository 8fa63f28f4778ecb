import EmpowerBase
import EmpowerNN

/// The checkpoints of one run: atomic saves, the newest valid one on resume, the last few kept.
///
/// **Format.** One file per checkpoint, `step-000012000.ckpt` (the step zero-padded to nine
/// digits, more digits past a billion), so a single atomic rename publishes tensors and metadata
/// together. The file is a ``ParameterFile`` (magic, version, length, CRC-32) whose tensors are
/// the caller's, in the caller's order, followed by one reserved tensor `__metadata__`: the
/// metadata bytes as Float32 values 0...255, one per byte (exact, and metadata is small). A
/// truncated or corrupted file is therefore detected by the parameter file's length and
/// checksum before anything is used.
///
/// **Atomicity.** Files are written with ``AtomicFile`` (temporary file `NAME.tmp-PID`, fsync,
/// rename, fsync of the directory): a kill at any moment leaves either no new file or a complete
/// one. Leftover temporary files are never mistaken for checkpoints and are removed by the next
/// successful save.
///
/// **Choosing and pruning.** ``latest(onSkipped:)`` returns the highest step whose file loads;
/// a damaged newer file is skipped and reported to `onSkipped`. After each successful save,
/// only the `keep` highest steps not above the saved step remain; checkpoints *above* the saved
/// step are deleted too, since saving step S means the run resumed from before them and they
/// describe an abandoned future (the metrics writers drop the same steps on resume).
///
/// ```swift
/// let store = try CheckpointStore(directory: run.checkpointsPath, keep: 3)
/// try store.save(step: 12_000, tensors: learner.namedTensors(), metadata: Array(json.utf8))
/// let resumed = try store.latest { warning in run.appendEvent("skipped checkpoint: \(warning)") }
/// ```
public struct CheckpointStore: Sendable {
    /// Name of the reserved tensor that carries the metadata bytes.
    public static let metadataTensorName = "__metadata__"
    static let fileExtension = ".ckpt"
    static let filePrefix = "step-"

    /// The directory holding the checkpoint files.
    public let directory: String
    /// How many checkpoints to keep after a save (at least 1).
    public let keep: Int

    /// A store over `directory`, created if missing.
    /// - Throws: ``CheckpointError`` `.io` when the directory cannot be created.
    /// - Precondition: `keep >= 1`.
    public init(directory: String, keep: Int = 3) throws(CheckpointError) {
        precondition(keep >= 1, "CheckpointStore keeps at least one checkpoint, got keep = \(keep)")
        self.directory = directory
        self.keep = keep
        do {
            try FileSystem.makeDirectory(directory)
        } catch {
            throw CheckpointError(.io, "cannot create the checkpoint directory: \(error.message)", context: ["directory": directory])
        }
    }

    /// The path of the checkpoint for `step`.
    public func path(forStep step: Int) -> String {
        let digits = String(step)
        let padded = String(repeating: "0", count: max(0, 9 - digits.count)) + digits
        return FileSystem.join(directory, "\(CheckpointStore.filePrefix)\(padded)\(CheckpointStore.fileExtension)")
    }

    /// The steps that have a checkpoint file, ascending (whether or not the files are valid).
    public var steps: [Int] {
        ((try? FileSystem.contents(of: directory)) ?? []).compactMap(CheckpointStore.step(fromFileName:)).sorted()
    }

    /// Atomically writes a checkpoint for `step`, then prunes old ones (see the type's notes).
    /// - Throws: ``CheckpointError`` `.reservedName` if a tensor is named `__metadata__`,
    ///   `.io` when the file cannot be written (the previous checkpoints are then untouched).
    /// - Precondition: `step >= 0`.
    public func save(step: Int, tensors: [(name: String, tensor: Tensor)], metadata: [UInt8]) throws(CheckpointError) {
        precondition(step >= 0, "checkpoint steps are non-negative, got \(step)")
        if tensors.contains(where: { $0.name == CheckpointStore.metadataTensorName }) {
            throw CheckpointError(.reservedName, "the tensor name '\(CheckpointStore.metadataTensorName)' is reserved for checkpoint metadata; rename that tensor",
                                  context: ["tensor": CheckpointStore.metadataTensorName])
        }
        var metadataTensor = Tensor(shape: [metadata.count])
        metadataTensor.withUnsafeMutableBufferPointer { elements in
            for (i, byte) in metadata.enumerated() { elements[i] = Float(byte) }
        }
        let path = path(forStep: step)
        do {
            try AtomicFile.write(ParameterFile.encode(tensors + [(CheckpointStore.metadataTensorName, metadataTensor)]), to: path)
        } catch {
            throw CheckpointError(.io, "cannot write checkpoint for step \(step): \(error.message); check free disk space and permissions",
                                  context: ["path": path, "step": "\(step)"])
        }
        try prune(after: step)
    }

    /// Loads the checkpoint of `step`.
    /// - Throws: ``CheckpointError`` `.notFound` (listing the steps that exist), `.corrupted`
    ///   (naming what is wrong with the file), `.io`.
    public func load(step: Int) throws(CheckpointError) -> Checkpoint {
        let path = path(forStep: step)
        guard FileSystem.exists(path) else {
            let available = steps
            let list = available.isEmpty ? "there are no checkpoints in '\(directory)'" : "available steps: \(available.map(String.init).joined(separator: ", "))"
            throw CheckpointError(.notFound, "no checkpoint for step \(step); \(list)", context: ["path": path, "step": "\(step)"])
        }
        return try CheckpointStore.read(path: path, step: step)
    }

    /// The checkpoint with the highest step whose file is valid, or nil when there is none.
    ///
    /// Damaged files (truncated, corrupted, not checkpoints) are skipped, newest first, and each
    /// is reported to `onSkipped` so the caller can log it; the next older file is tried.
    /// - Throws: ``CheckpointError`` `.noValidCheckpoint` when checkpoint files exist but none
    ///   loads (resuming from scratch silently would be wrong); `.io` when the directory cannot
    ///   be listed.
    public func latest(onSkipped: (CheckpointError) -> Void = { _ in }) throws(CheckpointError) -> Checkpoint? {
        guard FileSystem.isDirectory(directory) else {
            guard !FileSystem.exists(directory) else {
                throw CheckpointError(.io, "'\(directory)' is not a directory, so it holds no checkpoints; the run's checkpoints/ was replaced by a file: move that file away and restore the directory",
                                      context: ["directory": directory])
            }
            return nil
        }
        let names: [String]
        do {
            names = try FileSystem.contents(of: directory)
        } catch {
            throw CheckpointError(.io, error.message, context: ["directory": directory])
        }
        let candidates = names.compactMap(CheckpointStore.step(fromFileName:)).sorted(by: >)
        var problems: [CheckpointError] = []
        for step in candidates {
            do {
                return try CheckpointStore.read(path: path(forStep: step), step: step)
            } catch {
                problems.append(error)
                onSkipped(error)
            }
        }
        guard problems.isEmpty else {
            throw CheckpointError(
                .noValidCheckpoint,
                "none of the \(problems.count) checkpoints in '\(directory)' can be loaded (\(problems.map(\.message).joined(separator: "; "))); start a new run with another --run-dir",
                context: ["directory": directory])
        }
        return nil
    }

    // MARK: Internals

    /// Reads and validates one checkpoint file.
    static func read(path: String, step: Int) throws(CheckpointError) -> Checkpoint {
        let bytes: [UInt8]
        do {
            bytes = try AtomicFile.read(path)
        } catch where error.code == .notARegularFile {
            throw CheckpointError(.corrupted, "checkpoint '\(path)' cannot be used: \(error.message)", context: ["path": path, "reason": error.code.rawValue])
        } catch {
            throw CheckpointError(.io, error.message, context: ["path": path])
        }
        let decoded: [(name: String, tensor: Tensor)]
        do {
            decoded = try ParameterFile.decode(bytes, source: path)
        } catch {
            throw CheckpointError(.corrupted, "checkpoint '\(path)' is damaged: \(error.message)", context: ["path": path, "reason": error.code.rawValue])
        }
        guard let last = decoded.last, last.name == metadataTensorName, last.tensor.shape.rank == 1 else {
            throw CheckpointError(.corrupted, "'\(path)' is a parameter file but not a checkpoint (it has no '\(metadataTensorName)' tensor at the end); load it with ParameterFile instead",
                                  context: ["path": path])
        }
        var metadata = [UInt8](repeating: 0, count: last.tensor.elementCount)
        for i in 0..<metadata.count {
            let value = last.tensor[i]
            guard value >= 0, value <= 255, value.rounded(.towardZero) == value else {
                throw CheckpointError(.corrupted, "checkpoint '\(path)' has invalid metadata (byte \(i) is \(value)); the file was not written by CheckpointStore",
                                      context: ["path": path])
            }
            metadata[i] = UInt8(value)
        }
        let tensors = decoded.dropLast()
        var byName: [String: Tensor] = [:]
        for (name, tensor) in tensors {
            guard byName.updateValue(tensor, forKey: name) == nil else {
                throw CheckpointError(.corrupted, "checkpoint '\(path)' holds two tensors named '\(name)'; it was not written by CheckpointStore",
                                      context: ["path": path, "tensor": name])
            }
        }
        return Checkpoint(step: step, tensors: byName, orderedNames: tensors.map(\.name), metadata: metadata)
    }

    /// The step in a checkpoint file name (`step-000012000.ckpt` -> 12000), or nil for any
    /// other name (temporary files included).
    static func step(fromFileName name: String) -> Int? {
        guard name.hasPrefix(filePrefix), name.hasSuffix(fileExtension) else { return nil }
        let digits = name.dropFirst(filePrefix.count).dropLast(fileExtension.count)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(digits)
    }

    /// Deletes checkpoints beyond `keep` (and above `step`) and stray temporary files.
    func prune(after step: Int) throws(CheckpointError) {
        let names: [String]
        do {
            names = try FileSystem.contents(of: directory)
        } catch {
            throw CheckpointError(.io, error.message, context: ["directory": directory])
        }
        let saved = names.compactMap(CheckpointStore.step(fromFileName:)).sorted(by: >)
        let retained = Set(saved.filter { $0 <= step }.prefix(keep))
        var doomed = saved.filter { !retained.contains($0) }.map { path(forStep: $0) }
        doomed += names.filter { $0.hasPrefix(CheckpointStore.filePrefix) && $0.contains("\(CheckpointStore.fileExtension).tmp-") }
            .map { FileSystem.join(directory, $0) }
        for path in doomed {
            do {
                try FileSystem.remove(path)
            } catch {
                throw CheckpointError(.io, "the checkpoint was saved but an old one could not be removed: \(error.message)", context: ["path": path])
            }
        }
    }
}
