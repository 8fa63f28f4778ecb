/// Checks that a multi-agent environment keeps the ``MultiAgentEnvironment`` contract, and
/// reports every problem found.
///
/// Verifies, in the spirit of ``checkEnvironment(_:seed:steps:)``:
/// - agents: `possibleAgents` is non-empty and without duplicates, every possible agent has an
///   observation and an action space, live agents are possible agents;
/// - reset: one observation per live agent, each in its space; the same seed twice gives the same
///   observations; `state()` lies in `stateSpace`;
/// - over `steps` steps with sampled actions for the live agents: observations, rewards and flags
///   for every agent that acted, observations in their spaces, finite rewards, finished agents
///   removed from `agents`, a step with no live agent throws, `state()` stays valid;
/// - determinism: the same seed and actions give bit-identical results;
/// - `render`, when supported, gives frames of one size; `positions` are finite.
public func checkMultiAgentEnvironment<E: MultiAgentEnvironment>(_ environment: E, seed: UInt64 = 0, steps: Int = 1000) -> CheckReport {
    var env = environment
    var problems = ProblemCollector()
    let id = env.spec.id

    let possible = env.possibleAgents
    if possible.isEmpty { problems.add(.agentMismatch, "\(id): possibleAgents is empty") }
    if Set(possible).count != possible.count { problems.add(.agentMismatch, "\(id): possibleAgents \(possible) contains duplicates") }
    for agent in possible {
        if env.observationSpaces[agent] == nil { problems.add(.agentMismatch, "\(id): no observation space for possible agent \"\(agent)\"") }
        if env.actionSpaces[agent] == nil { problems.add(.agentMismatch, "\(id): no action space for possible agent \"\(agent)\"") }
    }
    var generator = Xoshiro256(seed: Seed.derive(seed, stream: "checker"))
    for agent in possible {
        guard let space = env.actionSpaces[agent] else { continue }
        for _ in 0..<20 {
            let action = space.sample(using: &generator)
            if !space.contains(action) {
                problems.add(.actionSampling, "\(id): sampling agent \"\(agent)\"'s action space \(space) gave \(action), which is not in the space")
            }
        }
    }

    let first: MultiAgentReset
    do {
        first = try env.reset(seed: seed)
    } catch {
        problems.add(.resetFailed, "\(id): reset(seed: \(seed)) threw \(error)")
        return CheckReport(environmentID: id, problems: problems.problems, stepsTaken: 0)
    }
    checkAgentObservations(env, first.observations, place: "reset(seed: \(seed))", problems: &problems)
    checkState(env, place: "after reset", problems: &problems)
    problems.checkPositions(env.positions, environment: id)
    do {
        let second = try env.reset(seed: seed)
        let agents = Set(first.observations.keys).union(second.observations.keys).sorted()
        if let agent = agents.first(where: { !sameBits(first.observations[$0] ?? [], second.observations[$0] ?? []) }) {
            problems.add(.resetNotReproducible, "\(id): reset(seed: \(seed)) twice gave different observations for \"\(agent)\": \(first.observations[agent] ?? []) then \(second.observations[agent] ?? [])")
        }
    } catch {
        problems.add(.resetFailed, "\(id): the second reset(seed: \(seed)) threw \(error)")
    }

    let trace = runMultiAgentChecked(&env, seed: seed, steps: steps, problems: &problems)
    var ignored = ProblemCollector()
    let replay = runMultiAgentChecked(&env, seed: seed, steps: steps, problems: &ignored)
    let common = Swift.min(trace.count, replay.count)
    if let step = (0..<common).first(where: { trace[$0] != replay[$0] }) ?? (trace.count != replay.count ? common : nil) {
        problems.add(.nonDeterministic, "\(id): two runs with seed \(seed) and the same actions differ at step \(step); all randomness must come from the generator seeded in reset(seed:)")
    }

    var frames: [Frame] = []
    do {
        _ = try env.reset(seed: seed)
        frames.append(try env.render())
        frames.append(try env.render())
        problems.checkFrames(frames, environment: id)
    } catch where isUnsupported(error) && frames.isEmpty {
        // Rendering is optional.
    } catch {
        problems.add(.renderFailed, "\(id): render threw \(error)")
    }
    return CheckReport(environmentID: id, problems: problems.problems, stepsTaken: trace.count)
}

private func checkAgentObservations<E: MultiAgentEnvironment>(_ env: E, _ observations: [String: [Float]], place: String, problems: inout ProblemCollector) {
    let id = env.spec.id
    for agent in observations.keys.sorted() {
        guard let space = env.observationSpaces[agent] else {
            problems.add(.agentMismatch, "\(id): \(place) returned an observation for \"\(agent)\", which is not a possible agent")
            continue
        }
        problems.checkObservation(observations[agent] ?? [], in: space, environment: id, place: "\(place) for agent \"\(agent)\"")
    }
}

private func checkState<E: MultiAgentEnvironment>(_ env: E, place: String, problems: inout ProblemCollector) {
    let id = env.spec.id
    do {
        let state = try env.state()
        if !env.stateSpace.contains(state) || state.contains(where: { !$0.isFinite }) {
            problems.add(.invalidState, "\(id): state() \(place) is \(state.count <= 16 ? "\(state)" : "\(state.count) floats"), which is not in the state space \(env.stateSpace)")
        }
    } catch {
        problems.add(.invalidState, "\(id): state() \(place) threw \(error)")
    }
}

/// One multi-agent step as recorded for the determinism comparison.
struct MultiAgentRecord: Equatable {
    var observations: [String: [UInt32]]
    var rewards: [String: UInt32]
    var terminations: [String: Bool]
    var truncations: [String: Bool]
}

private func runMultiAgentChecked<E: MultiAgentEnvironment>(_ env: inout E, seed: UInt64, steps: Int, problems: inout ProblemCollector) -> [MultiAgentRecord] {
    let id = env.spec.id
    var generator = Xoshiro256(seed: Seed.derive(seed, stream: "checker-actions"))
    var records: [MultiAgentRecord] = []
    do {
        let reset = try env.reset(seed: seed)
        if Set(reset.observations.keys) != Set(env.agents) {
            problems.add(.agentMismatch, "\(id): reset returned observations for \(reset.observations.keys.sorted()) but the live agents are \(env.agents)")
        }
    } catch {
        problems.add(.resetFailed, "\(id): reset(seed: \(seed)) threw \(error)")
        return records
    }
    for index in 0..<steps {
        let live = env.agents
        for agent in live where !env.possibleAgents.contains(agent) {
            problems.add(.agentMismatch, "\(id): live agent \"\(agent)\" is not in possibleAgents \(env.possibleAgents)")
        }
        var actions: [String: [Float]] = [:]
        for agent in live { actions[agent] = env.actionSpaces[agent]?.sample(using: &generator) ?? [] }
        let step: MultiAgentStep
        do {
            step = try env.step(actions)
        } catch {
            problems.add(.stepFailed, "\(id): step \(index) with actions for \(live) threw \(error)")
            return records
        }
        records.append(MultiAgentRecord(
            observations: step.observations.mapValues { $0.map(\.bitPattern) },
            rewards: step.rewards.mapValues(\.bitPattern),
            terminations: step.terminations, truncations: step.truncations))
        checkAgentObservations(env, step.observations, place: "step \(index)", problems: &problems)
        for agent in live {
            if step.observations[agent] == nil || step.rewards[agent] == nil || step.terminations[agent] == nil || step.truncations[agent] == nil {
                problems.add(.agentMismatch, "\(id): step \(index) is missing an observation, reward, termination or truncation for agent \"\(agent)\", which acted")
            }
            problems.checkReward(step.rewards[agent] ?? 0, environment: id, place: "step \(index) for agent \"\(agent)\"")
            let finished = (step.terminations[agent] ?? false) || (step.truncations[agent] ?? false)
            if finished, env.agents.contains(agent) {
                problems.add(.agentMismatch, "\(id): agent \"\(agent)\" finished at step \(index) but is still in agents; remove finished agents after the step")
            }
        }
        checkState(env, place: "after step \(index)", problems: &problems)
        if env.agents.isEmpty {
            do {
                _ = try env.step([:])
                problems.add(.stepAfterEndAccepted, "\(id): step with no live agent (after step \(index)) returned normally; it must throw until reset is called")
            } catch {
                // Expected.
            }
            do {
                _ = try env.reset(seed: nil)
            } catch {
                problems.add(.resetFailed, "\(id): reset(seed: nil) after step \(index) threw \(error)")
                return records
            }
        }
    }
    return records
}
