import EmpowerBase
import EmpowerNN


/// What an outcome model was fit on: enough to decide whether a saved model still answers the
/// question being asked (same horizon, positions and skills, skills trained to the same step).
public struct SkillOutcomeProvenance: Sendable, Hashable {
    /// H: steps each skill ran.
    public var horizon: Int
    /// The named positions whose xy make up the features, in order.
    public var positions: [String]
    /// The training step of the skills the data came from.
    public var sourceStep: Int
    /// How the fit went.
    public var fit: SkillOutcomeFit

    public init(horizon: Int, positions: [String], sourceStep: Int, fit: SkillOutcomeFit) {
        self.horizon = horizon
        self.positions = positions
        self.sourceStep = sourceStep
        self.fit = fit
    }
}

extension SkillOutcomeModel {
    /// Format of the provenance tensors; bump when their layout changes.
    static let provenanceVersion: Float = 1

    /// Writes the network, the standardization and `provenance` as one parameter file
    /// (``ParameterFile``: written to a temporary name, fsynced, renamed, CRC-checked).
    ///
    /// Tensors: the network's parameters (`outcome.0.weight`, ...), `normalization.*`,
    /// `provenance.numbers` (version, H, K, F, source step, examples, epochs, loss),
    /// `provenance.errors` (model, unchanged and skill-mean errors per position) and one
    /// `provenance.position.<i>.<name>` marker per position.
    public func save(to path: String, provenance: SkillOutcomeProvenance) throws(ParameterFileError) {
        let fit = provenance.fit
        var tensors = network.parameters.map { ($0.name, $0.value) }
        tensors += [
            ("normalization.input_mean", Tensor(inputMean)), ("normalization.input_scale", Tensor(inputScale)),
            ("normalization.output_mean", Tensor(outputMean)), ("normalization.output_scale", Tensor(outputScale)),
            ("provenance.numbers", Tensor([
                Self.provenanceVersion, Float(provenance.horizon), Float(skillCount), Float(featureCount), Float(provenance.sourceStep),
                Float(fit.trainingExamples), Float(fit.heldOutExamples), Float(fit.epochs), fit.finalTrainingLoss,
            ])),
            ("provenance.errors", Tensor(fit.positionErrors + fit.unchangedErrors + fit.skillMeanErrors)),
        ]
        for (i, name) in provenance.positions.enumerated() { tensors.append(("provenance.position.\(i).\(name)", Tensor([Float(i)]))) }
        try ParameterFile.write(tensors, to: path)
    }

    /// Reads a model written by ``save(to:provenance:)``.
    ///
    /// - Throws: ``PlanningError`` `.incompatibleModel` when the file is damaged, is not an
    ///   outcome model, or was saved with other hidden sizes than `hiddenSizes` (the message
    ///   says to refit).
    public static func load(from path: String, hiddenSizes: [Int]) throws(PlanningError) -> (model: SkillOutcomeModel, provenance: SkillOutcomeProvenance) {
        func incompatible(_ why: String) -> PlanningError {
            PlanningError(.incompatibleModel, "\(path) \(why); delete it or refit (empower plan --refit)", context: ["file": path])
        }
        let tensors: [(name: String, tensor: Tensor)]
        do {
            tensors = try ParameterFile.read(from: path)
        } catch {
            throw incompatible("cannot be read: \(error.message)")
        }
        var byName: [String: Tensor] = [:]
        for (name, tensor) in tensors { byName[name] = tensor }
        guard let numbers = byName["provenance.numbers"]?.scalars, numbers.count == 9, numbers[0] == provenanceVersion,
              let errors = byName["provenance.errors"]?.scalars
        else { throw incompatible("is not a skill outcome model of this version") }
        let horizon = Int(numbers[1]), skillCount = Int(numbers[2]), featureCount = Int(numbers[3])
        let positions = tensors.compactMap { entry -> (Int, String)? in
            let parts = entry.name.split(separator: ".", maxSplits: 3, omittingEmptySubsequences: false)
            guard parts.count == 4, parts[0] == "provenance", parts[1] == "position", let i = Int(parts[2]) else { return nil }
            return (i, String(parts[3]))
        }.sorted { $0.0 < $1.0 }.map(\.1)
        let groups = (featureCount + 1) / 2
        guard horizon >= 1, skillCount >= 1, featureCount >= 1, errors.count == 3 * groups else {
            throw incompatible("has inconsistent provenance numbers \(numbers)")
        }
        var generator = Xoshiro256(seed: 0)  // every value is overwritten below
        let model = SkillOutcomeModel(featureCount: featureCount, skillCount: skillCount, hiddenSizes: hiddenSizes, using: &generator)
        do {
            try ParameterFile.assign(tensors.filter { $0.name.hasPrefix("outcome.") }, to: model.network.parameters, source: path)
        } catch {
            throw incompatible("does not match a network with hidden sizes \(hiddenSizes): \(error.message)")
        }
        func vector(_ name: String) throws(PlanningError) -> [Float] {
            guard let values = byName["normalization.\(name)"]?.scalars, values.count == featureCount else {
                throw incompatible("has no normalization.\(name) of \(featureCount) values")
            }
            return values
        }
        model.inputMean = try vector("input_mean")
        model.inputScale = try vector("input_scale")
        model.outputMean = try vector("output_mean")
        model.outputScale = try vector("output_scale")
        let fit = SkillOutcomeFit(
            trainingExamples: Int(numbers[5]), heldOutExamples: Int(numbers[6]), epochs: Int(numbers[7]), finalTrainingLoss: numbers[8],
            positionErrors: Array(errors[0..<groups]), unchangedErrors: Array(errors[groups..<(2 * groups)]),
            skillMeanErrors: Array(errors[(2 * groups)...]))
        let provenance = SkillOutcomeProvenance(horizon: horizon, positions: positions, sourceStep: Int(numbers[4]), fit: fit)
        return (model, provenance)
    }
}
