import EmpowerCore
import Testing

@Suite("Environment contract (EpisodeTracker, action validation)")
struct EnvironmentContractTests {
    @Test("step before reset is a typed error")
    func stepBeforeReset() throws {
        var env = try LineWalk()
        #expect {
            _ = try env.step([0])
        } throws: { error in
            (error as? EnvironmentError)?.code == .stepBeforeReset
        }
    }

    @Test("step after the episode ended is a typed error until reset")
    func stepAfterEnd() throws {
        var env = try LineWalk(goal: 1.2)
        _ = try env.reset(seed: 1)
        var step = try env.step([1])
        while !step.isDone { step = try env.step([1]) }
        #expect(step.isTerminated && !step.isTruncated)
        #expect {
            _ = try env.step([1])
        } throws: { error in
            (error as? EnvironmentError)?.code == .stepAfterEpisodeEnd
        }
        _ = try env.reset()
        _ = try env.step([0])
    }

    @Test("wrong action length names the environment, expected and given lengths")
    func wrongLength() throws {
        var env = try LineWalk()
        _ = try env.reset(seed: 0)
        do {
            _ = try env.step([0, 0, 0])
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidAction)
            #expect(error.context["environment"] == LineWalk.id)
            #expect(error.context["expected"] == "1")
            #expect(error.context["given"] == "3")
            #expect(error.message.contains("LineWalk-v0"))
        }
    }

    @Test("NaN action is a typed error")
    func nanAction() throws {
        var env = try LineWalk()
        _ = try env.reset(seed: 0)
        do {
            _ = try env.step([.nan])
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .nonFiniteAction)
            #expect(error.context["environment"] == LineWalk.id)
        }
    }

    @Test("the tracker truncates at the limit, and termination wins over truncation")
    func tracker() {
        var tracker = EpisodeTracker(maxEpisodeSteps: 3)
        tracker.beginEpisode()
        let flags = (0..<3).map { _ in tracker.endStep(isTerminated: false) }
        #expect(flags == [false, false, true])
        #expect(tracker.hasEnded)
        tracker.beginEpisode()
        _ = tracker.endStep(isTerminated: false)
        _ = tracker.endStep(isTerminated: false)
        let truncated = tracker.endStep(isTerminated: true)
        #expect(!truncated)
        #expect(tracker.hasEnded)
    }

    @Test("default capabilities report unsupported; snapshots restore exactly")
    func capabilities() throws {
        var env = try LineWalk()
        var any = AnyEnvironment(env)
        #expect {
            _ = try any.render()
        } throws: { error in
            (error as? EnvironmentError)?.code == .unsupported
        }
        _ = try env.reset(seed: 4)
        _ = try env.step([0.3])
        let snapshot = try env.snapshot()
        let a = try env.step([0.7]).observation
        try env.restore(snapshot)
        let b = try env.step([0.7]).observation
        #expect(a == b)
        #expect(throws: EnvironmentError.self) {
            try env.restore(EnvironmentSnapshot(environmentID: "Other-v0", payload: 3))
        }
    }

    @Test("SafetyEvents count per kind and add up")
    func safetyEvents() {
        var events = SafetyEvents()
        events[.jointAtLimit] += 2
        events += SafetyEvents(objectOffTable: 1)
        #expect(events.jointAtLimit == 2 && events.objectOffTable == 1 && events.total == 3)
        #expect(Info().isEmpty)
        #expect(!Info(safetyEvents: events).isEmpty)
    }
}
