import EmpowerCore
import Testing

@Suite("Environment checker")
struct CheckerTests {
    @Test("a clean environment produces no problem")
    func clean() throws {
        let report = checkEnvironment(try LineWalk(), seed: 3, steps: 300)
        #expect(report.isClean, "\(report)")
        #expect(report.stepsTaken == 300)
        let brokenFree = checkEnvironment(try BrokenEnvironment([]), seed: 3, steps: 300)
        #expect(brokenFree.isClean, "\(brokenFree)")
    }

    static let expectations: [(BrokenEnvironment.Bug, CheckProblem.Kind)] = [
        (.wrongObservationLength, .wrongObservationLength),
        (.observationOutOfSpace, .observationOutOfSpace),
        (.nanObservation, .nonFiniteObservation),
        (.infiniteReward, .nonFiniteReward),
        (.nonDeterministicStep, .nonDeterministic),
        (.resetIgnoresSeed, .resetNotReproducible),
        (.continuesAfterEnd, .stepAfterEndAccepted),
        (.acceptsWrongActionLength, .invalidActionAccepted),
        (.actionSpaceMismatch, .sampledActionRejected),
        (.renderSizeChanges, .inconsistentRender),
        (.snapshotForgetsState, .snapshotMismatch),
        (.ignoresEpisodeLimit, .episodeLimitExceeded),
    ]

    @Test("every planted bug has an expectation")
    func coverage() {
        #expect(Set(Self.expectations.map(\.0)) == Set(BrokenEnvironment.Bug.allCases))
    }

    @Test("each deliberate bug is reported with its kind and a message naming the environment", arguments: expectations)
    func catches(bug: BrokenEnvironment.Bug, kind: CheckProblem.Kind) throws {
        let report = checkEnvironment(try BrokenEnvironment([bug]), seed: 7, steps: 200)
        let problem = try #require(report.problems.first { $0.kind == kind }, "\(bug): \(report)")
        #expect(problem.message.contains("Broken-v0"))
        // Hidden state also breaks replays: a seed-ignoring reset makes whole runs differ, and a
        // non-deterministic step makes a snapshot replay differ. Every other bug is reported alone.
        let allowed: Set<CheckProblem.Kind> = switch bug {
        case .resetIgnoresSeed: [kind, .nonDeterministic]
        case .nonDeterministicStep: [kind, .snapshotMismatch]
        default: [kind]
        }
        #expect(report.kinds.isSubset(of: allowed), "\(bug): \(report)")
    }

    @Test("several bugs at once are all reported, not just the first")
    func collectsEverything() throws {
        let bugs: Set<BrokenEnvironment.Bug> = [.nanObservation, .infiniteReward, .continuesAfterEnd, .renderSizeChanges]
        let report = checkEnvironment(try BrokenEnvironment(bugs), seed: 1, steps: 100)
        #expect(report.kinds == [.nonFiniteObservation, .nonFiniteReward, .stepAfterEndAccepted, .inconsistentRender], "\(report)")
        let nan = try #require(report.problems.first { $0.kind == .nonFiniteObservation })
        #expect(nan.occurrences > 1, "a bug hit at every step is counted, reported once")
        #expect(report.description.contains("4 problems"))
    }
}

@Suite("Multi-agent checker")
struct MultiAgentCheckerTests {
    @Test("a clean multi-agent environment produces no problem")
    func clean() throws {
        let report = checkMultiAgentEnvironment(try TwoWalkers(), seed: 2, steps: 120)
        #expect(report.isClean, "\(report)")
    }

    @Test("finished agents left in `agents` are reported")
    func keepsFinished() throws {
        let report = checkMultiAgentEnvironment(try TwoWalkers(keepsFinishedAgents: true), seed: 2, steps: 120)
        #expect(report.kinds.contains(.agentMismatch), "\(report)")
    }

    @Test("actions for unknown or missing agents are typed errors with suggestions")
    func agentErrors() throws {
        var env = try TwoWalkers()
        _ = try env.reset(seed: 0)
        do {
            _ = try env.step(["a": [0], "bb": [0]])
            Issue.record("expected an error")
        } catch let error as EnvironmentError {
            #expect(error.code == .invalidAgent)
        }
        do {
            _ = try env.step(["a": [0], "b": [0], "c": [0]])
            Issue.record("expected an error")
        } catch let error as EnvironmentError {
            #expect(error.code == .invalidAgent)
            #expect(error.message.contains("did you mean"))
        }
        let step = try env.step(["a": [0.5], "b": [-0.5]])
        #expect(step.rewards.count == 2)
        #expect(try env.state().count == 2)
    }
}
