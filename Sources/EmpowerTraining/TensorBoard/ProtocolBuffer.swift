/// The protocol-buffer wire format, as much of it as TensorBoard's event records use: varints,
/// 64-bit doubles, 32-bit floats and length-delimited fields (strings, bytes, nested messages).
///
/// ```swift
/// var value = ProtocolBufferMessage()
/// value.append(field: 1, string: "train/critic_loss")
/// value.append(field: 2, float: 0.42)
/// ```
struct ProtocolBufferMessage {
    /// The encoded fields, in the order they were appended.
    private(set) var bytes: [UInt8] = []

    enum WireType: UInt8 {
        case varint = 0, fixed64 = 1, lengthDelimited = 2, fixed32 = 5
    }

    mutating func append(field: Int, varint value: UInt64) {
        appendKey(field, .varint)
        appendVarint(value)
    }

    mutating func append(field: Int, double value: Double) {
        appendKey(field, .fixed64)
        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 }
    }

    mutating func append(field: Int, float value: Float) {
        appendKey(field, .fixed32)
        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 }
    }

    mutating func append(field: Int, bytes value: some Collection<UInt8>) {
        appendKey(field, .lengthDelimited)
        appendVarint(UInt64(value.count))
        bytes += value
    }

    mutating func append(field: Int, string value: String) {
        append(field: field, bytes: Array(value.utf8))
    }

    mutating func append(field: Int, message value: ProtocolBufferMessage) {
        append(field: field, bytes: value.bytes)
    }

    private mutating func appendKey(_ field: Int, _ type: WireType) {
        appendVarint(UInt64(field) << 3 | UInt64(type.rawValue))
    }

    private mutating func appendVarint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }
}

/// Reads the fields of one encoded message, in order.
///
/// ```swift
/// var reader = ProtocolBufferReader(bytes)
/// while let field = try reader.next() {
///     if field.number == 2, case let .varint(step) = field.value { ... }
/// }
/// ```
struct ProtocolBufferReader {
    enum Value {
        case varint(UInt64)
        case fixed64(UInt64)
        case fixed32(UInt32)
        case bytes(ArraySlice<UInt8>)
    }

    /// Why the bytes are not a message.
    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    private let bytes: ArraySlice<UInt8>
    private var offset: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        offset = bytes.startIndex
    }

    /// The next field, or nil at the end of the message.
    /// - Throws: ``Malformed`` for a truncated field or an unknown wire type.
    mutating func next() throws(Malformed) -> (number: Int, value: Value)? {
        guard offset < bytes.endIndex else { return nil }
        let key = try readVarint()
        let number = Int(key >> 3)
        switch key & 7 {
        case 0:
            return (number, .varint(try readVarint()))
        case 1:
            return (number, .fixed64(try readLittleEndian(UInt64.self)))
        case 5:
            return (number, .fixed32(try readLittleEndian(UInt32.self)))
        case 2:
            let length = try readVarint()
            guard length <= UInt64(bytes.endIndex - offset) else {
                throw Malformed(description: "field \(number) claims \(length) bytes, \(bytes.endIndex - offset) remain")
            }
            let start = offset
            offset += Int(length)
            return (number, .bytes(bytes[start..<offset]))
        default:
            throw Malformed(description: "field \(number) has the unsupported wire type \(key & 7)")
        }
    }

    private mutating func readVarint() throws(Malformed) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.endIndex, shift < 64 {
            let byte = bytes[offset]
            offset += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        throw Malformed(description: "a varint runs past the end of the message")
    }

    private mutating func readLittleEndian<T: FixedWidthInteger>(_ type: T.Type) throws(Malformed) -> T {
        let size = MemoryLayout<T>.size
        guard bytes.endIndex - offset >= size else { throw Malformed(description: "a \(size * 8)-bit field runs past the end of the message") }
        var value: T = 0
        for index in 0..<size { value |= T(bytes[offset + index]) << (8 * index) }
        offset += size
        return value
    }
}
