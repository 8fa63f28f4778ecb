import EmpowerAgents
import EmpowerNN
import EmpowerSkills

// The learners and objectives live below this module and keep their tensors under their own
// names (`actor.*`, `critic.*`, `optimizer.*`, `discriminator.*`, `masd.*`); these conformances
// let every trainer save and restore them through the one ``CheckpointPart`` interface.

/// A type that already saves itself as `namedState()` and restores from a dictionary of those
/// names (throwing ``ParameterFileError``) becomes a ``CheckpointPart`` by saying so.
protocol NamedStateCheckpointPart: CheckpointPart {
    func namedState() -> [(name: String, tensor: Tensor)]
    mutating func restore(from tensors: [String: Tensor], source: String) throws(ParameterFileError)
}

extension NamedStateCheckpointPart {
    public func checkpointTensors() -> [NamedTensor] { namedState() }

    public mutating func restore(from section: CheckpointSection) throws(CheckpointError) {
        try section.translating { () throws(ParameterFileError) in try restore(from: section.relativeTensors, source: section.source) }
    }
}

extension SACLearner: NamedStateCheckpointPart {}
extension MultiAgentSACLearner: NamedStateCheckpointPart {}
extension PPOLearner: NamedStateCheckpointPart {}
extension DIAYNObjective: NamedStateCheckpointPart {}
extension MASDObjective: NamedStateCheckpointPart {}

/// SLIM's reward channels in head order, each under `channel.<name>`.
struct RewardChannels: CheckpointPart {
    let channels: [any RewardChannel]

    func checkpointTensors() -> [NamedTensor] {
        var tensors = CheckpointTensors()
        for channel in channels { tensors.add(channel.namedState(), under: channel.name) }
        return tensors.all
    }

    func restore(from section: CheckpointSection) throws(CheckpointError) {
        for channel in channels {
            let own = section.section(channel.name)
            do {
                try channel.restore(from: own.relativeTensors, source: own.source)
            } catch {
                throw CheckpointError(.incompatibleState, "\(own.source): reward channel \(channel.name) could not be restored (\(error))", context: ["tensor": own.prefix])
            }
        }
    }
}
