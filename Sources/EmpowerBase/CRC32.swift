/// CRC-32 (IEEE 802.3 polynomial, reflected, as in zip and PNG): the checksum of Empower's
/// binary files. `CRC32.checksum("123456789".utf8) == 0xCBF43926`.
public enum CRC32 {
    static let table = makeTable(reflectedPolynomial: 0xEDB8_8320)

    /// The checksum of `bytes`.
    public static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        checksum(bytes, table: table)
    }

    /// The byte-at-a-time lookup table of a reflected CRC-32 polynomial.
    static func makeTable(reflectedPolynomial polynomial: UInt32) -> [UInt32] {
        (0..<256).map { index in
            var value = UInt32(index)
            for _ in 0..<8 { value = value & 1 != 0 ? polynomial ^ (value >> 1) : value >> 1 }
            return value
        }
    }

    /// A reflected CRC-32 of `bytes` (initial value and final XOR all ones) through `table`.
    static func checksum(_ bytes: some Sequence<UInt8>, table: [UInt32]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}

/// CRC-32C (the Castagnoli polynomial, reflected): the checksum of TensorBoard's event records.
/// `CRC32C.checksum("123456789".utf8) == 0xE3069283`.
public enum CRC32C {
    static let table = CRC32.makeTable(reflectedPolynomial: 0x82F6_3B78)

    /// The checksum of `bytes`.
    public static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        CRC32.checksum(bytes, table: table)
    }

    /// The checksum as a record file stores it: rotated right by 15 bits plus the constant
    /// 0xA282EAD8, so that a CRC of data which itself holds CRCs stays well distributed.
    public static func masked(_ bytes: some Sequence<UInt8>) -> UInt32 {
        let crc = checksum(bytes)
        return ((crc >> 15) | (crc << 17)) &+ 0xA282_EAD8
    }
}
