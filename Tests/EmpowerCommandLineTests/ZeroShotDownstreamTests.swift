import EmpowerCommandLine
import EmpowerTestSupport
import Foundation
import Testing

/// `empower experiment downstream --protocol zero-shot`: METRA's skills steered to goals on
/// PointMass-v0 with no planning or training, and the inputs it refuses.
@Suite("Zero-shot goal reaching from the command line", .serialized, .enabled(if: isOptimizedBuild, "trains a small METRA run; the test script builds in release mode"))
struct ZeroShotDownstreamTests {
    static let goals = ["--env", "PointMass-v0", "--positions", "agent", "--region=-0.9,-0.9,0.9,0.9", "--goals", "20"]

    @Test("a small METRA run reaches at least 18 of 20 goals on PointMass-v0 zero-shot; chosen once and never again, the skill reaches almost none")
    func metraReachesGoals() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let metra = scratch.file("metra")
        let trained = runEmpower(["train", "--algo", "metra", "--env", "PointMass-v0", "--steps", "60000", "--set", "environments=8", "--set", "evaluation_interval=0", "--run-dir", metra])
        #expect(trained.status == .success, "\(trained.error.suffix(2000))")
        // "<run>, zero-shot: R/20 goals reached (..%)"
        func reached(interval: Int) -> (Int?, String) {
            let result = runEmpower(["experiment", "downstream", "--protocol", "zero-shot", "--skills", "metra=\(metra)", "--interval", "\(interval)"] + Self.goals)
            let count = result.output.split(separator: "\n").first { $0.contains(", zero-shot: ") }
                .flatMap { $0.split(separator: " ").first { $0.contains("/20") } }
                .flatMap { Int($0.split(separator: "/")[0]) }
            return (count, result.output + result.error)
        }
        let (steered, output) = reached(interval: 1)
        #expect((steered ?? 0) >= 18, "\(output)")
        #expect(output.contains("metra   zero-shot"), "\(output)")
        let (once, onceOutput) = reached(interval: 10_000)
        #expect((once ?? 99) <= 5, "\(onceOutput)")
    }

    @Test("a run without a representation, goal features that are not two entries, and a bad region are typed errors")
    func badInputs() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let diayn = scratch.file("diayn")
        #expect(runEmpower(["train", "--steps", "300", "--run-dir", diayn]).status == .success)
        let notDistance = runEmpower(["experiment", "downstream", "--protocol", "zero-shot", "--skills", "diayn=\(diayn)"] + Self.goals)
        #expect(notDistance.status != .success)
        #expect(notDistance.error.contains("no_skills") && notDistance.error.contains("lsd, metra or csd"), "\(notDistance.error)")
        let features = runEmpower(["experiment", "downstream", "--protocol", "zero-shot", "--skills", "diayn=\(diayn)", "--goal-features", "0"] + Self.goals)
        #expect(features.error.contains("--goal-features must select the 2 observation entries"), "\(features.error)")
        let region = runEmpower(["experiment", "downstream", "--protocol", "zero-shot", "--skills", "diayn=\(diayn)", "--env", "PointMass-v0", "--positions", "agent", "--region=1,1,0,0"])
        #expect(region.error.contains("--region takes X0,Y0,X1,Y1 with X0 < X1"), "\(region.error)")
    }
}
