import EmpowerBase
import EmpowerSkills
import FoundationEssentials

/// `report/report.json`, as `empower evaluate` writes it and `empower compare` reads it.
///
/// Top-level keys (snake case): `algorithm`, `environment`, `skills`, `episodes_per_skill`,
/// `seed`, `checkpoint_step`, `cell_size`, `tracked_position`, and the metrics of the
/// deterministic rollouts (the policy's mean action): `discriminator_accuracy`,
/// `per_skill_accuracy`, `confusion` (skill x predicted skill, fractions of each skill's states),
/// `mutual_information_lower_bound`, `mutual_information_plugin`,
/// `state_coverage_cells`, `per_skill_coverage_cells`, `object_coverage_cells`,
/// `skills_moving_objects`, `object_move_threshold`, `object_displacement_cells`,
/// `object_move_directions`, `skills_lifting_objects` (lifting tasks), `safety_violations_per_episode`,
/// `joint_accuracy`, `per_agent_accuracy`, `relative_position_cells_per_pair` (the MASD
/// coordination measure, ``CoordinationMetric``), `mean_return`. The object `stochastic` holds the same
/// metric keys for rollouts with sampled actions. See ``SkillMetrics`` for every formula.
/// `diagnoses` lists what ``RunDiagnosis`` found wrong (empty for a healthy run).
///
/// Keys that do not apply are **absent**: the accuracies and the lower bound without a
/// discriminator, coverage and the plug-in bound without positions, `object_coverage_cells`,
/// `skills_moving_objects` and `object_move_threshold` without objects (only manipulation
/// environments have them), `joint_accuracy` and `per_agent_accuracy` without a `"joint"`
/// discriminator (MASD), `relative_position_cells_per_pair` with fewer than two agents. `safety_violations_per_episode` is always there (0 for environments
/// that report no safety events).
public struct EvaluationReport: Codable, Sendable, Equatable {
    /// The metrics of one rollout mode.
    public struct ModeMetrics: Codable, Sendable, Equatable {
        public var discriminatorAccuracy: Double?
        public var perSkillAccuracy: [Double]?
        /// Row z, column k: the fraction of skill z's states the discriminator takes for skill k.
        public var confusion: [[Double]]?
        public var mutualInformationLowerBound: Double?
        public var mutualInformationPlugin: Double?
        public var stateCoverageCells: Int?
        public var perSkillCoverageCells: [Int]?
        public var objectCoverageCells: Int?
        public var skillsMovingObjects: Double?
        public var objectMoveThreshold: Double?
        /// Distinct cells (half the coverage cell, centred on zero) of the objects' displacements
        /// from their reset positions: what random starts cannot inflate.
        public var objectDisplacementCells: Int?
        /// Distinct 45-degree sectors (0 to 8) of the mean final displacement of the skills that move an object.
        public var objectMoveDirections: Int?
        /// The fraction of skills that hold an object one lift height above its start for 20
        /// steps (lifting tasks only).
        public var skillsLiftingObjects: Double?
        public var safetyViolationsPerEpisode: Double
        public var jointAccuracy: Double?
        /// Each per-agent discriminator's accuracy, in agent order (agent0 first).
        public var perAgentAccuracy: [Double]?
        public var relativePositionCellsPerPair: Double?
        /// Distinct agent-to-landmark assignment patterns among the skills, each skill's the most frequent at its episodes' ends (ParticleSpread-v0).
        public var assignmentPatterns: Int?
        public var meanReturn: Double

        public init(_ metrics: SkillMetrics) {
            discriminatorAccuracy = metrics.accuracy
            perSkillAccuracy = metrics.perSkillAccuracy.isEmpty ? nil : metrics.perSkillAccuracy
            confusion = metrics.confusion.isEmpty ? nil : metrics.confusion
            mutualInformationLowerBound = metrics.mutualInformationLowerBound
            mutualInformationPlugin = metrics.mutualInformationPlugin
            stateCoverageCells = metrics.stateCoverageCells
            perSkillCoverageCells = metrics.perSkillCoverageCells.isEmpty ? nil : metrics.perSkillCoverageCells
            objectCoverageCells = metrics.objectCoverageCells
            skillsMovingObjects = metrics.skillsMovingObjects
            objectMoveThreshold = metrics.objectCoverageCells == nil ? nil : metrics.objectMoveThreshold
            objectDisplacementCells = metrics.objectDisplacementCells
            objectMoveDirections = metrics.objectMoveDirections
            skillsLiftingObjects = metrics.skillsLiftingObjects
            safetyViolationsPerEpisode = metrics.safetyViolationsPerEpisode
            jointAccuracy = metrics.jointAccuracy
            perAgentAccuracy = metrics.jointAccuracy == nil ? nil : metrics.perAgentAccuracyInAgentOrder
            relativePositionCellsPerPair = metrics.relativePositionCellsPerPair
            assignmentPatterns = metrics.assignmentPatterns
            meanReturn = metrics.meanReturn
        }

        /// The metric keys of report.json, in order.
        public enum CodingKeys: String, CodingKey, CaseIterable {
            case discriminatorAccuracy = "discriminator_accuracy"
            case perSkillAccuracy = "per_skill_accuracy"
            case confusion
            case mutualInformationLowerBound = "mutual_information_lower_bound"
            case mutualInformationPlugin = "mutual_information_plugin"
            case stateCoverageCells = "state_coverage_cells"
            case perSkillCoverageCells = "per_skill_coverage_cells"
            case objectCoverageCells = "object_coverage_cells"
            case skillsMovingObjects = "skills_moving_objects"
            case objectMoveThreshold = "object_move_threshold"
            case objectDisplacementCells = "object_displacement_cells"
            case objectMoveDirections = "object_move_directions"
            case skillsLiftingObjects = "skills_lifting_objects"
            case safetyViolationsPerEpisode = "safety_violations_per_episode"
            case jointAccuracy = "joint_accuracy"
            case perAgentAccuracy = "per_agent_accuracy"
            case relativePositionCellsPerPair = "relative_position_cells_per_pair"
            case assignmentPatterns = "assignment_patterns"
            case meanReturn = "mean_return"
        }
    }

    public var algorithm: String
    public var environment: String
    public var skills: Int
    public var episodesPerSkill: Int
    public var seed: UInt64
    /// The environment step of the checkpoint evaluated.
    public var checkpointStep: Int
    public var cellSize: Double
    public var trackedPosition: String?
    /// Rollouts with the policy's mean action (top-level keys).
    public var deterministic: ModeMetrics
    /// Rollouts with sampled actions (the `stochastic` object).
    public var stochastic: ModeMetrics
    /// What went wrong in the run, as far as its metrics and these rollouts show
    /// (``RunDiagnosis``); absent in reports written before diagnoses existed.
    public var diagnoses: [Diagnosis]?

    public init(
        algorithm: String, environment: String, skills: Int, episodesPerSkill: Int, seed: UInt64, checkpointStep: Int,
        deterministic: SkillMetrics, stochastic: SkillMetrics
    ) {
        self.algorithm = algorithm
        self.environment = environment
        self.skills = skills
        self.episodesPerSkill = episodesPerSkill
        self.seed = seed
        self.checkpointStep = checkpointStep
        cellSize = deterministic.cellSize
        trackedPosition = deterministic.trackedPosition
        self.deterministic = ModeMetrics(deterministic)
        self.stochastic = ModeMetrics(stochastic)
    }

    enum CodingKeys: String, CodingKey {
        case algorithm, environment, skills, seed, stochastic, diagnoses
        case episodesPerSkill = "episodes_per_skill"
        case checkpointStep = "checkpoint_step"
        case cellSize = "cell_size"
        case trackedPosition = "tracked_position"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        algorithm = try c.decode(String.self, forKey: .algorithm)
        environment = try c.decode(String.self, forKey: .environment)
        skills = try c.decode(Int.self, forKey: .skills)
        episodesPerSkill = try c.decode(Int.self, forKey: .episodesPerSkill)
        seed = try c.decode(UInt64.self, forKey: .seed)
        checkpointStep = try c.decode(Int.self, forKey: .checkpointStep)
        cellSize = try c.decode(Double.self, forKey: .cellSize)
        trackedPosition = try c.decodeIfPresent(String.self, forKey: .trackedPosition)
        stochastic = try c.decode(ModeMetrics.self, forKey: .stochastic)
        diagnoses = try c.decodeIfPresent([Diagnosis].self, forKey: .diagnoses)
        deterministic = try ModeMetrics(from: decoder)  // the same object's metric keys
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(algorithm, forKey: .algorithm)
        try c.encode(environment, forKey: .environment)
        try c.encode(skills, forKey: .skills)
        try c.encode(episodesPerSkill, forKey: .episodesPerSkill)
        try c.encode(seed, forKey: .seed)
        try c.encode(checkpointStep, forKey: .checkpointStep)
        try c.encode(cellSize, forKey: .cellSize)
        try c.encodeIfPresent(trackedPosition, forKey: .trackedPosition)
        try c.encode(stochastic, forKey: .stochastic)
        try c.encodeIfPresent(diagnoses, forKey: .diagnoses)
        try deterministic.encode(to: encoder)
    }

    /// The encoder of report files (report.json, compare.json): pretty, sorted keys, infinities
    /// and NaN as the strings "inf", "-inf", "nan".
    public static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    /// The report as report.json holds it.
    public func jsonText() throws -> String {
        String(decoding: try Self.makeEncoder().encode(self), as: UTF8.self) + "\n"
    }

    /// Reads `report.json`.
    /// - Throws: ``TrainingError`` `.unreadableReport` naming the file and what is wrong, with
    ///   the command that writes it.
    public static func read(from path: String) throws -> EvaluationReport {
        guard let text = try? FileSystem.readTextIfPresent(path) else {
            throw TrainingError(
                .unreadableReport, "there is no readable evaluation report at \(path); write it with `empower evaluate RUN_DIR`",
                context: ["path": path])
        }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do {
            return try decoder.decode(EvaluationReport.self, from: Data(text.utf8))
        } catch {
            throw TrainingError(
                .unreadableReport, "\(path) is not an evaluation report (\(error)); write it again with `empower evaluate RUN_DIR`",
                context: ["path": path])
        }
    }
}
