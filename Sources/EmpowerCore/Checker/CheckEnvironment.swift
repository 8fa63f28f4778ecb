/// Checks that an environment keeps the ``Environment`` contract, and reports every problem found.
///
/// The checker does not stop at the first problem. It verifies:
/// - action space sampling gives values in the space, and `step` accepts them;
/// - `reset` returns an observation in the observation space, and `reset(seed:)` twice with the
///   same seed returns the same observation;
/// - over `steps` steps with sampled actions (resetting whenever an episode ends): every
///   observation has the right length, lies in its space and is finite; every reward is finite;
///   no episode outlives `spec.maxEpisodeSteps`; a `step` after an episode ended throws;
/// - determinism: a second run with the same seed and the same actions gives bit-identical
///   observations, rewards and flags;
/// - an action of the wrong length, and an action containing NaN, are rejected with an error;
/// - when supported: `render` gives frames of one consistent size; `snapshot` + `restore` replays
///   identically; `positions` are finite.
///
/// ```swift
/// let report = checkEnvironment(try Pendulum(), seed: 0, steps: 1000)
/// #expect(report.isClean, "\(report)")
/// ```
///
/// The environment is copied and the copy is used; for a class instance that means the caller's
/// object is reset and stepped. Actions come from a generator seeded with
/// `Seed.derive(seed, stream: "checker")`. Cost: about `2 × steps + 30` steps and resets.
public func checkEnvironment<E: Environment>(_ environment: E, seed: UInt64 = 0, steps: Int = 1000) -> CheckReport {
    var env = environment
    var problems = ProblemCollector()
    let id = env.spec.id
    let observationSpace = env.observationSpace
    let actionSpace = env.actionSpace

    // Action space sampling.
    var generator = Xoshiro256(seed: Seed.derive(seed, stream: "checker"))
    let actions = (0..<Swift.max(steps, 1)).map { _ in actionSpace.sample(using: &generator) }
    for action in actions.prefix(100) where action.count != actionSpace.flatSize || !actionSpace.contains(action) {
        problems.add(.actionSampling, "\(id): sampling the action space \(actionSpace) gave \(action), which is not in the space")
    }

    // Reset contract.
    let first: Reset
    do {
        first = try env.reset(seed: seed)
    } catch {
        problems.add(.resetFailed, "\(id): reset(seed: \(seed)) threw \(error)")
        return CheckReport(environmentID: id, problems: problems.problems, stepsTaken: 0)
    }
    problems.checkObservation(first.observation, in: observationSpace, environment: id, place: "reset(seed: \(seed))")
    problems.checkPositions(env.positions, environment: id)
    do {
        let second = try env.reset(seed: seed)
        if !sameBits(first.observation, second.observation) {
            problems.add(.resetNotReproducible, "\(id): reset(seed: \(seed)) twice gave \(first.observation) then \(second.observation); re-seed the environment's generator in reset(seed:)")
        }
    } catch {
        problems.add(.resetFailed, "\(id): the second reset(seed: \(seed)) threw \(error)")
    }

    // Main run, then the same run again for determinism.
    let trace = runChecked(&env, seed: seed, actions: actions, problems: &problems)
    var ignored = ProblemCollector()
    let replay = runChecked(&env, seed: seed, actions: actions, problems: &ignored)
    if let divergence = firstDivergence(trace, replay) {
        problems.add(.nonDeterministic, "\(id): two runs with seed \(seed) and the same actions differ at step \(divergence.step): \(divergence.detail); all randomness must come from the generator seeded in reset(seed:)")
    }

    // Invalid actions must be rejected.
    for (label, action) in [
        ("of \(actionSpace.flatSize + 1) floats (wrong length)", [Float](repeating: 0, count: actionSpace.flatSize + 1)),
        ("containing NaN", [Float](repeating: .nan, count: actionSpace.flatSize)),
    ] {
        do {
            _ = try env.reset(seed: seed)
            _ = try env.step(action)
            problems.add(.invalidActionAccepted, "\(id): step accepted an action \(label); it must throw (see EnvironmentError.validateAction)")
        } catch {
            // Expected.
        }
    }

    checkRender(&env, seed: seed, actions: actions, problems: &problems)
    checkSnapshot(&env, seed: seed, actions: actions, problems: &problems)
    return CheckReport(environmentID: id, problems: problems.problems, stepsTaken: trace.count)
}

/// One step as recorded for the determinism comparison.
struct StepRecord: Equatable {
    var observation: [UInt32]
    var reward: UInt32
    var isTerminated: Bool
    var isTruncated: Bool

    init(_ step: Step) {
        observation = step.observation.map(\.bitPattern)
        reward = step.reward.bitPattern
        isTerminated = step.isTerminated
        isTruncated = step.isTruncated
    }
}

/// Resets with `seed` and plays `actions`, resetting (without a seed) whenever an episode ends,
/// checking every result. Stops at the first error.
func runChecked<E: Environment>(_ env: inout E, seed: UInt64, actions: [[Float]], problems: inout ProblemCollector) -> [StepRecord] {
    let id = env.spec.id
    let space = env.observationSpace
    var records: [StepRecord] = []
    records.reserveCapacity(actions.count)
    do {
        _ = try env.reset(seed: seed)
    } catch {
        problems.add(.resetFailed, "\(id): reset(seed: \(seed)) threw \(error)")
        return records
    }
    var episodeLength = 0
    for (index, action) in actions.enumerated() {
        let step: Step
        do {
            step = try env.step(action)
        } catch let error as EnvironmentError where error.code == .invalidAction || error.code == .nonFiniteAction {
            problems.add(.sampledActionRejected, "\(id): step \(index) rejected the action \(action) sampled from \(env.actionSpace): \(error)")
            return records
        } catch {
            problems.add(.stepFailed, "\(id): step \(index) threw \(error)")
            return records
        }
        records.append(StepRecord(step))
        episodeLength += 1
        problems.checkObservation(step.observation, in: space, environment: id, place: "step \(index)")
        problems.checkReward(step.reward, environment: id, place: "step \(index)")
        if let limit = env.spec.maxEpisodeSteps, episodeLength > limit, !step.isDone {
            problems.add(.episodeLimitExceeded, "\(id): an episode reached \(episodeLength) steps without truncation, but spec.maxEpisodeSteps is \(limit)")
        }
        guard step.isDone else { continue }
        do {
            _ = try env.step(action)
            problems.add(.stepAfterEndAccepted, "\(id): step after the episode ended (\(step.isTerminated ? "terminated" : "truncated") at step \(episodeLength)) returned normally; it must throw until reset is called (see EpisodeTracker)")
        } catch {
            // Expected.
        }
        do {
            let reset = try env.reset(seed: nil)
            problems.checkObservation(reset.observation, in: space, environment: id, place: "reset(seed: nil) after step \(index)")
        } catch {
            problems.add(.resetFailed, "\(id): reset(seed: nil) after step \(index) threw \(error)")
            return records
        }
        episodeLength = 0
    }
    return records
}

/// The first step at which two traces differ, with a description of the difference.
func firstDivergence(_ a: [StepRecord], _ b: [StepRecord]) -> (step: Int, detail: String)? {
    for i in 0..<Swift.min(a.count, b.count) where a[i] != b[i] {
        if a[i].observation != b[i].observation {
            let first = a[i].observation.map(Float.init(bitPattern:)), second = b[i].observation.map(Float.init(bitPattern:))
            return (i, "observation \(first) vs \(second)")
        }
        if a[i].reward != b[i].reward {
            return (i, "reward \(Float(bitPattern: a[i].reward)) vs \(Float(bitPattern: b[i].reward))")
        }
        return (i, "flags terminated/truncated \(a[i].isTerminated)/\(a[i].isTruncated) vs \(b[i].isTerminated)/\(b[i].isTruncated)")
    }
    if a.count != b.count { return (Swift.min(a.count, b.count), "one run stopped after \(a.count) steps, the other after \(b.count)") }
    return nil
}

private func checkRender<E: Environment>(_ env: inout E, seed: UInt64, actions: [[Float]], problems: inout ProblemCollector) {
    let id = env.spec.id
    var frames: [Frame] = []
    guard (try? env.reset(seed: seed)) != nil else { return }  // reset failures are reported by the main run
    for action in [[Float]()] + actions.prefix(5) {
        if !action.isEmpty {
            // Step failures are reported by the main run; here they only end the frame sequence.
            guard let step = try? env.step(action) else { break }
            if step.isDone { break }
        }
        do {
            frames.append(try env.render())
        } catch where isUnsupported(error) && frames.isEmpty {
            return  // rendering is optional
        } catch {
            problems.add(.renderFailed, "\(id): render \(frames.count) threw \(error)")
            return
        }
    }
    problems.checkFrames(frames, environment: id)
}

private func checkSnapshot<E: Environment>(_ env: inout E, seed: UInt64, actions: [[Float]], problems: inout ProblemCollector) {
    let id = env.spec.id
    guard (try? env.reset(seed: seed)) != nil else { return }
    if let action = actions.first, (try? env.step(action))?.isDone != false { return }
    let snapshot: EnvironmentSnapshot
    do {
        snapshot = try env.snapshot()
    } catch where isUnsupported(error) {
        return  // snapshots are optional
    } catch {
        problems.add(.snapshotMismatch, "\(id): snapshot() threw \(error)")
        return
    }
    // Step failures are reported by the main run; here they only shorten the replay.
    var firstRun: [StepRecord] = []
    for action in actions.dropFirst().prefix(5) {
        guard let step = try? env.step(action) else { break }
        firstRun.append(StepRecord(step))
        if step.isDone { break }
    }
    do {
        try env.restore(snapshot)
    } catch {
        problems.add(.snapshotMismatch, "\(id): restore(_:) of its own snapshot threw \(error)")
        return
    }
    var secondRun: [StepRecord] = []
    for action in actions.dropFirst().prefix(firstRun.count) {
        guard let step = try? env.step(action) else { break }
        secondRun.append(StepRecord(step))
    }
    if let divergence = firstDivergence(firstRun, secondRun) {
        problems.add(.snapshotMismatch, "\(id): after restore(snapshot), replaying the same actions differs at step \(divergence.step): \(divergence.detail)")
    }
}
