import EmpowerNN
import EmpowerPlanning
import Testing

@Suite("Zero-shot goal reaching with distance-based skills")
struct ZeroShotGoalReachingTests {
    @Test("continuous skills: z is phi(g) - phi(s), normalized")
    func continuousDirection() throws {
        let choice = ZeroShotGoalReaching.choice(from: [1, 1], to: [4, 5], discrete: false)
        guard case .code(let z)? = choice else {
            Issue.record("no code: \(String(describing: choice))")
            return
        }
        #expect(abs(z[0] - 0.6) < 1e-6 && abs(z[1] - 0.8) < 1e-6, "\(z)")
    }

    @Test("discrete skills: the skill whose direction z_k = (K onehot(k) - 1) / (K - 1) has the largest d^T z_k")
    func discreteSkill() {
        let phiState: [Float] = [0.2, -0.1, 0.3, 0.0]
        let phiGoal: [Float] = [0.1, 0.6, 0.2, 0.5]   // d = (-0.1, 0.7, -0.1, 0.5)
        let d = zip(phiGoal, phiState).map { $0 - $1 }
        let k = Float(d.count)
        let scores = (0..<d.count).map { skill in d.indices.reduce(Float(0)) { $0 + d[$1] * ((skill == $1 ? k : 0) - 1) / (k - 1) } }
        let best = scores.indices.max { scores[$0] < scores[$1] }
        #expect(best == 1)
        #expect(ZeroShotGoalReaching.choice(from: phiState, to: phiGoal, discrete: true) == .skill(1))
    }

    @Test("no direction when phi(g) = phi(s) or phi is not finite")
    func noDirection() {
        #expect(ZeroShotGoalReaching.choice(from: [0.5, 0.5], to: [0.5, 0.5], discrete: false) == nil)
        #expect(ZeroShotGoalReaching.choice(from: [0, 0], to: [.nan, 1], discrete: true) == nil)
    }

    @Test("a hand-built phi: the goal observation replaces the target's entries, and z follows phi, not the raw displacement")
    func handBuiltRepresentation() throws {
        // Observation (vx, x, y): the target's position is entries 1 and 2. phi(o) = (2x, -y),
        // so a goal up and to the right in the plane is right and down in phi.
        let reaching = try ZeroShotGoalReaching(steps: 10, interval: 1, successRadius: 0.05, target: "agent", goalIndices: [1, 2])
        #expect(reaching.goalObservation([0.3, 0.1, 0.2], goal: SIMD2(0.7, -0.4)) == [0.3, 0.7, -0.4])
        let phi = { (rows: Tensor) -> Tensor in
            let values = rows.scalars
            let mapped = stride(from: 0, to: values.count, by: 3).flatMap { [2 * values[$0 + 1], -values[$0 + 2]] }
            return (try? Tensor(shape: [values.count / 3, 2], scalars: mapped)) ?? Tensor(shape: [1, 2])
        }
        let choice = reaching.choice(for: [9, 0, 0], goal: SIMD2(1, 1), discrete: false, phi: phi)
        guard case .code(let z)? = choice else {
            Issue.record("no code: \(String(describing: choice))")
            return
        }
        let norm = Float(5).squareRoot()
        #expect(abs(z[0] - 2 / norm) < 1e-6 && abs(z[1] + 1 / norm) < 1e-6, "\(z)")
    }

    @Test("settings out of range are typed errors naming the setting", arguments: [
        (0, 5, Float(0.05), [0, 1], "zero-shot steps"),
        (100, 0, Float(0.05), [0, 1], "zero-shot interval"),
        (100, 5, Float(0), [0, 1], "success radius"),
        (100, 5, Float(0.05), [1, 1], "goal features"),
        (100, 5, Float(0.05), [0], "goal features"),
    ])
    func badSettings(steps: Int, interval: Int, radius: Float, indices: [Int], name: String) {
        do {
            _ = try ZeroShotGoalReaching(steps: steps, interval: interval, successRadius: radius, target: "agent", goalIndices: indices)
            Issue.record("accepted \(name)")
        } catch {
            #expect(error.code == .invalidSetting && error.message.hasPrefix(name), "\(error)")
        }
    }
}
