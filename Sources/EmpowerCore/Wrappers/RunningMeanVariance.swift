/// The running mean and variance of a stream of vectors, element by element.
///
/// Uses the parallel update of Chan, Golub and LeVeque: merging a batch of `m` samples with
/// mean `b` and sum of squared deviations `M_b` into `n` samples with mean `a` and `M_a` gives
///
///     δ = b - a,   mean = a + δ · m / (n + m),   M = M_a + M_b + δ² · n · m / (n + m)
///
/// and the (population) variance is `M / count`. One sample at a time this is Welford's update.
/// Accumulated in `Double`; `Codable`, so normalization statistics are saved with a model.
///
/// ```swift
/// var stats = RunningMeanVariance(size: 1)
/// stats.update([1]); stats.update([3])
/// stats.mean        // [2]
/// stats.variance    // [1]
/// ```
public struct RunningMeanVariance: Hashable, Codable, Sendable {
    /// The number of samples seen.
    public private(set) var count: Double = 0
    /// The mean of each element.
    public private(set) var mean: [Double]
    /// The sum of squared deviations from the mean of each element.
    public private(set) var sumOfSquaredDeviations: [Double]

    public init(size: Int) {
        mean = [Double](repeating: 0, count: size)
        sumOfSquaredDeviations = [Double](repeating: 0, count: size)
    }

    /// The number of elements per sample.
    public var size: Int { mean.count }

    /// The population variance of each element (1 before any sample, so normalizing an unseen
    /// stream leaves it unchanged apart from the mean).
    public var variance: [Double] {
        guard count > 0 else { return [Double](repeating: 1, count: size) }
        return sumOfSquaredDeviations.map { $0 / count }
    }

    /// Adds one sample. - Precondition: `sample.count == size`.
    public mutating func update(_ sample: [Float]) {
        precondition(sample.count == size, "RunningMeanVariance of size \(size) got a sample of \(sample.count)")
        count += 1
        for i in 0..<size {
            let x = Double(sample[i])
            let delta = x - mean[i]
            mean[i] += delta / count
            sumOfSquaredDeviations[i] += delta * (x - mean[i])
        }
    }

    /// Merges the statistics of another stream of the same size (a batch, or another worker).
    /// - Precondition: `other.size == size`.
    public mutating func merge(_ other: RunningMeanVariance) {
        precondition(other.size == size, "cannot merge RunningMeanVariance of size \(other.size) into size \(size)")
        guard other.count > 0 else { return }
        let total = count + other.count
        for i in 0..<size {
            let delta = other.mean[i] - mean[i]
            mean[i] += delta * other.count / total
            sumOfSquaredDeviations[i] += other.sumOfSquaredDeviations[i] + delta * delta * count * other.count / total
        }
        count = total
    }

    /// Decodes and checks that the arrays agree in length and the count is not negative.
    public init(from decoder: any Decoder) throws {
        enum Keys: String, CodingKey { case count, mean, sumOfSquaredDeviations }
        let container = try decoder.container(keyedBy: Keys.self)
        count = try container.decode(Double.self, forKey: .count)
        mean = try container.decode([Double].self, forKey: .mean)
        sumOfSquaredDeviations = try container.decode([Double].self, forKey: .sumOfSquaredDeviations)
        guard count >= 0, mean.count == sumOfSquaredDeviations.count else {
            throw EnvironmentError(
                .invalidArgument,
                "saved running statistics are inconsistent: count \(count), \(mean.count) means, \(sumOfSquaredDeviations.count) deviations",
                context: ["count": "\(count)", "mean.count": "\(mean.count)"])
        }
    }
}
