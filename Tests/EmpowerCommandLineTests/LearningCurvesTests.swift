@testable import EmpowerCommandLine
import EmpowerTestSupport
import EmpowerTraining
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("learning curve axes")
struct LearningCurvesTests {
    typealias Axis = LearningCurves.Axis

    @Test("linear axes get 4 to 6 ticks at round values that cover the data", arguments: [
        (0.0, 1.0), (0.948, 0.962), (-83.0, -9.0), (0.0, 10_000.0), (1.4, 2.0), (3.0, 3.0), (0.0, 0.0), (-1e-4, 2.5e-4), (12.0, 987_654.0),
    ])
    func linear(low: Double, high: Double) {
        let axis = Axis.linear(low: low, high: high)
        #expect((4...6).contains(axis.ticks.count) || (axis.ticks.count == 3 && high - low > 0), "\(axis.ticks)")
        #expect(axis.low <= low && axis.high >= high)
        #expect(axis.ticks.first == axis.low && axis.ticks.last == axis.high)
        let mantissa = axis.step / pow(10, log10(axis.step).rounded(.down))
        #expect([1, 2, 2.5, 5].contains { abs($0 - mantissa) < 1e-9 }, "step \(axis.step)")
        for tick in axis.ticks { #expect(abs((tick / axis.step).rounded() - tick / axis.step) < 1e-6) }
    }

    @Test("a positive metric spanning two decades gets a log axis with powers of ten")
    func logarithmic() {
        let axis = Axis.fitting([0.02, 0.5, 7.3])
        #expect(axis.isLogarithmic)
        #expect(axis.ticks == [0.01, 0.1, 1, 10])
        #expect(axis.ticks.map(axis.label) == ["0.01", "0.1", "1", "10"])
        #expect(abs(axis.fraction(1) - 2.0 / 3) < 1e-12)
        let wide = Axis.fitting([1e-9, 1])
        #expect(wide.ticks.map(wide.label) == ["1e-9", "1e-7", "1e-5", "1e-3", "0.1", "10"], "every other power past six decades")
        #expect(wide.high >= 1)
        #expect(!Axis.fitting([0.5, 20]).isLogarithmic)
        #expect(!Axis.fitting([-1, 500]).isLogarithmic, "negative values stay linear")
    }

    @Test("labels: steps in k and M, values with the decimals the interval needs")
    func labels() {
        #expect([0, 500, 2500, 10_000, 1_200_000, 4_000_000].map(Axis.stepLabel) == ["0", "500", "2.5k", "10k", "1.2M", "4M"])
        let fractions = Axis.linear(low: 0.948, high: 0.962)
        #expect(fractions.ticks.map(fractions.label) == ["0.945", "0.950", "0.955", "0.960", "0.965"])
        let quarters = Axis.linear(low: -0.5, high: 0.75)
        #expect(quarters.ticks.map(quarters.label) == ["-0.50", "-0.25", "0.00", "0.25", "0.50", "0.75"])
        let large = Axis.linear(low: 0, high: 40_000)
        #expect(large.ticks.map(large.label) == ["0", "10k", "20k", "30k", "40k"])
    }

    @Test("smoothing is a debiased moving average: a constant stays constant, a step is followed")
    func smoothing() {
        #expect(LearningCurves.smooth([2, 2, 2, 2]) == [2, 2, 2, 2])
        let step = LearningCurves.smooth([0, 0, 10, 10, 10, 10, 10, 10, 10, 10])
        #expect(step[0] == 0 && step[2] > 0 && step[2] < 10 && step.last! > 9.5)
    }

    @Test("runs that differ only in their seed are one group, drawn as mean and band")
    func groups() {
        var record = MetricsRecord(step: 100)
        record.set("skills/accuracy", 0.5)
        var other = MetricsRecord(step: 100)
        other.set("skills/accuracy", 0.7)
        let series = [
            LearningCurves.Series(label: "a", records: [record], group: "diayn on PointMass-v0"),
            LearningCurves.Series(label: "b", records: [other], group: "diayn on PointMass-v0"),
            LearningCurves.Series(label: "c", records: [other]),
        ]
        let groups = LearningCurves.groups(of: series)
        #expect(groups.map(\.label) == ["diayn on PointMass-v0", "c"])
        let curve = LearningCurves.curve("skills/accuracy", of: groups[0].members)
        #expect(curve.count == 1 && abs(curve[0].mean - 0.6) < 1e-12 && curve[0].low == 0.5 && curve[0].high == 0.7)
    }
}

@Suite("Seed groups in compare")
struct SeedGroupNameTests {
    @Test("a group is named by its runs' label without the seed", arguments: [
        ("settings-navigation_seed-0", "settings-navigation"), ("rr0.25 (seed 2)", "rr0.25"), ("push-seed3", "push"),
        ("seed1 (seed 1)", ""), ("seed3", ""), ("rr1_seed-0 (seed 0)", "rr1"), ("beta1_seed_12", "beta1"), ("plain", "plain"), ("rr0.25", "rr0.25"),
    ])
    func withoutSeed(label: String, expected: String) {
        #expect(EmpowerCommandLine.CompareCommand.withoutSeed(label) == expected)
    }
}
