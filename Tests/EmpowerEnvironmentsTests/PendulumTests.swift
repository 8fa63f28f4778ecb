import EmpowerClassic
import EmpowerCore
import EmpowerTestSupport
import Foundation
import Testing

@Suite("Pendulum-v0")
struct PendulumTests {
    @Test("one step matches the dynamics and reward computed by hand", arguments: [Float(-3), -0.7, 0, 1.3, 2])
    func handComputedStep(torque: Float) throws {
        var env = try Pendulum()
        _ = try env.reset(seed: 21)
        let theta = env.angle, thetaDot = env.angularVelocity
        let u = Double(torque < -2 ? -2 : (torque > 2 ? 2 : torque))
        // g = 10, m = 1, l = 1, dt = 0.05: 3g/(2l) = 15, 3/(ml^2) = 3.
        var wrapped = theta
        while wrapped >= Double.pi { wrapped -= 2 * Double.pi }
        while wrapped < -Double.pi { wrapped += 2 * Double.pi }
        let expectedReward = -(wrapped * wrapped + 0.1 * thetaDot * thetaDot + 0.001 * u * u)
        let newThetaDot = min(max(thetaDot + (15 * sin(theta) + 3 * u) * 0.05, -8), 8)
        let newTheta = theta + newThetaDot * 0.05

        let step = try env.step([torque])
        #expect(abs(env.angularVelocity - newThetaDot) < 1e-12)
        #expect(abs(env.angle - newTheta) < 1e-12)
        #expect(isClose(step.reward, Float(expectedReward), absolute: 1e-6))
        #expect(isClose(step.observation[0], Float(cos(newTheta)), absolute: 1e-6))
        #expect(isClose(step.observation[1], Float(sin(newTheta)), absolute: 1e-6))
        #expect(isClose(step.observation[2], Float(newThetaDot), absolute: 1e-6))
    }

    @Test("the start state is theta ~ U(-pi, pi), thetadot ~ U(-1, 1)")
    func startState() throws {
        var env = try Pendulum()
        var minimum = Double.infinity, maximum = -Double.infinity
        for seed in 0..<300 as Range<UInt64> {
            _ = try env.reset(seed: seed)
            #expect(env.angle >= -Double.pi && env.angle < Double.pi)
            #expect(env.angularVelocity >= -1 && env.angularVelocity < 1)
            minimum = min(minimum, env.angle)
            maximum = max(maximum, env.angle)
        }
        #expect(minimum < -2.8 && maximum > 2.8)
    }

    @Test("angular velocity is capped at 8 and positions give the tip")
    func speedLimitAndTip() throws {
        var env = try Pendulum(gravity: 10, maxEpisodeSteps: 1000)
        _ = try env.reset(seed: 2)
        var maxSpeed: Float = 0
        var velocity = Float(env.angularVelocity)
        for _ in 0..<1000 {
            // Pump energy: full torque in the direction of motion.
            let step = try env.step([velocity >= 0 ? 2 : -2])
            velocity = step.observation[2]
            maxSpeed = max(maxSpeed, abs(velocity))
        }
        #expect(maxSpeed == 8, "pumping energy spins the pendulum up to the cap, never past it")
        let tip = try #require(env.positions["tip"])
        #expect(isClose(tip.x, Float(sin(env.angle)), absolute: 1e-6) && isClose(tip.y, Float(cos(env.angle)), absolute: 1e-6))
    }

    @Test("angle normalization wraps into [-pi, pi)")
    func normalization() {
        #expect(abs(Pendulum.normalizedAngle(3 * Double.pi / 2) + Double.pi / 2) < 1e-12)
        #expect(abs(Pendulum.normalizedAngle(-7 * Double.pi / 2) - Double.pi / 2) < 1e-12)
        #expect(abs(Pendulum.normalizedAngle(0.5) - 0.5) < 1e-15)
    }

    @Test("invalid arguments are typed errors")
    func invalidArguments() {
        #expect(throws: EnvironmentError.self) { try Pendulum(gravity: -1) }
        #expect(throws: EnvironmentError.self) { try Pendulum(gravity: .nan) }
        #expect(throws: EnvironmentError.self) { try Pendulum(maxEpisodeSteps: 0) }
    }
}
