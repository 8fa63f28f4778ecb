import EmpowerSkills

extension FeatureSelection {
    /// Resolves a configuration field's feature specification (`all`, a feature group's name,
    /// or indices) against `size` floats, checking that it selects at least one index and that
    /// every index is inside them.
    /// - Throws: ``ConfigurationError`` `.invalidValue` naming `field`, the value and what is allowed.
    static func resolved(_ specification: String, observationSize size: Int, groups: [String: [Int]], field: String, what: String = "the observation") throws(ConfigurationError) -> FeatureSelection {
        switch resolve(specification, observationSize: size, groups: groups, field: field) {
        case .success(let selection):
            guard !selection.indices.isEmpty, selection.indices.allSatisfy({ $0 >= 0 && $0 < size }) else {
                throw ConfigurationError.invalidValue(
                    field: field, value: specification,
                    allowed: "features of \(what) (\(size) floats); '\(specification)' selects \(selection.indices)")
            }
            return selection
        case .failure(let issue):
            throw ConfigurationError.invalidValue(field: issue.field, value: issue.value, allowed: issue.allowed)
        }
    }
}
