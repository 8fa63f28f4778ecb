import EmpowerBase
import EmpowerCore

extension OffPolicyTrainer {
    /// Opens an existing SAC or DIAYN run from its latest valid checkpoint; see
    /// ``Trainers/resume(runDirectory:catalog:log:)``, which opens a run of any algorithm.
    public static func resume(runDirectory: RunDirectory, catalog: EnvironmentCatalog, log: (String) -> Void = { _ in }) throws -> OffPolicyTrainer {
        let trainer = try Trainers.resume(runDirectory: runDirectory, catalog: catalog, log: log)
        guard let offPolicy = trainer as? OffPolicyTrainer else {
            throw TrainingError(
                .incompatibleCheckpoint, "\(runDirectory.path) is a \(trainer.configuration.algorithm.rawValue) run, not a SAC or DIAYN one; open it with Trainers.resume",
                context: ["run": runDirectory.path])
        }
        return offPolicy
    }
}
