import EmpowerBase
@testable import EmpowerCommandLine
import EmpowerTestSupport
import EmpowerTraining
import Foundation
import Testing

/// The diagnoses as a user meets them: the README's quick start (`empower train
/// --stop-at-accuracy 0.9`, DIAYN with 10 skills on PointMass-v0 until its skills are distinct;
/// a few seconds) is healthy, and says so in the terminal, in report.json and at the top of
/// index.html.
@Suite("diagnoses at the end of train", .serialized)
struct DiagnosisCommandTests {
    @Test("the quick start's run prints no diagnosis")
    func quickStartIsHealthy() throws {
        let scratch = try TemporaryDirectory(prefix: "empower-quick-start")
        defer { scratch.remove() }
        let train = try ChildProcess(try EmpowerExecutable.locate(), ["train", "--stop-at-accuracy", "0.9", "--run-dir", "quick"], in: scratch.path, logPrefix: scratch.file("train"))
        #expect(try train.waitForExit(timeout: 600) == .exited(0), "\(train.standardError)")
        #expect(train.standardOutput.contains("diagnoses: none"), "\(train.standardOutput)")
        #expect(train.standardOutput.contains("preset navigation for PointMass-v0"), "\(train.standardOutput)")
        #expect(train.standardOutput.contains("stopped early: fresh-rollout accuracy"), "\(train.standardOutput)")
        #expect((scratch.read("quick/events.log") ?? "").contains("reached stop_at_accuracy (90.0%)"))
        let report = try EvaluationReport.read(from: scratch.file("quick/report/report.json"))
        #expect(report.diagnoses == [], "\(report.diagnoses ?? [])")
        #expect((report.deterministic.discriminatorAccuracy ?? 0) > 0.8)
        let index = scratch.read("quick/report/index.html") ?? ""
        #expect(index.contains("No problem found") && !index.contains("problems found"))
        #expect(index.contains("confusion.png") || index.contains("Confusion matrix"))
        // The progress line shows what matters for skill discovery, not the return of zero.
        #expect(train.standardError.contains("intrinsic_reward=") && train.standardError.contains("fresh_accuracy="), "\(train.standardError.suffix(500))")
        #expect(!train.standardError.contains("episode_return="))
    }

    @Test("the report's diagnoses box lists each problem with what to try")
    func diagnosesSection() {
        let diagnosis = Diagnosis(code: "objects_ignored", title: "no skill moves an object", explanation: "none of 8 <skills>", suggestion: "use --algo metra")
        let html = SkillReport.diagnosesSection([diagnosis])
        #expect(html.contains("1 problem found"))
        #expect(html.contains("<b>no skill moves an object.</b> none of 8 &lt;skills&gt;."))
        #expect(html.contains("<i>Try:</i> use --algo metra."))
        #expect(SkillReport.diagnosesSection([]).contains("No problem found"))
    }
}
