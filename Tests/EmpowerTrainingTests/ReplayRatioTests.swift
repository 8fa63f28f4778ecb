import EmpowerAgents
import EmpowerBase
import EmpowerNN
import EmpowerTestSupport
@testable import EmpowerTraining
import Foundation
import Testing

/// FNV-1a 64 over the bit patterns of every parameter of a trainer, in order.
func parameterDigest(_ trainer: OffPolicyTrainer) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for parameter in allParameters(trainer) {
        for value in parameter.value.scalars {
            var bits = value.bitPattern
            for _ in 0..<4 {
                hash = (hash ^ UInt64(bits & 0xff)) &* 0x0000_0100_0000_01b3
                bits >>= 8
            }
        }
    }
    let digits = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
}

/// The OpenBLAS kernel family in use (`Haswell`, `Cooperlake`, ...): products, and so trained
/// parameters, differ between kernels in their last bits.
var blasCore: String {
    BLAS.configuration.split(separator: " ").first { ["Haswell", "Cooperlake", "SkylakeX", "Zen"].contains(String($0)) }.map(String.init) ?? BLAS.configuration
}

@Suite("Replay ratio")
struct ReplayRatioTests {
    /// Parameter digests of `tinyConfiguration()` (1 and 2 environments, 600 steps, 500
    /// updates), recorded with the version that ran `updates_per_step` = 1, per OpenBLAS core.
    static let recorded: [String: [Int: String]] = [
        "Haswell": [1: "7ff40647b9686d38", 2: "ef950c5e9f63dce1"],
        "Cooperlake": [1: "bcff4aba96df9d7a", 2: "b9ed6a4d59fae04e"],
    ]

    @Test("replay ratio 1 trains exactly as one update per environment step did, bit for bit", arguments: [1, 2])
    func ratioOneIsUnchanged(environments: Int) throws {
        var configuration = tinyConfiguration()
        configuration.environments = environments
        #expect(configuration.sac.replayRatio == 1)
        let trainer = try OffPolicyTrainer(configuration: configuration, catalog: try trainingCatalog())
        try trainer.train()
        #expect(trainer.learner.updateCount == 500)
        let expected = try #require(Self.recorded[blasCore]?[environments], "no recorded digest for the OpenBLAS core \(blasCore) (\(BLAS.configuration)); record one with the previous version")
        #expect(parameterDigest(trainer) == expected)
    }

    @Test("a fractional ratio runs floor(steps x ratio) updates, carrying the fraction across vector steps")
    func fractionalCount() throws {
        for (environments, ratio) in [(1, 0.25), (8, 0.25), (3, 0.1), (2, 2.0), (8, 0.3)] {
            var configuration = tinyConfiguration()
            configuration.environments = environments
            configuration.sac.replayRatio = ratio
            configuration.steps = 600
            configuration.sac.warmupSteps = 96
            let trainer = try OffPolicyTrainer(configuration: configuration, catalog: try trainingCatalog())
            try trainer.train()
            // Vector steps end at E, 2E, ...; those ending after the warm-up earn updates.
            let ends = stride(from: environments, through: trainer.step, by: environments)
            let eligible = Double(ends.filter { $0 > 96 }.count * environments)
            let expected = Int((eligible * ratio).rounded(.down))
            #expect(abs(trainer.learner.updateCount - expected) <= 1, "E \(environments) ratio \(ratio): \(trainer.learner.updateCount) updates, expected \(expected)")
            #expect(trainer.learner.updateCount > 0)
        }
    }

    @Test("a run with 4 environments and replay ratio 0.3, stopped and resumed, ends bit for bit as the uninterrupted one")
    func resumeWithFractionalRatio() throws {
        var configuration = tinyConfiguration()
        configuration.environments = 4
        configuration.sac.replayRatio = 0.3
        let catalog = try trainingCatalog()
        let straight = try OffPolicyTrainer(configuration: configuration, catalog: catalog)
        try straight.train()

        let scratch = try TemporaryDirectory(prefix: "empower-ratio")
        defer { scratch.remove() }
        let run = try RunDirectory(path: scratch.file("run"), create: true)
        try ConfigurationLoader.write(configuration, to: run.configPath)
        let first = try OffPolicyTrainer(configuration: configuration, catalog: catalog, runDirectory: run)
        try first.train(until: 252)
        #expect(first.run.updateCredit != 0, "the checkpoint must carry a fraction for this test to mean anything")
        let resumed = try OffPolicyTrainer.resume(runDirectory: run, catalog: catalog)
        #expect(resumed.run.updateCredit == first.run.updateCredit)
        try resumed.train()
        #expect(resumed.learner.updateCount == straight.learner.updateCount)
        #expect(parameterDigest(resumed) == parameterDigest(straight))
    }

    @Test("an older config.json with updates_per_step loads as replay_ratio and its run resumes")
    func olderName() throws {
        let configuration = try ConfigurationLoader.decode(TrainingConfiguration.self, json: #"{"sac": {"updates_per_step": 2}}"#)
        #expect(configuration.sac.replayRatio == 2)
        let overridden = try ConfigurationLoader.decode(TrainingConfiguration.self, json: "{}", overrides: ["sac.updates_per_step=4"])
        #expect(overridden.sac.replayRatio == 4)
        #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader.decode(TrainingConfiguration.self, json: #"{"sac": {"updates_per_step": 2, "replay_ratio": 1}}"#)
        }
        do {
            _ = try ConfigurationLoader.decode(TrainingConfiguration.self, json: #"{"sac": {"replay_ratio": 0}}"#)
            Issue.record("a ratio of 0 was accepted")
        } catch {
            #expect(error.message.contains("sac.replay_ratio") && error.message.contains("0.001"), "\(error.message)")
        }

        // A run whose config.json is an older version's (updates_per_step, no replay_ratio):
        // its checkpoints carry the identity of that file as written, and are accepted.
        let scratch = try TemporaryDirectory(prefix: "empower-ratio")
        defer { scratch.remove() }
        let run = try RunDirectory(path: scratch.file("run"), create: true)
        let tiny = tinyConfiguration()
        let resolved = try ConfigurationLoader.resolvedJSON(tiny).replacingOccurrences(of: "\"replay_ratio\": 1,", with: "\"updates_per_step\": 1,")
        #expect(resolved.contains("updates_per_step"))
        try AtomicFile.write(Array(resolved.utf8), to: run.configPath)
        let older = try ConfigurationLoader.load(TrainingConfiguration.self, from: run.configPath)
        let trainer = try OffPolicyTrainer(configuration: older, catalog: try trainingCatalog(), runDirectory: run)
        let written = try #require(ConfigurationLoader.identity(ofFile: resolved))
        #expect(written != (try ConfigurationLoader.identity(of: older)))
        func state(_ identity: String) -> TrainingState {
            TrainingState(algorithm: "diayn", environment: older.environment, observationSize: 4, actionSize: 2, skillCount: 4, seed: older.seed, configurationIdentity: identity)
        }
        try trainer.checkRunIdentity(of: state(written), step: 100)
        try trainer.checkRunIdentity(of: state(try ConfigurationLoader.identity(of: older)), step: 100)
        #expect(throws: TrainingError.self) { try trainer.checkRunIdentity(of: state("0123456789abcdef"), step: 100) }
    }
}

@Suite("Two threads")
struct ThreadCountTests {
    @Test("DIAYN trains the same run, bit for bit, on 1 and on 2 threads (4 environments, replay ratio 0.5)")
    func sameRunOnTwoThreads() throws {
        var digests: [String] = []
        for threads in [1, 2] {
            var configuration = tinyConfiguration()
            configuration.environments = 4
            configuration.sac.replayRatio = 0.5
            configuration.threads = threads
            let trainer = try OffPolicyTrainer(configuration: configuration, catalog: try trainingCatalog())
            try trainer.train()
            #expect(trainer.learner.threads == threads)
            digests.append(parameterDigest(trainer))
        }
        #expect(digests[0] == digests[1])
    }
}
