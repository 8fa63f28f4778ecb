import EmpowerCore
import Foundation
import Testing

@Suite("Box")
struct BoxTests {
    @Test("contains checks length, bounds and NaN")
    func contains() throws {
        let box = try Box(low: [-1, 0], high: [1, 2])
        #expect(box.contains([-1, 2]))
        #expect(box.contains([0.5, 1]))
        #expect(!box.contains([1.0001, 1]))
        #expect(!box.contains([0, -0.1]))
        #expect(!box.contains([0, .nan]))
        #expect(!box.contains([0]))
        #expect(!box.contains([0, 1, 1]))
    }

    @Test("samples of a bounded box stay within bounds")
    func boundedSamples() throws {
        let box = try Box(low: [-2, 0, 5], high: [-1, 0, 6], shape: [3])
        var rng = Xoshiro256(seed: 3)
        var sawLow = false
        for _ in 0..<2000 {
            let x = box.sample(using: &rng)
            #expect(box.contains(x))
            #expect(x[1] == 0)
            if x[0] < -1.9 { sawLow = true }
        }
        #expect(sawLow, "samples should cover the range, not sit at one point")
    }

    @Test("samples of unbounded and half-bounded boxes respect the finite side")
    func unboundedSamples() throws {
        let box = try Box(low: [-.infinity, 1, -.infinity], high: [.infinity, .infinity, -1])
        var rng = Xoshiro256(seed: 9)
        var sum: Float = 0
        for _ in 0..<4000 {
            let x = box.sample(using: &rng)
            #expect(x.allSatisfy { $0.isFinite })
            #expect(x[1] >= 1)
            #expect(x[2] <= -1)
            sum += x[0]
        }
        #expect(abs(sum / 4000) < 0.1, "the unbounded coordinate is standard normal, mean near 0")
    }

    @Test("invalid bounds and shapes are typed errors")
    func invalid() {
        #expect(throws: SpaceError.self) { try Box(low: 1, high: -1, shape: [2]) }
        #expect(throws: SpaceError.self) { try Box(low: .nan, high: 1, shape: [2]) }
        #expect(throws: SpaceError.self) { try Box(low: 0, high: 1, shape: [2, 0]) }
        #expect(throws: SpaceError.self) { try Box(low: [0, 0], high: [1], shape: nil) }
        do {
            _ = try Box(low: [0, 3], high: [1, 2])
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidBounds)
            #expect(error.context["index"] == "1")
        }
    }

    @Test("description is readable")
    func description() throws {
        let uniform = try Box(low: -1, high: 1, shape: [2])
        #expect(uniform.description == "Box(-1.0, 1.0, shape: [2])")
        #expect((try Box(low: [0, 1], high: [2, 3])).description == "Box(low: [0.0, 1.0], high: [2.0, 3.0], shape: [2])")
    }

    @Test("Codable round trip keeps infinite bounds")
    func codable() throws {
        let box = try Box(low: [-.infinity, 0], high: [.infinity, 1], shape: [1, 2])
        let data = try JSONEncoder().encode(Space.box(box))
        let decoded = try JSONDecoder().decode(Space.self, from: data)
        #expect(decoded == .box(box))
        let bad = #"{"low":[2],"high":[1],"shape":[1]}"#.data(using: .utf8) ?? Data()
        #expect(throws: SpaceError.self) { try JSONDecoder().decode(Box.self, from: bad) }
    }
}

@Suite("Discrete and MultiBinary")
struct DiscreteTests {
    @Test("Discrete contains only integers in range and samples them uniformly")
    func discrete() throws {
        let space = try Discrete(3, start: 1)
        #expect(space.contains([1]) && space.contains([3]))
        #expect(!space.contains([0]) && !space.contains([4]) && !space.contains([1.5]) && !space.contains([1, 2]))
        var rng = Xoshiro256(seed: 1)
        var counts = [0, 0, 0]
        for _ in 0..<3000 {
            let x = space.sample(using: &rng)
            #expect(space.contains(x))
            counts[Int(x[0]) - 1] += 1
        }
        #expect(counts.allSatisfy { $0 > 900 && $0 < 1100 })
        #expect(space.flatSize == 1 && space.shape == [])
        #expect(throws: SpaceError.self) { try Discrete(0) }
    }

    @Test("MultiBinary contains only 0/1 vectors of its size")
    func multiBinary() throws {
        let space = try MultiBinary(4)
        #expect(space.contains([0, 1, 1, 0]))
        #expect(!space.contains([0, 1, 2, 0]) && !space.contains([0, 1]))
        var rng = Xoshiro256(seed: 2)
        var ones = 0
        for _ in 0..<1000 {
            let x = space.sample(using: &rng)
            #expect(space.contains(x))
            ones += Int(x.reduce(0, +))
        }
        #expect(ones > 1800 && ones < 2200)
        #expect(throws: SpaceError.self) { try MultiBinary(-1) }
        #expect(Space.multiBinary(space).description == "MultiBinary(4)")
    }
}
