import EmpowerCore
import EmpowerManipulation
import Testing

@Suite("Feasibility: scripted push")
struct PushFeasibilityTests {
    /// Plays one episode of the scripted pusher; returns how much closer to the goal the box
    /// ended (m), or nil when the start does not suit a radial push.
    static func push(seed: UInt64) throws -> Float? {
        let env = try TabletopPush(objects: 1, actionMode: .endEffector, maxEpisodeSteps: 400)
        var observation = try env.reset(seed: seed).observation
        let start = SIMD2(observation[12], observation[13])
        guard var pusher = ScriptedPusher.plan(object: start, distance: 0.28) else { return nil }
        for _ in 0..<400 {
            let step = try env.step(pusher.action(for: observation))
            observation = step.observation
            if step.isDone { break }
        }
        let end = SIMD2(observation[12], observation[13])
        return length(start - pusher.goal) - length(end - pusher.goal)
    }

    /// Over the first 100 seeds, every start that suits a radial push (the box 0.33 m or more
    /// from the base with room on the table beyond it) is tried. The controller is simple
    /// (straight-line waypoints, no planning), so it is allowed to fail on a few starts where
    /// the folded arm sweeps the box while curling in (8 of 13 starts succeed at present); at
    /// least 60% must succeed.
    @Test("a scripted push moves the box at least 0.2 m toward a target")
    func scriptedPush() throws {
        var gains: [Float] = []
        for seed in UInt64(0)..<100 {
            if let gain = try Self.push(seed: seed) { gains.append(gain) }
        }
        let successes = gains.filter { $0 >= 0.2 }.count
        #expect(gains.count >= 10)
        #expect(Float(successes) >= 0.6 * Float(gains.count), "gains \(gains)")
        #expect(gains.max() ?? 0 >= 0.25)
    }
}

@Suite("Feasibility: lift")
struct LiftFeasibilityTests {
    @Test("a scripted grasp holds the block at least 0.1 m above the floor for 60 consecutive steps", arguments: [UInt64](0..<5))
    func scriptedLift(seed: UInt64) throws {
        let env = try TabletopLift(maxEpisodeSteps: 300)
        var observation = try env.reset(seed: seed).observation
        let block = SIMD2(observation[13], observation[14])
        var lifter = ScriptedLifter()
        var heldFor = 0, longestHold = 0
        for _ in 0..<300 {
            let step = try env.step(lifter.action(env: env, block: block))
            observation = step.observation
            let height = observation[14] - 0.03
            heldFor = height >= 0.1 ? heldFor + 1 : 0
            longestHold = max(longestHold, heldFor)
            if step.isDone { break }
        }
        #expect(longestHold >= 60)
        #expect(observation[12] > 0.055 && observation[12] < 0.065)  // fingers closed on the 6 cm block
    }
}
