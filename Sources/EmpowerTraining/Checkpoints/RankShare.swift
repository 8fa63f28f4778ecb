import EmpowerNN
import FoundationEssentials

/// One rank's share of a data-parallel checkpoint, as it travels to rank 0: its run state
/// (JSON) and its own tensors (a ``ParameterFile``), as one byte string: the state's length
/// (UInt64, little-endian), the state, the tensors.
struct RankShare {
    var state: TrainingState
    var tensors: [NamedTensor]

    init(state: TrainingState, tensors: [NamedTensor]) {
        self.state = state
        self.tensors = tensors
    }

    func encoded() throws -> [UInt8] {
        let json = Array(try JSONEncoder().encode(state))
        return withUnsafeBytes(of: UInt64(json.count).littleEndian, Array.init) + json + ParameterFile.encode(tensors)
    }

    /// - Throws: when the bytes are not a share ``encoded()`` wrote.
    init(decoding bytes: [UInt8]) throws {
        guard bytes.count >= 8 else { throw ParameterFileError(.truncated, "a rank's checkpoint share of \(bytes.count) bytes") }
        let length = Int(UInt64(littleEndian: bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }))
        guard length <= bytes.count - 8 else { throw ParameterFileError(.truncated, "a rank's checkpoint share is cut short") }
        state = try JSONDecoder().decode(TrainingState.self, from: Data(bytes[8..<(8 + length)]))
        tensors = try ParameterFile.decode(Array(bytes[(8 + length)...]), source: "a rank's checkpoint share")
    }
}
