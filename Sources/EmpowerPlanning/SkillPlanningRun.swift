import EmpowerBase
import EmpowerCore

import EmpowerTraining

/// A trained run opened for planning: its skills as a ``SkillPolicy``, environments built with
/// the run's arguments plus a goal, and the skill outcome model cached in `RUN_DIR/planning/`.
///
/// Works for any ``SkillTrainer`` (DIAYN, SLIM, ...): the run is reopened with
/// ``Trainers/open(runDirectory:catalog:group:log:)`` and its skills run through
/// ``SkillTrainer/skillAction(for:skill:stochastic:using:)`` (deterministic).
///
/// ```swift
/// let run = try SkillPlanningRun(path: "runs/push", catalog: BuiltInEnvironments.catalog)
/// let (model, provenance, fitted) = try run.outcomeModel(horizon: 50)
/// var env = try run.makeEnvironment(goal: [0.2, 0.25], maxEpisodeSteps: 400)
/// ```
public final class SkillPlanningRun {
    public let runDirectory: RunDirectory
    public let trainer: any SkillTrainer
    public let catalog: EnvironmentCatalog

    /// Opens the run at `path` from its latest checkpoint.
    /// - Throws: ``RunDirectoryError``, ``TrainingError`` (no checkpoint), ``CheckpointError``,
    ///   ``ConfigurationError`` as ``Trainers/open(runDirectory:catalog:group:log:)`` does.
    public init(path: String, catalog: EnvironmentCatalog, log: (String) -> Void = { _ in }) throws {
        runDirectory = try RunDirectory(path: path, create: false)
        trainer = try Trainers.open(runDirectory: runDirectory, catalog: catalog, log: log)
        self.catalog = catalog
    }

    public var configuration: TrainingConfiguration { trainer.configuration }
    public var skillCount: Int { trainer.skillCount }
    /// `RUN_DIR/planning`, where outcome models are kept.
    public var planningPath: String { FileSystem.join(runDirectory.path, "planning") }

    /// The deterministic action of skill z at an observation.
    public var policy: SkillPolicy {
        let trainer = trainer
        return { observation, skill in
            var unused = Xoshiro256(seed: 0)  // deterministic actions draw nothing
            return try trainer.skillAction(for: observation, skill: skill, stochastic: false, using: &unused)
        }
    }

    /// The run's environment with its training arguments, plus `goal` (when the environment
    /// takes a `goal` argument) and `maxEpisodeSteps` (when it takes one and the value is larger
    /// than its default, so a plan of L skills of H steps fits in one episode).
    ///
    /// - Throws: ``PlanningError`` `.goalOutOfReach` when the environment rejects the goal (for
    ///   the tabletop: not on the table), with its message; other environment errors as they are.
    public func makeEnvironment(goal: SIMD2<Float>?, maxEpisodeSteps: Int?) throws -> any Environment {
        var arguments = configuration.catalogArguments
        let parameters = try catalog.parameters(of: configuration.environment)
        if let goal, parameters.contains(where: { $0.name == "goal" }) { arguments["goal"] = .floats([goal.x, goal.y]) }
        if let maxEpisodeSteps, let parameter = parameters.first(where: { $0.name == "maxEpisodeSteps" }) {
            var current = 0
            if case .int(let value)? = arguments["maxEpisodeSteps"] ?? parameter.defaultValue { current = value }
            arguments["maxEpisodeSteps"] = .int(max(maxEpisodeSteps, current))
        }
        do {
            return try catalog.make(configuration.environment, arguments: arguments)
        } catch let error as EnvironmentError where error.code == .invalidArgument && error.context["argument"] == "goal" {
            throw PlanningError(.goalOutOfReach, error.message, context: error.context)
        }
    }

    /// How the outcome model's training data is gathered (see ``SkillOutcomeData/collect``).
    public struct Collection: Sendable, Hashable {
        /// Episodes rolled out (default 250).
        public var episodes = 250
        /// Skills run one after another in each episode (default 4).
        public var skillsPerEpisode = 4
        public init(episodes: Int = 250, skillsPerEpisode: Int = 4) {
            self.episodes = episodes
            self.skillsPerEpisode = skillsPerEpisode
        }
    }

    /// Where the model for horizon H and these positions is kept:
    /// `RUN_DIR/planning/outcome-h<H>-<position>+<position>.params`.
    public func outcomeModelPath(horizon: Int, positions: [String]) -> String {
        FileSystem.join(planningPath, "outcome-h\(horizon)-\(positions.joined(separator: "+")).params")
    }

    /// The skill outcome model for skills run `horizon` steps, predicting `positions`: loaded
    /// from `RUN_DIR/planning/` when a model for the same horizon, positions, skills, network
    /// size and training step is there, else fit (rollouts seeded from the run's seed, streams
    /// `planning/outcome-data` and `planning/outcome-fit`) and saved. `refit` always fits.
    ///
    /// - Returns: the model, what it was fit on, and whether it was fit now.
    public func outcomeModel(
        horizon: Int, positions: [String] = ["object0", "end_effector"], configuration modelConfiguration: SkillOutcomeModel.Configuration = .init(),
        collection: Collection = .init(), refit: Bool = false, log: (String) -> Void = { _ in }
    ) throws -> (model: SkillOutcomeModel, provenance: SkillOutcomeProvenance, fitted: Bool) {
        guard skillCount >= 1 else {
            throw PlanningError(.noSkills, "\(runDirectory.path) is a \(configuration.algorithm.rawValue) run without skills; plan over a run that learned skills", context: ["run": runDirectory.path])
        }
        try modelConfiguration.validate()
        let path = outcomeModelPath(horizon: horizon, positions: positions)
        if !refit, FileSystem.exists(path) {
            do {
                let (model, provenance) = try SkillOutcomeModel.load(from: path, hiddenSizes: modelConfiguration.hiddenSizes)
                if provenance.horizon == horizon, provenance.positions == positions, model.skillCount == skillCount, provenance.sourceStep == trainer.step {
                    return (model, provenance, false)
                }
                log("refitting \(path): it was fit on skills at step \(provenance.sourceStep), the run is at step \(trainer.step)")
            } catch {
                log("refitting: \(error.message)")
            }
        }
        var env = try makeEnvironment(goal: nil, maxEpisodeSteps: collection.skillsPerEpisode * horizon)
        let seed = configuration.seed
        let data = try SkillOutcomeData.collect(
            in: &env, policy: policy, skillCount: skillCount, positions: positions, horizon: horizon,
            episodes: collection.episodes, skillsPerEpisode: collection.skillsPerEpisode, seed: Seed.derive(seed, stream: "planning/outcome-data"))
        var generator = Xoshiro256(seed: Seed.derive(seed, stream: "planning/outcome-fit"))
        let (model, fit) = try SkillOutcomeModel.fit(data, configuration: modelConfiguration, using: &generator)
        let provenance = SkillOutcomeProvenance(horizon: horizon, positions: positions, sourceStep: trainer.step, fit: fit)
        do {
            try FileSystem.makeDirectory(planningPath)
        } catch {
            throw RunDirectoryError(.io, "cannot create \(planningPath): \(error.message)", context: ["path": planningPath])
        }
        try model.save(to: path, provenance: provenance)
        return (model, provenance, true)
    }
}
