import EmpowerCore
import Testing

@Suite("Vector environments")
struct VectorEnvironmentTests {
    /// Plays `steps` batched steps with actions from a fixed generator and returns every result.
    static func play<V: VectorEnvironment>(_ envs: inout V, seed: UInt64, steps: Int) throws -> [VectorStep] {
        var rng = Xoshiro256(seed: 99)
        _ = try envs.reset(seed: seed)
        var results: [VectorStep] = []
        for _ in 0..<steps {
            var actions: [Float] = []
            for _ in 0..<envs.count { actions += envs.singleActionSpace.sample(using: &rng) }
            results.append(try envs.step(actions))
        }
        return results
    }

    static func bits(_ steps: [VectorStep]) -> [[UInt32]] {
        steps.map { step in
            step.observations.map(\.bitPattern) + step.rewards.map(\.bitPattern)
                + step.terminations.map { $0 ? 1 : 0 } + step.truncations.map { $0 ? 1 : 0 }
                + step.finalObservations.flatMap { $0.map { $0.map(\.bitPattern) } ?? [UInt32.max] }
        }
    }

    @Test("threaded results equal serial results bit for bit", arguments: [1, 2, 3])
    func threadedEqualsSerial(threads: Int) throws {
        var serial = try SerialVectorEnvironment(count: 5) { _ in try LineWalk(goal: 2, maxEpisodeSteps: 7) }
        var threaded = try ThreadedVectorEnvironment(count: 5, threads: threads) { _ in try LineWalk(goal: 2, maxEpisodeSteps: 7) }
        let a = try Self.play(&serial, seed: 11, steps: 60)
        let b = try Self.play(&threaded, seed: 11, steps: 60)
        #expect(Self.bits(a) == Self.bits(b))
        #expect(a.contains { $0.terminations.contains(true) } && a.contains { $0.truncations.contains(true) },
                "the run should exercise both kinds of episode end")
    }

    @Test("env i is seeded with Seed.derive(master, stream: \"env\", index: i)")
    func seeding() throws {
        var envs = try SerialVectorEnvironment(count: 3) { _ in try LineWalk() }
        let batch = try envs.reset(seed: 42)
        for i in 0..<3 {
            var single = try LineWalk()
            let reset = try single.reset(seed: Seed.derive(42, stream: "env", index: UInt64(i)))
            #expect(batch.observations[i] == reset.observation[0])
        }
    }

    @Test("autoreset returns the reset observation and keeps the true final observation")
    func autoreset() throws {
        var envs = try SerialVectorEnvironment(count: 2) { _ in try LineWalk(goal: 1000, maxEpisodeSteps: 3) }
        var twins = [try LineWalk(goal: 1000, maxEpisodeSteps: 3), try LineWalk(goal: 1000, maxEpisodeSteps: 3)]
        _ = try envs.reset(seed: 5)
        for i in 0..<2 { _ = try twins[i].reset(seed: Seed.derive(5, stream: "env", index: UInt64(i))) }
        var last: VectorStep?
        var finals: [[Float]] = []
        for _ in 0..<3 {
            last = try envs.step([0.5, -0.5])
            finals = [try twins[0].step([0.5]).observation, try twins[1].step([-0.5]).observation]
        }
        let step = try #require(last)
        #expect(step.truncations == [true, true])
        #expect(step.finalObservations[0] == finals[0])
        #expect(step.finalObservations[1] == finals[1])
        // The batch holds the next episode's reset observations, seeded for episode 1.
        #expect(envs.episodeIndices == [1, 1])
        for i in 0..<2 {
            let reset = try twins[i].reset(seed: Seed.derive(Seed.derive(5, stream: "env", index: UInt64(i)), stream: "episode", index: 1))
            #expect(step.observations[i] == reset.observation[0])
            #expect(step.observations[i] != finals[i][0])
        }
        // Mid-episode steps have no final observation.
        let next = try envs.step([0, 0])
        #expect(next.finalObservations == [nil, nil])
    }

    @Test("without a master seed, autoreset continues each env's generator")
    func unseededAutoreset() throws {
        var envs = try SerialVectorEnvironment(count: 1) { _ in try LineWalk(goal: 1000, maxEpisodeSteps: 2) }
        var twin = try LineWalk(goal: 1000, maxEpisodeSteps: 2)
        _ = try envs.reset(seed: nil)
        _ = try twin.reset(seed: nil)
        var step = try envs.step([0.1])
        _ = try twin.step([0.1])
        step = try envs.step([0.1])
        _ = try twin.step([0.1])
        #expect(step.truncations == [true])
        #expect(step.observations[0] == (try twin.reset(seed: nil)).observation[0])
    }

    @Test("replaying episodes rebuilds the exact state of a seeded run", arguments: [1, 2])
    func replay(threads: Int) throws {
        func make() throws -> ThreadedVectorEnvironment<LineWalk> {
            try ThreadedVectorEnvironment(count: 3, threads: threads) { _ in try LineWalk(goal: 1000, maxEpisodeSteps: 4) }
        }
        var original = try make()
        _ = try original.reset(seed: 11)
        var history: [[Float]] = [[], [], []]
        var rng = Xoshiro256(seed: 3)
        var observations: [Float] = []
        for _ in 0..<10 {
            let actions = (0..<3).map { _ in rng.nextFloat(in: -1, 1) }
            let step = try original.step(actions)
            observations = step.observations
            for i in 0..<3 { history[i] = step.isDone(i) ? [] : history[i] + [actions[i]] }
        }
        #expect(original.episodeIndices == [2, 2, 2])
        var rebuilt = try make()
        let replayed = try rebuilt.replayEpisodes(master: 11, episodes: original.episodeIndices, actions: history)
        #expect(replayed == observations)
        #expect(rebuilt.episodeIndices == original.episodeIndices)
        // Both continue identically, episode ends included.
        for _ in 0..<9 {
            let actions = (0..<3).map { _ in rng.nextFloat(in: -1, 1) }
            let a = try original.step(actions)
            let b = try rebuilt.step(actions)
            #expect(a.observations == b.observations && a.rewards == b.rewards && a.truncations == b.truncations)
        }
    }

    @Test("a batch of the wrong size, and errors inside an env, are typed errors")
    func errors() throws {
        var envs = try ThreadedVectorEnvironment(count: 3, threads: 2) { _ in try LineWalk() }
        _ = try envs.reset(seed: 0)
        #expect {
            _ = try envs.step([0, 0])
        } throws: { error in
            (error as? EnvironmentError)?.code == .invalidAction
        }
        #expect {
            _ = try envs.step([0, .nan, 0])
        } throws: { error in
            (error as? EnvironmentError)?.code == .nonFiniteAction
        }
        #expect(throws: EnvironmentError.self) { try SerialVectorEnvironment(count: 0) { _ in try LineWalk() } }
    }
}
