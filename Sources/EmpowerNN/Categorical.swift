import EmpowerBase

/// A categorical distribution over K classes per row, from unnormalized logits [B, K]: the
/// skill discriminator's q(z | s) and discrete policies.
///
/// ```swift
/// let logits = discriminator(tape.constant(states))         // [B, K]
/// let q = Categorical(logits: logits)
/// let logQ = q.logProbability(of: skills)                   // [B]: log q(z_b | s_b)
/// let loss = -logQ.mean()                                   // cross-entropy
/// ```
public struct Categorical {
    /// log p(k) for every class, [B, K].
    public let logProbabilities: Variable

    public init(logits: Variable) {
        logProbabilities = logits.logSoftmax()
    }

    public var classCount: Int { logProbabilities.shape.last }

    /// log p(k_b) for one class per row, [B].
    /// - Precondition: one index per row, each in 0..<K.
    public func logProbability(of classes: UnsafeBufferPointer<Int32>) -> Variable {
        logProbabilities.gathered(at: classes)
    }

    /// log p(k_b) for one class per row, [B].
    public func logProbability(of classes: [Int32]) -> Variable {
        logProbabilities.gathered(at: classes)
    }

    /// -sum_k p(k) log p(k) per row, [B].
    public var entropy: Variable {
        -(logProbabilities.exp() * logProbabilities).sum(alongAxis: -1)
    }

    /// One class per row drawn from the current probabilities (inverse CDF, one uniform each).
    /// Not differentiable. Writes into `result`, which must have one slot per row.
    public func sample(into result: UnsafeMutableBufferPointer<Int32>, using generator: inout some RandomNumberGenerator) {
        let columns = classCount
        logProbabilities.tape.withValue(of: logProbabilities) { logP in
            let rows = logP.count / columns
            precondition(result.count == rows, "Categorical.sample: \(rows) rows need \(rows) result slots, got \(result.count)")
            for r in 0..<rows {
                let u = generator.nextUnitFloat()
                var cumulative: Float = 0
                var chosen = columns - 1
                for k in 0..<columns {
                    cumulative += _exp(logP[r * columns + k])
                    if u < cumulative {
                        chosen = k
                        break
                    }
                }
                result[r] = Int32(chosen)
            }
        }
    }

    /// The most probable class of each row (ties: the lowest index). Writes into `result`.
    public func mode(into result: UnsafeMutableBufferPointer<Int32>) {
        let columns = classCount
        logProbabilities.tape.withValue(of: logProbabilities) { logP in
            let rows = logP.count / columns
            precondition(result.count == rows, "Categorical.mode: \(rows) rows need \(rows) result slots, got \(result.count)")
            for r in 0..<rows {
                var best = 0
                for k in 1..<Swift.max(columns, 1) where logP[r * columns + k] > logP[r * columns + best] { best = k }
                result[r] = Int32(best)
            }
        }
    }
}
