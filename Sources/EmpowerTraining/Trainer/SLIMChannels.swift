import EmpowerBase
import EmpowerCore
import EmpowerNN
import EmpowerSkills

/// The reward channels an on-policy run learns from: `task` alone for PPO; `discovery` alone
/// (``DistanceDiscoveryChannel`` under the algorithm's constraint) for LSD, METRA and CSD; for
/// SLIM the configured channels (`slim.channels`, by name, sorted) and then the ones written in
/// Swift. Channels of weight 0 are left out.
enum SLIMChannels {
    /// - Throws: ``ConfigurationError`` for channels the environment cannot serve (reach without
    ///   end-effector and object feature groups, a bad `slim.features`) or duplicate names.
    static func make(
        configuration: TrainingConfiguration, skills: SkillSpace, spec: EnvironmentSpec, observationSize: Int, extra: [any RewardChannel],
        using generator: inout Xoshiro256
    ) throws -> [any RewardChannel] {
        if let constraint = configuration.algorithm.distanceConstraint {
            let distance = configuration.distance
            let features = try FeatureSelection.resolved(distance.features, observationSize: observationSize, groups: spec.featureGroups, field: "distance.features")
            let objective = DistanceObjective(
                constraint: constraint, features: features, skills: skills, hiddenSizes: distance.hiddenSizes, learningRate: distance.learningRate,
                iterations: distance.spectralIterations, epsilon: distance.epsilon, initialDual: distance.initialDual,
                dualLearningRate: distance.dualLearningRate, densityHiddenSizes: distance.densityHiddenSizes,
                minimumVariance: distance.minimumVariance, using: &generator)
            return [DistanceDiscoveryChannel(weight: 1, objective: objective, epochs: distance.epochs, batchSize: distance.batchSize)]
        }
        guard configuration.algorithm == .slim else { return [TaskChannel(weight: 1)] }
        var channels: [any RewardChannel] = []
        // A channel of weight 0 is left out: it would change nothing but cost its reward and head.
        for name in configuration.slim.channelNames where configuration.slim.channels[name] != 0 {
            channels.append(try channel(name, weight: configuration.slim.channels[name] ?? 0, configuration: configuration, skills: skills, spec: spec, observationSize: observationSize, using: &generator))
        }
        channels += extra
        let names = channels.map(\.name)
        guard Set(names).count == names.count else {
            throw ConfigurationError.invalidValue(field: "slim.channels", value: names.joined(separator: ", "), allowed: "distinct channel names")
        }
        return channels
    }

    /// The configured channel `name`.
    static func channel(
        _ name: String, weight: Float, configuration: TrainingConfiguration, skills: SkillSpace, spec: EnvironmentSpec, observationSize: Int,
        using generator: inout Xoshiro256
    ) throws -> any RewardChannel {
        let slim = configuration.slim
        switch name {
        case "discovery":
            let features = try FeatureSelection.resolved(slim.features, observationSize: observationSize, groups: spec.featureGroups, field: "slim.features")
            switch slim.discovery {
            case .diayn:
                return DIAYNDiscoveryChannel(
                    weight: weight, skillCount: skills.count, features: features, hiddenSizes: slim.hiddenSizes,
                    learningRate: slim.learningRate, epochs: slim.discriminatorEpochs, batchSize: slim.discriminatorBatchSize,
                    relativeToStart: slim.relativeToStart, using: &generator)
            case .distance:
                let objective = DistanceObjective(
                    constraint: .lipschitz, features: features, skills: skills, hiddenSizes: slim.hiddenSizes, learningRate: slim.learningRate,
                    iterations: slim.spectralIterations, using: &generator)
                return DistanceDiscoveryChannel(weight: weight, objective: objective, epochs: slim.discriminatorEpochs, batchSize: slim.discriminatorBatchSize)
            }
        case "reach":
            guard let endEffector = spec.featureGroups["end_effector"], endEffector.count == 2,
                  let objects = spec.featureGroups["objects"] ?? spec.featureGroups["object"], !objects.isEmpty, objects.count % 2 == 0
            else {
                throw ConfigurationError.invalidValue(
                    field: "slim.channels.reach", value: "\(weight)",
                    allowed: "no reach channel on \(configuration.environment): it declares no \"end_effector\" and \"objects\" feature groups (use a tabletop environment, or remove the channel)")
            }
            return ReachChannel(weight: weight, endEffector: endEffector, objects: objects, scale: slim.reachScale)
        case "safety":
            return SafetyChannel(weight: weight)
        case "task":
            return TaskChannel(weight: weight)
        default:
            return InfoChannel(key: String(name.dropFirst("info.".count)), weight: weight)
        }
    }
}

/// Each reward channel's undiscounted return of every environment's current episode, and the
/// sums over the episodes finished since the last metrics record (`slim/<channel>/return`).
/// Saved with the collector's state, so a resumed run logs the same returns.
struct ChannelReturns: CheckpointPart {
    let channelCount: Int
    /// [environments x channels] running returns.
    var running: [Float]
    var finishedSums: [Double]
    var finishedEpisodes = 0

    init(environments: Int, channels: Int) {
        channelCount = channels
        running = [Float](repeating: 0, count: environments * channels)
        finishedSums = [Double](repeating: 0, count: channels)
    }

    /// Adds each channel's rewards of a rollout (time-major rows) and closes the episodes
    /// that ended.
    mutating func add(_ rewards: [[Float]], ends: [Bool], environments n: Int) {
        let k = channelCount
        for row in 0..<ends.count {
            let i = row % n
            for c in 0..<k { running[i * k + c] += rewards[c][row] }
            if ends[row] {
                for c in 0..<k {
                    finishedSums[c] += Double(running[i * k + c])
                    running[i * k + c] = 0
                }
                finishedEpisodes += 1
            }
        }
    }

    /// The mean return of each channel over the finished episodes, then starts over.
    mutating func takeMeans() -> [Double]? {
        defer {
            finishedSums = [Double](repeating: 0, count: channelCount)
            finishedEpisodes = 0
        }
        guard finishedEpisodes > 0 else { return nil }
        return finishedSums.map { $0 / Double(finishedEpisodes) }
    }

    func checkpointTensors() -> [NamedTensor] { [("channel_returns", Tensor(running))] }

    mutating func restore(from section: CheckpointSection) throws(CheckpointError) {
        running = try section.tensor("channel_returns", count: running.count).scalars
    }
}
