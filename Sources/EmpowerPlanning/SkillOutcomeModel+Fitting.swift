import EmpowerBase
import EmpowerNN


/// How well a ``SkillOutcomeModel`` fit its data, measured on the held-out examples (on the
/// training examples when nothing was held out).
///
/// Errors are per position (features taken two at a time as xy; a trailing odd feature alone):
/// the mean Euclidean distance between the predicted and the actual end position. Two
/// baselines put them in scale: predicting no change, and predicting the skill's mean change
/// over the training examples.
public struct SkillOutcomeFit: Sendable, Hashable {
    public var trainingExamples: Int
    public var heldOutExamples: Int
    /// The epoch whose parameters were kept (the best on the validation examples).
    public var epochs: Int
    /// Mean squared error of the normalized change over the last epoch's minibatches.
    public var finalTrainingLoss: Float
    /// Model error per position (feature units, metres for positions).
    public var positionErrors: [Float]
    /// Error of predicting that nothing moves.
    public var unchangedErrors: [Float]
    /// Error of predicting each skill's mean change.
    public var skillMeanErrors: [Float]

    public init(trainingExamples: Int, heldOutExamples: Int, epochs: Int, finalTrainingLoss: Float, positionErrors: [Float], unchangedErrors: [Float], skillMeanErrors: [Float]) {
        self.trainingExamples = trainingExamples
        self.heldOutExamples = heldOutExamples
        self.epochs = epochs
        self.finalTrainingLoss = finalTrainingLoss
        self.positionErrors = positionErrors
        self.unchangedErrors = unchangedErrors
        self.skillMeanErrors = skillMeanErrors
    }
}

extension SkillOutcomeModel {
    /// Fits a new model to `data`.
    ///
    /// The order of the work: shuffle and split off `heldOutFraction` of the examples (with
    /// `generator`); of the rest, 15% (when there are at least 20) validate for early stopping
    /// -> standardization statistics from the examples fitted on -> `epochs` passes of
    /// minibatch Adam on mean((g(x) - normalized change)^2), each over a fresh permutation,
    /// scoring the validation examples after each pass -> the parameters of the best pass ->
    /// errors on the held-out examples beside the two baselines.
    ///
    /// - Throws: ``PlanningError`` `.notEnoughData` with fewer than 2 training examples,
    ///   `.invalidSetting` for a bad configuration.
    public static func fit(
        _ data: SkillOutcomeData, configuration: Configuration, using generator: inout Xoshiro256
    ) throws(PlanningError) -> (model: SkillOutcomeModel, fit: SkillOutcomeFit) {
        try configuration.validate()
        let n = data.count
        let heldOutCount = Int((Double(n) * configuration.heldOutFraction).rounded(.down))
        guard n - heldOutCount >= 2 else {
            throw PlanningError(
                .notEnoughData, "fitting a skill outcome model needs at least 2 training examples, got \(n - heldOutCount) of \(n); collect more rollouts",
                context: ["examples": "\(n)"])
        }
        let order = permutation(n, using: &generator)
        let heldOut = Array(order.prefix(heldOutCount))
        let training = Array(order.dropFirst(heldOutCount))
        // Early stopping: a share of the training examples is only scored after each epoch,
        // and the parameters of the best-scoring epoch are kept.
        let validationCount = training.count >= 20 ? max(training.count * 3 / 20, 1) : 0
        let validation = Array(training.suffix(validationCount))
        let fitted = Array(training.dropLast(validationCount))
        let model = SkillOutcomeModel(featureCount: data.featureCount, skillCount: data.skillCount, hiddenSizes: configuration.hiddenSizes, using: &generator)
        model.standardize(on: data, rows: fitted)

        var optimizer = Adam(parameters: model.network.parameters, learningRate: configuration.learningRate)
        let targets = model.normalizedChanges(data)
        var lastLoss: Float = 0
        var best = (loss: Float.infinity, epoch: 0, values: model.network.parameters.map(\.value))
        for epoch in 0..<configuration.epochs {
            let shuffled = permutation(fitted.count, using: &generator).map { fitted[$0] }
            var lossSum: Float = 0
            var batches = 0
            var start = 0
            while start < shuffled.count {
                let rows = Array(shuffled[start..<min(start + configuration.batchSize, shuffled.count)])
                start += configuration.batchSize
                let loss = model.normalizedLoss(data, targets: targets, rows: rows, learn: true)
                optimizer.step()
                lossSum += loss
                batches += 1
            }
            lastLoss = lossSum / Float(max(batches, 1))
            let score = validation.isEmpty ? lastLoss : model.normalizedLoss(data, targets: targets, rows: validation, learn: false)
            if score < best.loss { best = (score, epoch + 1, model.network.parameters.map(\.value)) }
        }
        for (parameter, value) in zip(model.network.parameters, best.values) { parameter.value = value }

        let measured = heldOut.isEmpty ? training : heldOut
        let fit = SkillOutcomeFit(
            trainingExamples: training.count, heldOutExamples: heldOut.count, epochs: best.epoch, finalTrainingLoss: lastLoss,
            positionErrors: model.positionErrors(on: data, rows: measured),
            unchangedErrors: positionErrors(on: data, rows: measured) { i in Array(data.start(i)) },
            skillMeanErrors: skillMeanErrors(on: data, training: training, measured: measured))
        return (model, fit)
    }

    /// The mean squared error of the normalized change over `rows`, with gradients in the
    /// network's parameters when `learn` (the caller takes the optimizer step).
    func normalizedLoss(_ data: SkillOutcomeData, targets: [Float], rows: [Int], learn: Bool) -> Float {
        let x = encodeInputs(starts: data.starts, skills: data.skills, rows: rows)
        var y = [Float](repeating: 0, count: rows.count * featureCount)
        for (r, i) in rows.enumerated() {
            for f in 0..<featureCount { y[r * featureCount + f] = targets[i * featureCount + f] }
        }
        tape.reset()
        let prediction = network(tape.constant(x), trainable: learn)
        let loss = (prediction - tape.constant(Self.tensor(rows: rows.count, columns: featureCount, y))).square().mean()
        if learn { tape.backward(loss) }
        return tape.scalar(loss)
    }

    /// Means and standard deviations of the start features and of the changes over `rows`.
    func standardize(on data: SkillOutcomeData, rows: [Int]) {
        let f = featureCount
        var startMoments = [(sum: Double, squares: Double)](repeating: (0, 0), count: f)
        var changeMoments = startMoments
        for i in rows {
            for k in 0..<f {
                let s = Double(data.starts[i * f + k]), c = Double(data.ends[i * f + k]) - s
                startMoments[k].sum += s
                startMoments[k].squares += s * s
                changeMoments[k].sum += c
                changeMoments[k].squares += c * c
            }
        }
        func moments(_ m: (sum: Double, squares: Double)) -> (mean: Float, scale: Float) {
            let count = Double(max(rows.count, 1))
            let mean = m.sum / count
            let deviation = max(m.squares / count - mean * mean, 0).squareRoot()
            return (Float(mean), deviation > 1e-6 ? Float(deviation) : 1)
        }
        for k in 0..<f {
            (inputMean[k], inputScale[k]) = moments(startMoments[k])
            (outputMean[k], outputScale[k]) = moments(changeMoments[k])
        }
    }

    /// (end - start - outputMean) / outputScale for every example, `[n x F]`.
    func normalizedChanges(_ data: SkillOutcomeData) -> [Float] {
        var result = [Float](repeating: 0, count: data.count * featureCount)
        for i in result.indices {
            let k = i % featureCount
            result[i] = (data.ends[i] - data.starts[i] - outputMean[k]) / outputScale[k]
        }
        return result
    }

    func positionErrors(on data: SkillOutcomeData, rows: [Int]) -> [Float] {
        var starts: [Float] = []
        for i in rows { starts += data.start(i) }
        let predicted = predict(starts: starts, skills: rows.map { data.skills[$0] })
        var byRow: [Int: [Float]] = [:]
        for (r, i) in rows.enumerated() { byRow[i] = Array(predicted[(r * featureCount)..<((r + 1) * featureCount)]) }
        return Self.positionErrors(on: data, rows: rows) { byRow[$0] ?? [] }
    }

    /// The error of predicting each skill's mean change over the `training` rows.
    static func skillMeanErrors(on data: SkillOutcomeData, training: [Int], measured: [Int]) -> [Float] {
        let f = data.featureCount
        var sums = [Double](repeating: 0, count: data.skillCount * f)
        var counts = [Int](repeating: 0, count: data.skillCount)
        for i in training {
            counts[data.skills[i]] += 1
            for k in 0..<f { sums[data.skills[i] * f + k] += Double(data.ends[i * f + k] - data.starts[i * f + k]) }
        }
        return positionErrors(on: data, rows: measured) { i in
            let z = data.skills[i]
            return (0..<f).map { k in data.starts[i * f + k] + (counts[z] > 0 ? Float(sums[z * f + k] / Double(counts[z])) : 0) }
        }
    }

    /// Mean distance between `predicted(i)` and the actual end of each row, per position.
    static func positionErrors(on data: SkillOutcomeData, rows: [Int], predicted: (Int) -> [Float]) -> [Float] {
        let f = data.featureCount
        let groups = stride(from: 0, to: f, by: 2).map { $0..<min($0 + 2, f) }
        var sums = [Double](repeating: 0, count: groups.count)
        for i in rows {
            let guess = predicted(i)
            for (g, range) in groups.enumerated() {
                var squared: Float = 0
                for k in range {
                    let d = guess[k] - data.ends[i * f + k]
                    squared += d * d
                }
                sums[g] += Double(squared.squareRoot())
            }
        }
        return sums.map { Float($0 / Double(max(rows.count, 1))) }
    }

    /// A uniformly random permutation of 0..<n (Fisher-Yates with `generator`).
    static func permutation(_ n: Int, using generator: inout Xoshiro256) -> [Int] {
        var result = Array(0..<n)
        if n < 2 { return result }
        for i in stride(from: n - 1, to: 0, by: -1) {
            result.swapAt(i, generator.nextIndex(below: i + 1))
        }
        return result
    }
}
