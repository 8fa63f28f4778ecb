#if canImport(Glibc)
import Glibc
#endif
import EmpowerCommandLine
import EmpowerEnvironments
import EmpowerRender
import EmpowerTestSupport
import Foundation
import Testing

/// The first `count` bytes of a file.
func leadingBytes(_ path: String, count: Int) -> [UInt8] {
    guard let file = fopen(path, "rb") else { return [] }
    defer { fclose(file) }
    var bytes = [UInt8](repeating: 0, count: count)
    let n = fread(&bytes, 1, count, file)
    return Array(bytes.prefix(n))
}

@Suite("empower envs")
struct EnvsCommandTests {
    @Test("envs list --json parses and lists every catalog id with its spaces")
    func listJSON() throws {
        let result = runEmpower(["envs", "list", "--json"])
        #expect(result.status == .success)
        let parsed = try JSONSerialization.jsonObject(with: Data(result.output.utf8))
        let entries = try #require(parsed as? [[String: Any]])
        #expect(entries.compactMap { $0["id"] as? String } == BuiltInEnvironments.catalog.ids)
        let push = try #require(entries.first { ($0["id"] as? String) == "CooperativePush-v0" })
        #expect(push["kind"] as? String == "multi_agent")
        #expect(push["agents"] as? [String] == ["agent0", "agent1"])
        #expect(push["observation_shape"] as? [Int] == [10])
        let maze = try #require(entries.first { ($0["id"] as? String) == "PointMaze-v0" })
        #expect(maze["action_shape"] as? [Int] == [2] && maze["max_episode_steps"] as? Int == 100)
    }

    @Test("envs list prints one table row per id")
    func listTable() {
        let result = runEmpower(["envs", "list"])
        #expect(result.status == .success)
        for id in BuiltInEnvironments.catalog.ids {
            #expect(result.output.split(separator: "\n").contains { $0.hasPrefix(id + " ") }, "\(id)")
        }
    }

    @Test("envs check exits 0 on a clean built-in environment, single- and multi-agent", arguments: ["PointMaze-v0", "ParticleSpread-v0"])
    func checkClean(id: String) {
        let result = runEmpower(["envs", "check", id, "--steps", "200", "--seed", "4"])
        #expect(result.status == .success, "\(result.error)")
        #expect(result.output == "\(id): no problems in 200 steps\n")
    }

    @Test("a wrong id is a usage error with a suggestion, for check and render")
    func wrongID() {
        let check = runEmpower(["envs", "check", "PointMaz-v0"])
        #expect(check.status == .usage)
        #expect(check.error.hasPrefix("error: unknown environment 'PointMaz-v0'; did you mean 'PointMaze-v0'?\n"))
        let render = runEmpower(["render", "ParticleSpred-v0", "--out", "/tmp/never-written.png"])
        #expect(render.status == .usage)
        #expect(render.error.contains("did you mean 'ParticleSpread-v0'?"))
    }

    @Test("--set is checked against the environment's arguments")
    func settings() {
        let unknown = runEmpower(["envs", "check", "ParticleSpread-v0", "--set", "agnts=4"])
        #expect(unknown.status == .usage && unknown.error.contains("did you mean 'agents'?"))
        let mistyped = runEmpower(["envs", "check", "ParticleSpread-v0", "--set", "agents=many"])
        #expect(mistyped.status == .usage && mistyped.error.contains("--set agents must be an integer, got 'many'"))
        let outOfRange = runEmpower(["envs", "check", "ParticleSpread-v0", "--set", "agents=12"])
        #expect(outOfRange.status == .usage && outOfRange.error.contains("agents must be in 2...8"))
        let fine = runEmpower(["envs", "check", "ParticleSpread-v0", "--set", "agents=5", "--steps", "50"])
        #expect(fine.status == .success)
    }
}

@Suite("empower render")
struct RenderCommandTests {
    @Test("a PNG of the last frame, readable back, 400x400")
    func png() throws {
        let directory = try TemporaryDirectory(prefix: "empower-render")
        defer { directory.remove() }
        let path = directory.file("maze.png")
        let result = runEmpower(["render", "PointMaze-v0", "--steps", "20", "--set", "goal=0.5,0.5", "--out", path])
        #expect(result.status == .success, "\(result.error)")
        #expect(leadingBytes(path, count: 8) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let frame = try PNGReader.read(path)
        #expect(frame.width == 400 && frame.height == 400)
        #expect(result.output == "wrote \(path): 1 frame of 400x400, PointMaze-v0, seed 0\n")
    }

    @Test("the same seed writes the same picture, another seed a different one")
    func seeded() throws {
        let directory = try TemporaryDirectory(prefix: "empower-render")
        defer { directory.remove() }
        for (name, seed) in [("a", "3"), ("b", "3"), ("c", "4")] {
            #expect(runEmpower(["render", "ParticleSpread-v0", "--seed", seed, "--steps", "15", "--out", directory.file("\(name).png")]).status == .success)
        }
        let a = try PNGReader.read(directory.file("a.png")), b = try PNGReader.read(directory.file("b.png")), c = try PNGReader.read(directory.file("c.png"))
        #expect(a == b && a != c)
    }

    @Test("a GIF of the rollout for a multi-agent environment: first frame plus one per step")
    func gif() throws {
        let directory = try TemporaryDirectory(prefix: "empower-render")
        defer { directory.remove() }
        let path = directory.file("push.gif")
        let result = runEmpower(["render", "CooperativePush-v0", "--steps", "12", "--out", path])
        #expect(result.status == .success, "\(result.error)")
        #expect(leadingBytes(path, count: 6) == Array("GIF89a".utf8))
        #expect(result.output.contains("13 frames of 400x400"))
    }

    @Test("--out is required and must end in .png or .gif")
    func outputErrors() {
        let missing = runEmpower(["render", "PointMass-v0"])
        #expect(missing.status == .usage && missing.error.contains("needs --out"))
        let wrong = runEmpower(["render", "PointMass-v0", "--out", "/tmp/x.jpg"])
        #expect(wrong.status == .usage && wrong.error.contains("--out must end in .png or .gif"))
    }
}

@Suite("empower bench envs")
struct BenchEnvsCommandTests {
    @Test("--json has one object per environment, physics figures for the Box2D ones, and the vector figures")
    func json() throws {
        let result = runEmpower(["bench", "envs", "--json", "--effort", "0.01"])
        #expect(result.status == .success, "\(result.error)")
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        let environments = try #require(parsed["environments"] as? [[String: Any]])
        #expect(environments.compactMap { $0["id"] as? String } == BuiltInEnvironments.catalog.ids)
        for entry in environments {
            let id = entry["id"] as? String ?? ""
            let isBox2D = !["Pendulum-v0", "PointMass-v0"].contains(id)
            #expect((entry["steps_per_second"] as? Double ?? 0) > 0, "\(id)")
            #expect((entry["physics_steps_per_second"] != nil) == isBox2D, "\(id)")
            if isBox2D { #expect((entry["overhead_ratio"] as? Double ?? 0) > 0, "\(id)") }
        }
        #expect(parsed["vector_environment"] as? String == "TabletopPush-v0")
        #expect((parsed["vector_1_thread_sps"] as? Double ?? 0) > 0 && (parsed["vector_2_threads_sps"] as? Double ?? 0) > 0)
        #expect((parsed["machine"] as? [String: Any])?["logical_cores"] as? Int ?? 0 >= 1)
    }
}
