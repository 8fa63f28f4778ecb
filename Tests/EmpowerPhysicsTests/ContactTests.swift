import EmpowerTestSupport
import Testing

@testable import EmpowerPhysics

@Suite("Contacts, queries, welds, allocation-free stepping")
struct ContactTests {
    @Test func beginContactsAndImpulsesDescribeTheLastStepOnly() throws {
        let world = try World(gravity: [0, -10])
        let floor = try world.createBody(.static(), fixtures: [.init(.edge(from: [-1, 0], to: [1, 0]))])
        let ball = try world.createBody(.dynamic(at: [0, 0.2]), fixtures: [.init(.circle(radius: 0.05), density: 10)])
        var events: [ContactEvent] = []
        var landedAt: Int?
        for i in 0..<60 {
            world.step()
            world.readBeginContacts(into: &events)
            if events.contains(where: { $0.connects(floor, ball) }) { landedAt = i }
            if landedAt == i { #expect(world.maxContactImpulse > 0) }
        }
        // Falls 0.15 m: about 0.17 s, i.e. step 10 at 60 Hz.
        let step = try #require(landedAt)
        #expect((8...12).contains(step))
        // Resting: touching, no new begin events, impulse about m g dt.
        world.step()
        world.readBeginContacts(into: &events)
        #expect(events.isEmpty)
        #expect(world.areTouching(ball, floor))
        let weightImpulse = world.mass(of: ball) * 10 / 60
        #expect(isClose(world.maxContactImpulse(on: ball), weightImpulse, absolute: 0.2 * weightImpulse))
    }

    @Test func aabbQueryFindsOverlappingBodies() throws {
        let world = try World()
        let a = try world.createBody(.dynamic(at: [0, 0]), fixtures: [.init(.circle(radius: 0.1))])
        let b = try world.createBody(.dynamic(at: [1, 0]), fixtures: [.init(.circle(radius: 0.1))])
        world.step()
        #expect(world.bodies(overlapping: [-0.2, -0.2], [0.2, 0.2]) == [a])
        #expect(Set(world.bodies(overlapping: [-0.2, -0.2], [1.2, 0.2])) == [a, b])
        #expect(world.bodies(overlapping: [3, 3], [4, 4]).isEmpty)
    }

    @Test func weldKeepsBodiesTogether() throws {
        let world = try World(gravity: [0, -10])
        let base = try world.createBody(.static())
        let arm = try world.createBody(.dynamic(at: [0.25, 0]), fixtures: [.init(.box(halfWidth: 0.25, halfHeight: 0.02), density: 20)])
        _ = try world.createJoint(WeldJoint.Definition(bodyA: base, bodyB: arm, anchor: .zero))
        for _ in 0..<120 { world.step() }
        let s = world.state(of: arm)
        #expect(abs(s.position.x - 0.25) < 0.01 && abs(s.position.y) < 0.01 && abs(s.angle) < 0.02)
    }

    @Test func steppingAWarmSceneDoesNotAllocate() throws {
        let scene = try TabletopScene(configuration: .init(objectCount: 3))
        var states: [BodyState] = []
        var events: [ContactEvent] = []
        var speeds = [Float](repeating: 0, count: 3)
        // Index loops: `enumerated()` and `zip` allocate in unoptimized builds.
        func control(_ i: Int) throws {
            for j in 0..<3 { speeds[j] = i % 60 < 30 ? Float(j + 1) * 0.5 : -1 }
            try scene.setJointSpeeds(speeds)
            scene.step()
            scene.world.readStates(into: &states)
            scene.world.readBeginContacts(into: &events)
        }
        for i in 0..<300 { try control(i) }
        let allocations = try countAllocations {
            for i in 300..<400 { try control(i) }
        }
        #expect(allocations == 0)
    }
}
