import Testing
@testable import EmpowerTraining

/// A clock and an output sink the test controls.
private final class Harness {
    var now = 0.0
    var output: [String] = []
}

@Suite("ProgressReporter")
struct ProgressReporterTests {
    @Test(arguments: [(0.0, "0s"), (42, "42s"), (59.4, "59s"), (60, "1m00s"), (185, "3m05s"), (3599, "59m59s"),
                      (3600, "1h00m"), (3720, "1h02m"), (180_000, "50h00m"), (-1, "--"), (.infinity, "--")])
    func formatsDurations(seconds: Double, expected: String) {
        #expect(ProgressReporter.formatDuration(seconds) == expected)
    }

    @Test func formatsMetricsAndRates() {
        #expect(ProgressReporter.formatMetric(-12.346) == "-12.35")
        #expect(ProgressReporter.formatMetric(1234.4) == "1234")
        #expect(ProgressReporter.formatMetric(1.5) == "1.500")
        #expect(ProgressReporter.formatMetric(0.85123) == "0.8512")
        #expect(ProgressReporter.formatMetric(123456) == "1.23e+05")
        #expect(ProgressReporter.formatMetric(0.0001234) == "1.23e-04")
        #expect(ProgressReporter.formatMetric(0) == "0.0000")
        #expect(ProgressReporter.formatRate(1234.4) == "1234")
        #expect(ProgressReporter.formatRate(12.46) == "12.5")
    }

    @Test func terminalRedrawsOneLineInPlace() {
        let harness = Harness()
        var progress = ProgressReporter(totalSteps: 100_000, isTerminal: true, write: { harness.output.append($0) },
                                        clock: { harness.now })
        harness.now = 10
        var record = MetricsRecord(step: 12_000)
        record.set("rollout/episode_return", -12.346)
        record.set("train/ignored_here", 3)
        record.set("skills/accuracy", 0.85)
        progress.update(step: 12_000, metrics: record)
        #expect(harness.output == ["\r[ 12000/100000  12.0%]  1200 steps/s  ETA 1m13s  episode_return=-12.35  accuracy=0.8500\u{1B}[K"])
        harness.now = 10.1
        progress.update(step: 12_100)   // too soon to redraw
        #expect(harness.output.count == 1)
        harness.now = 11
        progress.update(step: 13_000)
        #expect(harness.output.count == 2)
        #expect(harness.output[1].hasPrefix("\r[ 13000/100000  13.0%]  1000 steps/s  ETA 1m27s"))
        progress.finish()
        #expect(harness.output.last?.hasSuffix("\u{1B}[K\n") == true)
    }

    @Test func plainLinesEveryIntervalOrFivePercent() {
        let harness = Harness()
        var progress = ProgressReporter(totalSteps: 1000, isTerminal: false, write: { harness.output.append($0) },
                                        interval: 10, clock: { harness.now })
        harness.now = 1
        progress.update(step: 10)          // neither 10 s nor 5% (50 steps) yet
        #expect(harness.output.isEmpty)
        harness.now = 2
        progress.update(step: 50)          // 5% of the total
        #expect(harness.output == ["[  50/1000   5.0%]  25.0 steps/s  ETA 38s\n"])
        harness.now = 12
        progress.update(step: 60)          // 10 s since the last line
        #expect(harness.output.count == 2)
        #expect(harness.output[1] == "[  60/1000   6.0%]  1.0 steps/s  ETA 15m40s\n")
        harness.now = 13
        progress.update(step: 61)
        #expect(harness.output.count == 2)
        progress.update(step: 1000)
        progress.finish()
        #expect(harness.output.last?.hasPrefix("[1000/1000 100.0%]") == true)
        #expect(harness.output.allSatisfy { !$0.contains("\r") })
    }

    @Test func resumedRunMeasuresFromTheInitialStep() {
        let harness = Harness()
        var progress = ProgressReporter(totalSteps: 10_000, initialStep: 5000, isTerminal: true,
                                        write: { harness.output.append($0) }, clock: { harness.now })
        harness.now = 5
        progress.update(step: 6000)
        #expect(harness.output.first?.contains("200 steps/s  ETA 20s") == true)
    }
}
