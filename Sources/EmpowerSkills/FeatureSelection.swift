import EmpowerBase
import EmpowerNN

/// Which observation entries a discriminator sees: all of them, or a subset (DIAYN's "prior"
/// over the features that matter, e.g. the xy position).
///
/// In configurations: `"all"`, a feature-group name the environment declares
/// (`EnvironmentSpec.featureGroups`, e.g. `"xy"`), or explicit indices `"0,1"`.
public struct FeatureSelection: Hashable, Sendable {
    /// The selected observation indices, in order.
    public let indices: [Int]
    /// How the selection was written (for the resolved configuration and reports).
    public let name: String

    /// Every index of an observation of `observationSize` floats.
    public static func all(_ observationSize: Int) -> FeatureSelection {
        FeatureSelection(indices: Array(0..<observationSize), name: "all")
    }

    public init(indices: [Int], name: String) {
        self.indices = indices
        self.name = name
    }

    /// Resolves a specification against an environment's observation size and feature groups.
    /// - Returns: the selection, or the issue that names what is allowed.
    public static func resolve(
        _ specification: String, observationSize: Int, groups: [String: [Int]], field: String
    ) -> Result<FeatureSelection, ConfigurationIssue> {
        let trimmed = specification.trimmingSpaces()
        if trimmed == "all" { return .success(.all(observationSize)) }
        if let group = groups[trimmed] { return .success(FeatureSelection(indices: group, name: trimmed)) }
        let parts = trimmed.split(separator: ",").map { String($0).trimmingSpaces() }
        let numbers = parts.compactMap(Int.init)
        if !parts.isEmpty, numbers.count == parts.count {
            guard numbers.allSatisfy({ $0 >= 0 && $0 < observationSize }), Set(numbers).count == numbers.count else {
                return .failure(ConfigurationIssue(
                    field: field, value: specification,
                    allowed: "distinct observation indices from 0 to \(observationSize - 1)"))
            }
            return .success(FeatureSelection(indices: numbers, name: trimmed))
        }
        let names = ["all"] + groups.keys.sorted()
        let hint = closestMatch(to: trimmed, in: names).map { " (did you mean '\($0)'?)" } ?? ""
        return .failure(ConfigurationIssue(
            field: field, value: specification,
            allowed: "one of \(names.map { "'\($0)'" }.joined(separator: ", ")) or comma-separated indices\(hint)"))
    }

    public var count: Int { indices.count }

    /// Copies the selected columns of `observations` ([B, obs]) into `features` ([B, count]),
    /// reusing its storage.
    public func select(_ observations: Tensor, into features: inout Tensor) {
        let rows = observations.shape[0]
        let width = observations.shape[1]
        let shape = Shape(rows: rows, columns: indices.count)
        if features.shape != shape { features = Tensor(shape: shape) }
        observations.withUnsafeBufferPointer { source in
            features.withUnsafeMutableBufferPointer { target in
                for r in 0..<rows {
                    for (column, index) in indices.enumerated() {
                        target[r * indices.count + column] = source[r * width + index]
                    }
                }
            }
        }
    }
}

extension FeatureSelection {
    /// Selects from a tensor after viewing it with `shape` (of the same element count, which
    /// the caller guarantees).
    func select(_ tensor: Tensor, reshapedTo shape: Shape, into features: inout Tensor) {
        guard let reshaped = try? tensor.reshaped(to: shape) else {
            preconditionFailure("\(tensor.shape) cannot be viewed as \(shape)")
        }
        select(reshaped, into: &features)
    }
}
