import EmpowerBase
import EmpowerCore

extension OffPolicyTrainer {
    /// Opens an existing run: its `config.json`, its latest valid checkpoint (damaged newer ones
    /// are skipped and reported through `log`), and every component restored from it.
    ///
    /// - Throws: ``TrainingError`` `.nothingToResume` when the run has no checkpoint yet,
    ///   ``ConfigurationError`` for a damaged `config.json`, ``CheckpointError`` when checkpoint
    ///   files exist but none loads.
    public static func resume(runDirectory: RunDirectory, catalog: EnvironmentCatalog, log: (String) -> Void = { _ in }) throws -> OffPolicyTrainer {
        let configuration = try ConfigurationLoader.load(TrainingConfiguration.self, from: runDirectory.configPath)
        let store = try CheckpointStore(directory: runDirectory.checkpointsPath, keep: configuration.keepCheckpoints)
        guard let checkpoint = try store.latest(onSkipped: { log("skipping a damaged checkpoint: \($0)") }) else {
            throw TrainingError(
                .nothingToResume,
                "\(runDirectory.path) has no checkpoint yet (the run stopped before its first one); start it again with `empower train`",
                context: ["run": runDirectory.path])
        }
        let trainer = try OffPolicyTrainer(configuration: configuration, catalog: catalog, runDirectory: runDirectory)
        try trainer.restore(from: checkpoint)
        try? runDirectory.appendEvent("resumed from the checkpoint at step \(checkpoint.step)")
        return trainer
    }
}
