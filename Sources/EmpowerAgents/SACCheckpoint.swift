import EmpowerBase
import EmpowerNN

/// The checkpoint layout every SAC learner (single- or multi-agent) shares: the parameters
/// under their own names (actors, critics, targets, `log_alpha`), the Adam moments under
/// `optimizer.actor`, `optimizer.critic`, `optimizer.alpha`, and `sac.update_count`.
enum SACCheckpoint {
    static func namedState(parameters: [Parameter], actor: Adam, critic: Adam, alpha: Adam, updateCount: Int) -> [(name: String, tensor: Tensor)] {
        var result: [(String, Tensor)] = parameters.map { ($0.name, $0.value) }
        result += actor.namedState(prefix: "optimizer.actor")
        result += critic.namedState(prefix: "optimizer.critic")
        result += alpha.namedState(prefix: "optimizer.alpha")
        result.append(("sac.update_count", Tensor([Float(updateCount)])))
        return result
    }

    /// Restores what ``namedState(parameters:actor:critic:alpha:updateCount:)`` wrote and
    /// returns the update count.
    static func restore(
        _ tensors: [String: Tensor], parameters: [Parameter], actor: inout Adam, critic: inout Adam, alpha: inout Adam, source: String
    ) throws(ParameterFileError) -> Int {
        try ParameterFile.assign(parameters.compactMap { p in tensors[p.name].map { (p.name, $0) } }, to: parameters, source: source)
        try actor.restore(namedState: tensors, prefix: "optimizer.actor")
        try critic.restore(namedState: tensors, prefix: "optimizer.critic")
        try alpha.restore(namedState: tensors, prefix: "optimizer.alpha")
        guard let count = tensors["sac.update_count"], count.elementCount == 1 else {
            throw ParameterFileError(.missingTensor, "\(source) has no 'sac.update_count'", context: ["file": source])
        }
        return Int(count[0])
    }
}
