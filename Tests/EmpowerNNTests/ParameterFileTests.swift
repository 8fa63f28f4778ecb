import EmpowerBase
import EmpowerNN
import EmpowerTestSupport
import Foundation
import Testing

@Suite("Parameter files")
struct ParameterFileTests {
    func network(seed: UInt64, hidden: Int = 8) -> MLP {
        var rng = Xoshiro256(seed: seed)
        return MLP(name: "actor", sizes: [4, hidden, 2], using: &rng)
    }

    func expectError(_ code: ParameterFileError.Code, containing fragment: String, _ body: () throws -> Void) {
        do {
            try body()
            Issue.record("expected \(code), nothing was thrown")
        } catch let error as ParameterFileError {
            #expect(error.code == code, "\(error)")
            #expect(error.message.contains(fragment), "message: \(error.message)")
        } catch {
            Issue.record("expected ParameterFileError, got \(error)")
        }
    }

    @Test("save then load restores every parameter bit for bit")
    func roundTrip() throws {
        let directory = try TemporaryDirectory(prefix: "empower-parameter-file")
        defer { directory.remove() }
        let path = directory.file("actor.params")
        let original = network(seed: 1)
        try ParameterFile.save(original, to: path)
        let restored = network(seed: 2)
        #expect(restored.parameters[0].value != original.parameters[0].value)
        try ParameterFile.load(into: restored, from: path)
        for (a, b) in zip(original.parameters, restored.parameters) { #expect(a.value == b.value, "\(a.name)") }
        let entries = try ParameterFile.read(from: path)
        #expect(entries.map(\.name) == original.parameters.map(\.name))
    }

    @Test("a truncated file is reported as truncated")
    func truncated() throws {
        let directory = try TemporaryDirectory(prefix: "empower-parameter-file")
        defer { directory.remove() }
        let path = directory.file("cut.params")
        try ParameterFile.save(network(seed: 1), to: path)
        let bytes = try AtomicFile.read(path)
        for length in [bytes.count - 1, bytes.count / 2, 30] {
            try Data(bytes[0..<length]).write(to: URL(fileURLWithPath: path))
            expectError(.truncated, containing: "truncated") { try ParameterFile.load(into: network(seed: 1), from: path) }
        }
        try Data(bytes[0..<10]).write(to: URL(fileURLWithPath: path))
        expectError(.truncated, containing: "truncated") { _ = try ParameterFile.read(from: path) }
    }

    @Test("a wrong magic number is reported")
    func wrongMagic() throws {
        let directory = try TemporaryDirectory(prefix: "empower-parameter-file")
        defer { directory.remove() }
        let path = directory.file("magic.params")
        var bytes = ParameterFile.encode([("w", Tensor([1, 2]))])
        bytes[0] = UInt8(ascii: "X")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        expectError(.badMagic, containing: "not an Empower parameter file") { _ = try ParameterFile.read(from: path) }
        try Data("hello world, this is text".utf8).write(to: URL(fileURLWithPath: path))
        expectError(.badMagic, containing: "EMPWPARM") { _ = try ParameterFile.read(from: path) }
    }

    @Test("every flipped byte is detected")
    func flippedBytes() throws {
        let bytes = ParameterFile.encode([("layer.weight", Tensor([1, 2, 3, 4])), ("layer.bias", Tensor([5]))])
        for index in 24..<bytes.count {
            var corrupted = bytes
            corrupted[index] ^= 0x10
            #expect(throws: ParameterFileError.self, "flipping byte \(index)") { _ = try ParameterFile.decode(corrupted) }
        }
        var corrupted = bytes
        corrupted[bytes.count - 8] ^= 0x01      // inside the data
        expectError(.checksumMismatch, containing: "corrupted") { _ = try ParameterFile.decode(corrupted, source: "x.params") }
    }

    @Test("a shape mismatch on load names the tensor and both shapes, and changes nothing")
    func shapeMismatch() throws {
        let directory = try TemporaryDirectory(prefix: "empower-parameter-file")
        defer { directory.remove() }
        let path = directory.file("wide.params")
        try ParameterFile.save(network(seed: 1, hidden: 16), to: path)
        let target = network(seed: 3, hidden: 8)
        let before = target.parameters.map(\.value)
        expectError(.shapeMismatch, containing: "'actor.0.weight' has shape [4, 16] in the file but [4, 8]") {
            try ParameterFile.load(into: target, from: path)
        }
        #expect(target.parameters.map(\.value) == before)
    }

    @Test("missing and unexpected tensors are named")
    func missingAndUnexpected() throws {
        let directory = try TemporaryDirectory(prefix: "empower-parameter-file")
        defer { directory.remove() }
        let path = directory.file("partial.params")
        try ParameterFile.write([("actor.0.weight", Tensor(shape: [4, 8]))], to: path)
        expectError(.missingTensor, containing: "'actor.0.bias'") { try ParameterFile.load(into: network(seed: 1), from: path) }
        let full = network(seed: 1)
        try ParameterFile.write(full.parameters.map { ($0.name, $0.value) } + [("actor.0.wieght", Tensor([1]))], to: path)
        expectError(.unexpectedTensor, containing: "did you mean 'actor.0.weight'") { try ParameterFile.load(into: full, from: path) }
    }

    @Test("an unsupported version and trailing bytes are reported")
    func versionAndTrailing() throws {
        var bytes = ParameterFile.encode([("w", Tensor([1]))])
        bytes[8] = 9
        expectError(.unsupportedVersion, containing: "version 9") { _ = try ParameterFile.decode(bytes) }
        let extended = ParameterFile.encode([("w", Tensor([1]))]) + [0, 0]
        expectError(.trailingData, containing: "unexpected bytes") { _ = try ParameterFile.decode(extended) }
    }

    @Test("a missing file is an I/O error naming the path")
    func missingFile() {
        expectError(.io, containing: "/nonexistent/dir/x.params") { _ = try ParameterFile.read(from: "/nonexistent/dir/x.params") }
    }
}
