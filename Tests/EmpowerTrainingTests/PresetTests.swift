import EmpowerBase
import EmpowerTestSupport
@testable import EmpowerTraining
import Foundation
import Testing

@Suite("Presets and stopping at an accuracy")
struct PresetTests {
    func load(_ json: String = "{}", _ overrides: [String] = []) throws(ConfigurationError) -> TrainingConfiguration {
        try ConfigurationLoader.decode(TrainingConfiguration.self, json: json, overrides: overrides)
    }

    @Test("PointMass-v0 and PointMaze-v0 get the navigation preset, Tabletop tasks the tabletop one")
    func presetsApply() throws {
        let navigation = try load()
        #expect(navigation.sac.hiddenSizes == [64, 64] && navigation.diayn.hiddenSizes == [64, 64])
        #expect(navigation.sac.batchSize == 128 && navigation.sac.learningRate == 1e-3 && navigation.diayn.learningRate == 1e-3)
        #expect(navigation.evaluationInterval == 1000 && navigation.sac.replayRatio == 1 && navigation.environments == 1)
        #expect(try load(#"{"environment": "PointMaze-v0"}"#).sac.hiddenSizes == [64, 64])
        let push = try load("{}", ["environment=TabletopPush-v0"])
        #expect(push.environments == 8 && push.sac.replayRatio == 0.25 && push.sac.hiddenSizes == [256, 256])
        #expect(TrainingPreset.matching(algorithm: .diayn, environment: "TabletopReach-v0")?.name == "tabletop")
    }

    @Test("a preset replaces defaults only: the file, --set and flags win")
    func explicitSettingsWin() throws {
        let file = try load(#"{"sac": {"hidden_sizes": [32, 32]}, "evaluation_interval": 0}"#)
        #expect(file.sac.hiddenSizes == [32, 32] && file.sac.batchSize == 128 && file.evaluationInterval == 0)
        let set = try load(#"{"environment": "TabletopPush-v0"}"#, ["environments=2", "sac.replay_ratio=1"])
        #expect(set.environments == 2 && set.sac.replayRatio == 1)
        // The resolved configuration records every value, so a run's config.json reads back the same.
        let resolved = try ConfigurationLoader.resolvedJSON(file)
        #expect(try load(resolved) == file)
    }

    @Test("PPO, SLIM, the distance methods and MASD get no preset", arguments: ["ppo", "slim", "lsd", "masd"])
    func noPresetForOtherAlgorithms(algorithm: String) throws {
        let configuration = try load("{}", ["algorithm=\(algorithm)"] + (algorithm == "masd" ? ["environment=ParticleSpread-v0"] : []))
        #expect(configuration.sac.hiddenSizes == [256, 256] && configuration.evaluationInterval == 5000)
    }

    @Test("stop_at_accuracy is checked: a fraction, a skill algorithm, periodic evaluation on")
    func stopAtAccuracyChecked() throws {
        for (overrides, needle) in [
            (["stop_at_accuracy=1.5"], "(0, 1]"), (["stop_at_accuracy=0.9", "algorithm=sac"], "no discriminator accuracy"),
            (["stop_at_accuracy=0.9", "evaluation_interval=0"], "evaluation_interval is 0"),
        ] {
            do {
                _ = try load("{}", overrides)
                Issue.record("\(overrides) was accepted")
            } catch {
                #expect(error.message.contains("stop_at_accuracy") && error.message.contains(needle), "\(error.message)")
            }
        }
        #expect(try load("{}", ["stop_at_accuracy=0.9"]).stopAtAccuracy == 0.9)
        #expect(try load().stopAtAccuracy == nil)
    }

    @Test("training stops at the first evaluation that reaches stop_at_accuracy, with a checkpoint and a note in events.log")
    func stopsEarly() throws {
        var configuration = try load("{}", ["stop_at_accuracy=0.5", "steps=30000", "skills=4"])
        configuration.checkpointInterval = 1000
        let scratch = try TemporaryDirectory(prefix: "empower-stop")
        defer { scratch.remove() }
        let run = try RunDirectory(path: scratch.file("run"), create: true)
        let trainer = try Trainers.make(configuration: configuration, catalog: try trainingCatalog(), runDirectory: run)
        let summary = try trainer.train(until: nil, stop: nil, progress: nil)
        let reached = try #require(summary.reachedAccuracy)
        #expect(reached >= 0.5 && summary.step < 30000 && summary.step % 1000 == 0 && !summary.interrupted)
        #expect(summary.evaluationSeconds > 0 && summary.evaluationSeconds < summary.elapsedSeconds)
        let records = try MetricsLog.read(jsonLines: run.metricsJSONLinesPath)
        #expect(records.last?.step == summary.step && records.last?["eval/accuracy"] == reached)
        // Every earlier evaluation was below the target.
        #expect(records.dropLast().compactMap { $0["eval/accuracy"] }.allSatisfy { $0 < 0.5 })
        let events = try String(contentsOfFile: run.eventsPath, encoding: .utf8)
        #expect(events.contains("stopped at step \(summary.step): fresh-rollout accuracy"))
        let resumed = try Trainers.resume(runDirectory: run, catalog: try trainingCatalog())
        #expect(resumed.step == summary.step)
    }
}
