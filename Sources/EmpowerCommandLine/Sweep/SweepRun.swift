import EmpowerTraining
import Foundation

/// One run of a sweep: a grid point trained with one seed, in `OUT/runs/<name>`.
struct SweepRun {
    /// The run directory's name: the axis values and the seed, `beta-1_env-ParticleSpread-v0_seed-2`.
    var name: String
    /// The grid point's name (``name`` without the seed); runs of one point share it.
    var point: String
    /// The grid point's value labels, in axis order.
    var labels: [String]
    var seed: UInt64
    /// The resolved configuration the run trains with (written to `OUT/configs/<name>.json`).
    var configuration: TrainingConfiguration

    /// What is already in a run's directory, and so what the sweep does with it.
    enum State: Equatable {
        /// Nothing (no directory, or an empty one): train it.
        case absent
        /// Its config.json is the sweep's and its latest checkpoint is at the final step: reuse it.
        case finished
        /// Its config.json is the sweep's and its latest checkpoint is before the final step:
        /// `empower resume` it.
        case partial(step: Int)
        /// Its config.json is the sweep's but it has no checkpoint: it stopped before saving
        /// anything; it is cleared and trained again.
        case unsaved
    }

    /// The reuse rule: see ``State``. Anything else (files but no config.json, or a config.json
    /// that differs from the one the sweep would write) is in the way.
    /// - Throws: ``SweepError`` `.runInTheWay` naming the directory.
    func state(at path: String) throws -> State {
        let fileManager = FileManager.default
        guard fileManager.fileExists(atPath: path) else { return .absent }
        if (try? fileManager.contentsOfDirectory(atPath: path))?.isEmpty == true { return .absent }
        guard fileManager.fileExists(atPath: path + "/config.json") else {
            throw SweepError(
                .runInTheWay, "'\(path)' is in the way of the run \(name): it is not empty and holds no config.json; move it away, or give another --out",
                context: ["path": path])
        }
        // Read only: nothing is created in the directory (a dry run writes nothing).
        let written = (try? String(contentsOfFile: path + "/config.json", encoding: .utf8)) ?? ""
        guard written == (try ConfigurationLoader.resolvedJSON(configuration)) else {
            throw SweepError(
                .runInTheWay,
                "'\(path)' holds a run whose config.json differs from the one this sweep would write for \(name); move it away, or give another --out",
                context: ["path": path])
        }
        let checkpoints = path + "/checkpoints"
        let steps = fileManager.fileExists(atPath: checkpoints) ? try CheckpointStore(directory: checkpoints).steps : []
        guard let latest = steps.last else { return .unsaved }
        return latest >= configuration.steps ? .finished : .partial(step: latest)
    }
}
