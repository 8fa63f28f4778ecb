import EmpowerBase
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif
import EmpowerSkills
@testable import EmpowerTraining
import Testing

/// Synthetic runs built to show each diagnosis (it fires, naming its figures) and healthy ones
/// (nothing fires). The episodes go through ``SkillMetrics`` and ``EvaluationReport`` as real
/// evaluation rollouts do.
@Suite("diagnoses of a failed run")
struct RunDiagnosisTests {
    /// One evaluation episode of `skill`: its discriminator's argmax over the 10 states is
    /// `predicted[i]`, the agent walks from the origin along `direction`, an object moves by
    /// `push` (none without), with `safety` events.
    static func episode(
        skill: Int, skills: Int, predicted: [Int]? = nil, direction: SIMD2<Float>, push: SIMD2<Float>? = nil, safety: Int = 0
    ) -> SkillEpisode {
        let guesses = predicted ?? [Int](repeating: skill, count: 10)
        var table: [Float] = []
        for guess in guesses {
            table += (0..<skills).map { $0 == guess ? log(Float(0.9)) : log(Float(0.1) / Float(skills - 1)) }
        }
        var positions = ["agent": (0...10).map { direction * Float($0) * 0.1 }]
        if let push { positions["object0"] = (0...10).map { SIMD2(0.5, 0.5) + push * Float($0) * 0.1 } }
        return SkillEpisode(
            skill: skill, positions: positions, discriminatorLogProbabilities: ["skill": table], safetyViolations: safety, length: guesses.count)
    }

    /// Four skills walking in four directions, each recognised (unless `predicted` says otherwise).
    static func episodes(predicted: [Int: [Int]] = [:], directions: [SIMD2<Float>]? = nil, push: Bool? = nil, safety: Int = 0) -> [SkillEpisode] {
        let walks = directions ?? [SIMD2(1, 0), SIMD2(0, 1), SIMD2(-1, 0), SIMD2(0, -1)]
        return walks.enumerated().map { skill, direction in
            episode(skill: skill, skills: walks.count, predicted: predicted[skill], direction: direction,
                    push: push.map { $0 ? direction * 0.5 : .zero }, safety: safety)
        }
    }

    static func report(_ episodes: [SkillEpisode], skills: Int = 4) -> EvaluationReport {
        let metrics = SkillMetrics(episodes: episodes, skillCount: skills, cellSize: 0.2)
        return EvaluationReport(
            algorithm: "diayn", environment: "Test-v0", skills: skills, episodesPerSkill: 1, seed: 0, checkpointStep: 1000,
            deterministic: metrics, stochastic: metrics)
    }

    /// Ten records, `values(i)` at step 100 (i + 1).
    static func records(_ values: (Int) -> [String: Double]) -> [MetricsRecord] {
        (0..<10).map { index in
            var record = MetricsRecord(step: 100 * (index + 1))
            for (key, value) in values(index).sorted(by: { $0.key < $1.key }) { record.set(key, value) }
            return record
        }
    }

    static let healthyRecords = records { i in
        ["skills/accuracy": 0.5 + 0.04 * Double(i), "train/critic_loss": 0.3 + 0.01 * Double(i % 3), "skills/discriminator_loss": 1 - 0.05 * Double(i)]
    }

    static func codes(_ records: [MetricsRecord], _ episodes: [SkillEpisode], random: Double? = nil) -> [String] {
        RunDiagnosis.diagnose(records: records, report: report(episodes), episodes: episodes, randomSafetyRate: random).map(\.code)
    }

    @Test("a healthy run: distinct skills, steady losses, minibatch accuracy below fresh accuracy")
    func healthy() {
        #expect(Self.codes(Self.healthyRecords, Self.episodes()) == [])
        #expect(Self.codes(Self.healthyRecords, Self.episodes(push: true), random: 0) == [])
    }

    @Test("memorisation: right on 95% of minibatches, 25% of fresh rollouts")
    func memorization() throws {
        let records = Self.records { _ in ["skills/accuracy": 0.95] }
        let everyoneIsZero = [1: [Int](repeating: 0, count: 10), 2: [Int](repeating: 0, count: 10), 3: [Int](repeating: 0, count: 10)]
        let episodes = Self.episodes(predicted: everyoneIsZero, directions: [SIMD2(1, 0), SIMD2(0, 1), SIMD2(-1, 0), SIMD2(0, -1)])
        let found = RunDiagnosis.diagnose(records: records, report: Self.report(episodes), episodes: episodes, randomSafetyRate: nil)
        let diagnosis = try #require(found.first { $0.code == "memorization" })
        #expect(diagnosis.explanation.contains("95.0%") && diagnosis.explanation.contains("25.0%"), "\(diagnosis.explanation)")
        #expect(!diagnosis.suggestion.isEmpty)
        // A smaller gap, or a low minibatch accuracy, is not memorisation.
        #expect(!Self.codes(Self.records { _ in ["skills/accuracy": 0.45] }, episodes).contains("memorization"))
    }

    @Test("collapsed skills: a pair the discriminator confuses, and a pair with the same path")
    func collapsed() throws {
        let confused = Self.episodes(predicted: [2: [1, 1, 1, 1, 1, 2, 2, 2, 2, 2]])
        let found = RunDiagnosis.diagnose(records: Self.healthyRecords, report: Self.report(confused), episodes: confused, randomSafetyRate: nil)
        let diagnosis = try #require(found.first { $0.code == "collapsed_skills" })
        #expect(diagnosis.explanation.contains("1 and 2 (confused 50.0%)"), "\(diagnosis.explanation)")

        let samePath = Self.episodes(directions: [SIMD2(1, 0), SIMD2(0, 1), SIMD2(-1, 0), SIMD2(1, 0)])
        let second = RunDiagnosis.diagnose(records: Self.healthyRecords, report: Self.report(samePath), episodes: samePath, randomSafetyRate: nil)
        #expect(second.first { $0.code == "collapsed_skills" }?.explanation.contains("0 and 3 (same path") == true, "\(second)")
    }

    @Test("skills that ignore the objects: none moves one")
    func objectsIgnored() {
        #expect(Self.codes(Self.healthyRecords, Self.episodes(push: false)) == ["objects_ignored"])
        #expect(Self.codes(Self.healthyRecords, Self.episodes(push: true)) == [])
    }

    @Test("a distance constraint that does not hold, and a diverging dual")
    func constraint() {
        let violated = Self.records { i in ["skills/constraint_violation": i < 5 ? 0.01 : 0.4, "skills/dual": 30 * pow(2, Double(i))] }
        #expect(Self.codes(violated, Self.episodes()) == ["constraint_violated", "dual_diverging"])
        let holding = Self.records { i in ["skills/constraint_violation": 0.002, "skills/dual": 30 - Double(i) * 0.2] }
        #expect(Self.codes(holding, Self.episodes()) == [])
    }

    @Test("an exploding loss, and NaN in the metrics")
    func losses() {
        let exploding = Self.records { i in ["train/critic_loss": i < 7 ? 0.2 : 80] }
        #expect(Self.codes(exploding, Self.episodes()) == ["loss_exploding"])
        let smallButGrowing = Self.records { i in ["slim/safety/value_loss": i < 5 ? 0.0006 : 0.13] }
        #expect(Self.codes(smallButGrowing, Self.episodes()) == [], "a value loss growing from 6e-4 to 0.13 is not exploding")
        let nan = Self.records { i in ["train/actor_loss": i == 6 ? .nan : -1] }
        let found = RunDiagnosis.diagnose(records: nan, report: Self.report(Self.episodes()), episodes: Self.episodes(), randomSafetyRate: nil)
        #expect(found.map(\.code) == ["non_finite_metrics"])
        #expect(found.first?.explanation.contains("train/actor_loss became NaN or infinite, first at step 700") == true, "\(found)")
    }

    @Test("safety events far above the random policy's rate")
    func unsafe() {
        #expect(Self.codes(Self.healthyRecords, Self.episodes(safety: 3), random: 0.2) == ["unsafe"])
        #expect(Self.codes(Self.healthyRecords, Self.episodes(safety: 1), random: 0.8) == [])
        #expect(Self.codes(Self.healthyRecords, Self.episodes(safety: 3), random: nil) == [], "not judged without the random rate")
    }

    @Test("the confusion matrix: rows are the skills rolled out, each row sums to 1, its diagonal is the per-skill accuracy")
    func confusion() throws {
        let metrics = SkillMetrics(episodes: Self.episodes(predicted: [2: [1, 1, 1, 2, 2, 2, 2, 2, 2, 2]]), skillCount: 4, cellSize: 0.2)
        #expect(metrics.confusion.count == 4)
        #expect(abs(metrics.confusion[2][1] - 0.3) < 1e-12 && abs(metrics.confusion[2][2] - 0.7) < 1e-12)
        for (skill, row) in metrics.confusion.enumerated() {
            #expect(abs(row.reduce(0, +) - 1) < 1e-12)
            #expect(row[skill] == metrics.perSkillAccuracy[skill])
        }
        let decoded = try JSONDecoder().decode(EvaluationReport.self, from: Data(try Self.report(Self.episodes()).jsonText().utf8))
        #expect(decoded.deterministic.confusion == Self.report(Self.episodes()).deterministic.confusion)
    }
}

@Suite("cell sizes in reports")
struct CellSizeTextTests {
    @Test("a size computed in Float reads as its decimal", arguments: [
        (Float(0.2), 0.2), (Float(0.1), 0.1), (Float(0.2) * Float(0.6), 0.12), (Float(0.06), 0.06), (Float(1), 1.0), (Float(0), 0.0),
    ])
    func decimal(value: Float, expected: Double) {
        #expect(SkillEvaluation.decimal(value) == expected)
    }
}
