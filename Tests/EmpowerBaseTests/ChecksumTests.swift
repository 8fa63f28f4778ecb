@testable import EmpowerBase
import Testing

@Suite("checksums")
struct ChecksumTests {
    @Test("CRC-32 and CRC-32C give the published check values")
    func checkValues() {
        #expect(CRC32.checksum("123456789".utf8) == 0xCBF4_3926)
        #expect(CRC32C.checksum("123456789".utf8) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(CRC32C.checksum([UInt8](0..<32)) == 0x46DD_794E)
    }

    @Test("the masked CRC-32C is the rotation plus TensorBoard's constant")
    func masked() {
        let crc = CRC32C.checksum("123456789".utf8)
        #expect(CRC32C.masked("123456789".utf8) == ((crc >> 15) | (crc << 17)) &+ 0xA282_EAD8)
    }
}
