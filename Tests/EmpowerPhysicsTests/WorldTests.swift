import EmpowerTestSupport
import Testing

@testable import EmpowerPhysics

@Suite("World: gravity, lifetime, determinism")
struct WorldTests {
    @Test func droppedBodyFollowsClosedFormFreeFall() throws {
        let world = try World(gravity: [0, -10])
        let ball = try world.createBody(.dynamic(at: [0, 10]), fixtures: [.init(.circle(radius: 0.1))])
        let dt: Float = 1.0 / 60
        let steps = 60
        for _ in 0..<steps { world.step() }
        // Box2D integrates semi-implicitly: v_n = -g n dt, y_n = y0 - g dt^2 n(n+1)/2.
        let n = Float(steps)
        let expectedY = 10 - 10 * dt * dt * n * (n + 1) / 2
        let state = world.state(of: ball)
        #expect(isClose(state.position.y, expectedY, absolute: 1e-3))
        #expect(isClose(state.linearVelocity.y, -10 * dt * n, absolute: 1e-3))
        // And close to the continuous closed form y0 - g t^2 / 2 at t = 1 s.
        #expect(abs(state.position.y - 5) < 0.1)
        #expect(state.position.x == 0)
    }

    @Test func worldsAreDestroyedWhenReleased() throws {
        let before = World.liveWorldCount
        do {
            let world = try World()
            _ = try world.createBody(.dynamic(at: .zero), fixtures: [.init(.circle(radius: 0.1))])
            #expect(World.liveWorldCount >= before + 1)
            world.step()
        }
        // Other suites may create worlds concurrently; ours is gone, so the count cannot exceed
        // what it was plus worlds others still hold. Check in isolation with a tight loop.
        let baseline = World.liveWorldCount
        for _ in 0..<50 { _ = try World() }
        #expect(World.liveWorldCount <= baseline + 8)
    }

    @Test func identicalWorldsSteppedIdenticallyAreBitIdentical() throws {
        func run() throws -> [BodyState] {
            let scene = try TabletopScene(configuration: .init(objectCount: 3))
            for step in 0..<300 {
                let t = Float(step) * 0.05
                try scene.setJointSpeeds([1.5 * sinApprox(t), -1.0, 2 * sinApprox(t + 1)])
                scene.step()
            }
            var states: [BodyState] = []
            scene.world.readStates(into: &states)
            return states
        }
        let a = try run()
        let b = try run()
        #expect(a == b)
    }

    @Test func batchReadMatchesSingleReadsAndDoesNotAllocateWhenWarm() throws {
        let world = try World(gravity: [0, -10])
        var bodies: [Body] = []
        for i in 0..<5 {
            bodies.append(try world.createBody(.dynamic(at: [Float(i), 1]), fixtures: [.init(.box(halfWidth: 0.1, halfHeight: 0.1))]))
        }
        var states: [BodyState] = []
        world.step()
        world.readStates(into: &states)
        #expect(states.count == 5)
        for body in bodies { #expect(states[Int(body.id)] == world.state(of: body)) }
        let allocations = countAllocations {
            world.step()
            world.readStates(into: &states)
        }
        #expect(allocations == 0)
    }
}

/// A cheap deterministic wave for driving motors in tests.
func sinApprox(_ x: Float) -> Float {
    var t = x.truncatingRemainder(dividingBy: 2 * .pi)
    if t > .pi { t -= 2 * .pi }
    return t * (1.2732395 - 0.4052847 * abs(t))
}
