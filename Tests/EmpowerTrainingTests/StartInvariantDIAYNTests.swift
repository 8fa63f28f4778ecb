import EmpowerBase
import EmpowerCore
import EmpowerNN
import EmpowerNavigation
import EmpowerTestSupport
@testable import EmpowerTraining
import Testing

/// `diayn.relative_to_start`: the discriminator sees the displacement since the episode's first
/// state, so where an episode starts stops being a shortcut (DIAYN on the SAC backbone; the
/// replay buffer keeps each transition's episode start).
@Suite("DIAYN relative to the episode's start", .serialized)
struct StartInvariantDIAYNTests {
    /// DIAYN with 4 skills on PointMass-v0 with 20-step episodes (at most 1.0 of travel), its
    /// start drawn from [-startRange, startRange]^2.
    static func configuration(startRange: Float, relativeToStart: Bool, steps: Int = 8000) -> TrainingConfiguration {
        var configuration = TrainingConfiguration()
        configuration.environment = "PointMass-v0"
        configuration.environmentArguments = ["maxEpisodeSteps": .init(.int(20)), "startRange": .init(.float(startRange))]
        configuration.skills = 4
        configuration.steps = steps
        configuration.seed = 1
        configuration.evaluationInterval = 0
        configuration.sac.hiddenSizes = [64, 64]
        configuration.diayn.hiddenSizes = [64, 64]
        configuration.diayn.relativeToStart = relativeToStart
        return configuration
    }

    static func freshAccuracy(_ configuration: TrainingConfiguration) throws -> Double {
        let catalog = try trainingCatalog()
        let trainer = try OffPolicyTrainer(configuration: configuration, catalog: catalog)
        try trainer.train()
        let evaluation = try SkillEvaluation.evaluate(trainer, catalog: catalog, episodesPerSkill: 5)
        return try #require(evaluation.metrics.accuracy)
    }

    @Test("fixed and re-randomised starts give fresh-rollout accuracy within 5 points; absolute features lose more than that")
    func startInvariance() throws {
        let fixed = try Self.freshAccuracy(Self.configuration(startRange: 0, relativeToStart: true))
        let random = try Self.freshAccuracy(Self.configuration(startRange: 0.5, relativeToStart: true))
        let absolute = try Self.freshAccuracy(Self.configuration(startRange: 0.5, relativeToStart: false))
        print("fresh-rollout accuracy: fixed starts \(fixed), random starts \(random), random starts with absolute features \(absolute)")
        #expect(fixed > 0.9, "the skills are learned at all: \(fixed)")
        #expect(abs(fixed - random) <= 0.05, "fixed starts \(fixed), random starts \(random)")
        #expect(fixed - absolute > 0.05, "without the option, random starts cost accuracy: \(fixed) vs \(absolute)")
    }

    @Test("a resumed run ends with the same parameters and replay buffer, starts included, bit for bit")
    func resume() throws {
        var configuration = Self.configuration(startRange: 0.5, relativeToStart: true, steps: 600)
        configuration.sac.hiddenSizes = [16, 16]
        configuration.diayn.hiddenSizes = [16, 16]
        configuration.sac.batchSize = 32
        configuration.sac.warmupSteps = 100
        configuration.checkpointInterval = 200
        let catalog = try trainingCatalog()
        let straight = try OffPolicyTrainer(configuration: configuration, catalog: catalog)
        try straight.train()
        let scratch = try TemporaryDirectory(prefix: "empower-relative-resume")
        defer { scratch.remove() }
        let run = try RunDirectory(path: scratch.file("run"), create: true)
        let first = try OffPolicyTrainer(configuration: configuration, catalog: catalog, runDirectory: run)
        try first.train(until: 250)
        let resumed = try OffPolicyTrainer.resume(runDirectory: run, catalog: catalog)
        try resumed.train()
        for (a, b) in zip(allParameters(straight), allParameters(resumed)) { #expect(a.value == b.value, "\(a.name)") }
        let tensors = straight.buffer.checkpointTensors(under: "r")
        #expect(tensors.contains { $0.name == "r.episode_starts" })
        #expect(tensors.map(\.tensor) == resumed.buffer.checkpointTensors(under: "r").map(\.tensor))
    }

    @Test("diayn.relative_to_start with another algorithm is refused, naming SLIM's own option")
    func otherAlgorithms() {
        var configuration = TrainingConfiguration()
        configuration.algorithm = .slim
        configuration.diayn.relativeToStart = true
        #expect { try configuration.validate() } throws: { error in
            "\(error)".contains("diayn.relative_to_start") && "\(error)".contains("slim.relative_to_start")
        }
    }
}
