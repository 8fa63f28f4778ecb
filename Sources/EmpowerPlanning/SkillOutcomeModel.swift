import EmpowerBase
import EmpowerNN


/// A learned model of what a skill does: from the features s of a state (named xy positions,
/// by default the object's and the end effector's) and a skill z, the change of those features
/// after running z for H steps:
///
///     s_H = s + denormalize(g([normalize(s), onehot(z)]))
///
/// g is an MLP (ReLU hidden layers, linear output) trained by minibatch Adam on the mean
/// squared error of the normalized change, over rollouts of the trained skills
/// (``SkillOutcomeData``). Inputs and targets are standardized with the training data's mean
/// and standard deviation (a feature that never moves keeps scale 1). Because the output is
/// the same features as the input, predictions chain: a planner predicts a sequence of skills
/// by feeding each prediction back in.
///
/// Defaults (``Configuration``): 2x128 hidden units, learning rate 1e-3, batch 64, 150 epochs,
/// 20% of the examples held out to report the error.
///
/// ```swift
/// var generator = Xoshiro256(seed: 0)
/// let (model, fit) = try SkillOutcomeModel.fit(data, configuration: .init(), using: &generator)
/// fit.heldOutPositionError   // mean distance (m) between predicted and actual end positions
/// let next = model.predict([0.1, 0.0, 0.0, -0.1], skill: 3)
/// ```
public final class SkillOutcomeModel {
    /// How the model is shaped and trained.
    public struct Configuration: Sendable, Hashable {
        /// Hidden layer sizes of g (default 2x128).
        public var hiddenSizes: [Int] = [128, 128]
        /// Adam's step size (default 1e-3).
        public var learningRate: Float = 1e-3
        /// Examples per Adam step (default 64).
        public var batchSize: Int = 64
        /// Passes over the training examples (default 150).
        public var epochs: Int = 150
        /// Share of the examples kept out of training to measure the error (default 0.2).
        public var heldOutFraction: Double = 0.2

        public init(hiddenSizes: [Int] = [128, 128], learningRate: Float = 1e-3, batchSize: Int = 64, epochs: Int = 150, heldOutFraction: Double = 0.2) {
            self.hiddenSizes = hiddenSizes
            self.learningRate = learningRate
            self.batchSize = batchSize
            self.epochs = epochs
            self.heldOutFraction = heldOutFraction
        }

        /// - Throws: ``PlanningError`` `.invalidSetting` naming the field out of range.
        public func validate() throws(PlanningError) {
            guard !hiddenSizes.isEmpty, hiddenSizes.allSatisfy({ (1...4096).contains($0) }) else {
                throw .setting("hidden_sizes", hiddenSizes, allowed: "1 or more layer sizes from 1 to 4096")
            }
            guard learningRate.isFinite, learningRate > 0 else { throw .setting("learning_rate", learningRate, allowed: "a positive number") }
            guard batchSize >= 1 else { throw .setting("batch_size", batchSize, allowed: "at least 1") }
            guard epochs >= 1 else { throw .setting("epochs", epochs, allowed: "at least 1") }
            guard heldOutFraction >= 0, heldOutFraction < 1 else { throw .setting("held_out_fraction", heldOutFraction, allowed: "in [0, 1)") }
        }
    }

    /// F: features in and out.
    public let featureCount: Int
    /// K: skills it was fit for.
    public let skillCount: Int
    /// g.
    public let network: MLP
    /// Standardization of the input features and of the predicted change (F each).
    public internal(set) var inputMean: [Float]
    public internal(set) var inputScale: [Float]
    public internal(set) var outputMean: [Float]
    public internal(set) var outputScale: [Float]
    let tape = Tape()

    /// An untrained model (identity normalization) with `configuration.hiddenSizes`.
    public init(featureCount: Int, skillCount: Int, hiddenSizes: [Int], using generator: inout some RandomNumberGenerator) {
        precondition(featureCount > 0 && skillCount > 0, "an outcome model needs features and skills")
        self.featureCount = featureCount
        self.skillCount = skillCount
        network = MLP(name: "outcome", sizes: [featureCount + skillCount] + hiddenSizes + [featureCount], activation: .relu, using: &generator)
        inputMean = Array(repeating: 0, count: featureCount)
        inputScale = Array(repeating: 1, count: featureCount)
        outputMean = Array(repeating: 0, count: featureCount)
        outputScale = Array(repeating: 1, count: featureCount)
    }

    // MARK: Predicting

    /// The features predicted after running `skill` for H steps from `features`.
    public func predict(_ features: [Float], skill: Int) -> [Float] {
        predict(starts: features, skills: [skill])
    }

    /// Batched ``predict(_:skill:)``: `starts` is `[n x F]` row-major, one skill per row; the
    /// result is `[n x F]`.
    public func predict(starts: [Float], skills: [Int]) -> [Float] {
        let change = predictedChange(starts: starts, skills: skills)
        var result = starts
        for i in result.indices { result[i] += change[i] }
        return result
    }

    /// s_H - s in feature units for each row.
    func predictedChange(starts: [Float], skills: [Int]) -> [Float] {
        precondition(starts.count == skills.count * featureCount, "predict needs \(featureCount) features per skill")
        let inputs = encodeInputs(starts: starts, skills: skills, rows: Array(skills.indices))
        tape.reset()
        let output = tape.value(of: network(tape.constant(inputs), trainable: false)).scalars
        var change = output
        for i in change.indices {
            let f = i % featureCount
            change[i] = output[i] * outputScale[f] + outputMean[f]
        }
        return change
    }

    /// `[rows x (F + K)]`: standardized features of the chosen rows, then the skill's one-hot.
    func encodeInputs(starts: [Float], skills: [Int], rows: [Int]) -> Tensor {
        let width = featureCount + skillCount
        var x = [Float](repeating: 0, count: rows.count * width)
        for (r, i) in rows.enumerated() {
            for f in 0..<featureCount {
                x[r * width + f] = (starts[i * featureCount + f] - inputMean[f]) / inputScale[f]
            }
            x[r * width + featureCount + skills[i]] = 1
        }
        return Self.tensor(rows: rows.count, columns: width, x)
    }

    static func tensor(rows: Int, columns: Int, _ scalars: [Float]) -> Tensor {
        do {
            return try Tensor(shape: [rows, columns], scalars: scalars)
        } catch {
            preconditionFailure("internal: \(rows)x\(columns) tensor from \(scalars.count) values: \(error)")
        }
    }
}
