import EmpowerBase

/// Empower's binary format for named tensors (network parameters, optimizer state).
///
/// Layout, all integers little-endian (version 1):
///
///     offset 0   magic        8 bytes  "EMPWPARM"
///            8   version      UInt32   1
///           12   reserved     UInt32   0
///           16   file length  UInt64   the whole file, checksum included
///           24   count        UInt32   number of tensors
///           28   headers      per tensor: name length UInt32, name (UTF-8),
///                             dtype UInt8 (1 = float32), rank UInt8, rank x UInt64 dimensions
///                data         per tensor, in header order: elements as float32
///           end  checksum     UInt32   CRC-32 of every byte before it
///
/// Reading checks, in order: the magic, the version, the declared length against the real
/// length (a truncated file says so), the checksum (a flipped byte says so), then the headers.
/// Every failure is a ``ParameterFileError``; no input makes the reader crash.
///
/// ```swift
/// try ParameterFile.save(critic, to: "critic.params")
/// try ParameterFile.load(into: critic, from: "critic.params")   // checks names and shapes
/// ```
public enum ParameterFile {
    public static let magic: [UInt8] = Array("EMPWPARM".utf8)
    public static let currentVersion: UInt32 = 1
    static let headerSize = 28
    static let float32Code: UInt8 = 1

    // MARK: Encoding

    /// The file's bytes for `tensors`, in order.
    public static func encode(_ tensors: [(name: String, tensor: Tensor)]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.append(contentsOf: magic)
        append(currentVersion, to: &bytes)
        append(UInt32(0), to: &bytes)
        let lengthOffset = bytes.count
        append(UInt64(0), to: &bytes)
        append(UInt32(tensors.count), to: &bytes)
        for (name, tensor) in tensors {
            let utf8 = Array(name.utf8)
            append(UInt32(utf8.count), to: &bytes)
            bytes.append(contentsOf: utf8)
            bytes.append(float32Code)
            bytes.append(UInt8(tensor.shape.rank))
            for axis in 0..<tensor.shape.rank { append(UInt64(tensor.shape[axis]), to: &bytes) }
        }
        for (_, tensor) in tensors {
            tensor.withUnsafeBufferPointer { elements in
                for value in elements { append(value.bitPattern, to: &bytes) }
            }
        }
        let total = UInt64(bytes.count + 4)
        for i in 0..<8 { bytes[lengthOffset + i] = UInt8(truncatingIfNeeded: total >> (8 * UInt64(i))) }
        append(CRC32.checksum(bytes), to: &bytes)
        return bytes
    }

    /// Writes `tensors` to `path` atomically (temporary file, fsync, rename).
    public static func write(_ tensors: [(name: String, tensor: Tensor)], to path: String) throws(ParameterFileError) {
        do {
            try AtomicFile.write(encode(tensors), to: path)
        } catch {
            throw ParameterFileError(.io, error.message, context: ["path": path])
        }
    }

    /// Writes every parameter of `container` (by name) to `path`, atomically.
    public static func save(_ container: some ParameterContainer, to path: String) throws(ParameterFileError) {
        try write(container.parameters.map { ($0.name, $0.value) }, to: path)
    }

    // MARK: Decoding

    /// The named tensors in `bytes`, in file order.
    /// - Parameter source: how to name the data in error messages (usually its path).
    public static func decode(_ bytes: [UInt8], source: String = "parameter data") throws(ParameterFileError) -> [(name: String, tensor: Tensor)] {
        var context = ["file": source]
        guard bytes.count >= magic.count, Array(bytes[0..<magic.count]) == magic else {
            throw ParameterFileError(
                .badMagic,
                "\(source) is not an Empower parameter file (it does not start with \"EMPWPARM\"); pass a file written by ParameterFile.write or a checkpoint",
                context: context)
        }
        guard bytes.count >= headerSize + 4 else {
            throw ParameterFileError(.truncated, "\(source) is truncated: \(bytes.count) bytes, not even a complete header; the file was cut short, use an earlier copy", context: context)
        }
        var reader = ByteReader(bytes: bytes, source: source)
        reader.offset = magic.count
        let version = try reader.uint32()
        guard version == currentVersion else {
            context["version"] = "\(version)"
            throw ParameterFileError(
                .unsupportedVersion, "\(source) has format version \(version); this Empower reads version \(currentVersion); upgrade Empower or re-export the file",
                context: context)
        }
        _ = try reader.uint32()
        let declared = try reader.uint64()
        guard declared == UInt64(bytes.count) else {
            context["declared_bytes"] = "\(declared)"
            context["actual_bytes"] = "\(bytes.count)"
            if declared > UInt64(bytes.count) {
                throw ParameterFileError(
                    .truncated, "\(source) is truncated: it declares \(declared) bytes but has \(bytes.count); the write was interrupted, use an earlier copy",
                    context: context)
            }
            throw ParameterFileError(
                .trailingData, "\(source) has \(UInt64(bytes.count) - declared) unexpected bytes after its declared end; the file was altered",
                context: context)
        }
        let stored = UInt32(bytes[bytes.count - 4]) | UInt32(bytes[bytes.count - 3]) << 8
            | UInt32(bytes[bytes.count - 2]) << 16 | UInt32(bytes[bytes.count - 1]) << 24
        let computed = CRC32.checksum(bytes[0..<(bytes.count - 4)])
        guard stored == computed else {
            context["stored_crc"] = String(stored, radix: 16)
            context["computed_crc"] = String(computed, radix: 16)
            throw ParameterFileError(
                .checksumMismatch, "\(source) is corrupted: its checksum does not match its contents; use an earlier copy",
                context: context)
        }
        let count = Int(try reader.uint32())
        var headers: [(name: String, shape: Shape)] = []
        for index in 0..<count {
            let nameLength = Int(try reader.uint32())
            let nameBytes = try reader.bytes(nameLength)
            let name = String(decoding: nameBytes, as: UTF8.self)
            let dtype = try reader.uint8()
            guard dtype == float32Code else {
                throw ParameterFileError(.invalidHeader, "\(source): tensor \(index) ('\(name)') has unknown element type \(dtype)", context: context)
            }
            let rank = Int(try reader.uint8())
            guard rank <= Shape.maximumRank else {
                throw ParameterFileError(.invalidHeader, "\(source): tensor '\(name)' has rank \(rank), at most \(Shape.maximumRank) is supported", context: context)
            }
            var dimensions: [Int] = []
            for _ in 0..<rank {
                let dimension = try reader.uint64()
                guard dimension <= UInt64(bytes.count) else {
                    throw ParameterFileError(.invalidHeader, "\(source): tensor '\(name)' declares a dimension of \(dimension), larger than the file", context: context)
                }
                dimensions.append(Int(dimension))
            }
            headers.append((name, Shape(dimensions)))
        }
        var result: [(name: String, tensor: Tensor)] = []
        for (name, shape) in headers {
            let elementCount = shape.elementCount
            guard elementCount <= (bytes.count - 4 - reader.offset) / 4 else {
                throw ParameterFileError(.invalidHeader, "\(source): tensor '\(name)' of shape \(shape) does not fit in the file", context: context)
            }
            var elements = [Float](repeating: 0, count: elementCount)
            for i in 0..<elementCount { elements[i] = Float(bitPattern: try reader.uint32()) }
            guard let tensor = try? Tensor(shape: shape, scalars: elements) else {
                throw ParameterFileError(.invalidHeader, "\(source): tensor '\(name)' has an inconsistent shape \(shape)", context: context)
            }
            result.append((name, tensor))
        }
        guard reader.offset == bytes.count - 4 else {
            throw ParameterFileError(.invalidHeader, "\(source): \(bytes.count - 4 - reader.offset) bytes are left after the last tensor", context: context)
        }
        return result
    }

    /// The named tensors in the file at `path`.
    public static func read(from path: String) throws(ParameterFileError) -> [(name: String, tensor: Tensor)] {
        let bytes: [UInt8]
        do {
            bytes = try AtomicFile.read(path)
        } catch {
            throw ParameterFileError(.io, error.message, context: ["path": path])
        }
        return try decode(bytes, source: path)
    }

    /// Loads the file at `path` into `container`'s parameters, matching by name.
    ///
    /// Nothing is changed unless every parameter is present with the right shape.
    /// - Throws: ``ParameterFileError`` `.missingTensor`, `.shapeMismatch`, `.unexpectedTensor`
    ///   (a tensor the container does not have), or any reading error.
    public static func load(into container: some ParameterContainer, from path: String) throws(ParameterFileError) {
        try assign(read(from: path), to: container.parameters, source: path)
    }

    /// Assigns named tensors to parameters by name, all or nothing.
    public static func assign(_ tensors: [(name: String, tensor: Tensor)], to parameters: [Parameter], source: String) throws(ParameterFileError) {
        var byName: [String: Tensor] = [:]
        for (name, tensor) in tensors { byName[name] = tensor }
        let expected = Set(parameters.map(\.name))
        for (name, _) in tensors where !expected.contains(name) {
            let hint = closestMatch(to: name, in: expected).map { "; did you mean '\($0)'?" } ?? ""
            throw ParameterFileError(
                .unexpectedTensor, "\(source) has a tensor '\(name)' that the network does not have\(hint) (was it saved from a different architecture?)",
                context: ["file": source, "tensor": name])
        }
        for parameter in parameters {
            guard let tensor = byName[parameter.name] else {
                throw ParameterFileError(
                    .missingTensor, "\(source) has no tensor '\(parameter.name)'; it was saved from a different network",
                    context: ["file": source, "tensor": parameter.name])
            }
            guard tensor.shape == parameter.shape else {
                throw ParameterFileError(
                    .shapeMismatch,
                    "\(source): '\(parameter.name)' has shape \(tensor.shape) in the file but \(parameter.shape) in the network; check the layer sizes in the configuration",
                    context: ["file": source, "tensor": parameter.name, "file_shape": tensor.shape.description, "network_shape": parameter.shape.description])
            }
        }
        for parameter in parameters {
            if let tensor = byName[parameter.name] { parameter.value = tensor }
        }
    }

    static func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        for i in 0..<(T.bitWidth / 8) { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * i))) }
    }
}

/// Bounds-checked little-endian reads.
struct ByteReader {
    let bytes: [UInt8]
    let source: String
    var offset = 0

    mutating func bytes(_ count: Int) throws(ParameterFileError) -> ArraySlice<UInt8> {
        guard count >= 0, offset + count <= bytes.count - 4 else {
            throw ParameterFileError(.invalidHeader, "\(source): a header field runs past the end of the data", context: ["file": source, "offset": "\(offset)"])
        }
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }

    mutating func uint8() throws(ParameterFileError) -> UInt8 { try bytes(1).first ?? 0 }

    mutating func uint32() throws(ParameterFileError) -> UInt32 {
        var value: UInt32 = 0
        for (i, byte) in try bytes(4).enumerated() { value |= UInt32(byte) << (8 * UInt32(i)) }
        return value
    }

    mutating func uint64() throws(ParameterFileError) -> UInt64 {
        var value: UInt64 = 0
        for (i, byte) in try bytes(8).enumerated() { value |= UInt64(byte) << (8 * UInt64(i)) }
        return value
    }
}

/// Errors reading or writing parameter files.
public typealias ParameterFileError = CodedError<ParameterFileErrorCode>

/// The codes of ``ParameterFileError``.
public enum ParameterFileErrorCode: String, Sendable {
    case io
    case badMagic = "bad_magic"
    case unsupportedVersion = "unsupported_version"
    case truncated
    case trailingData = "trailing_data"
    case checksumMismatch = "checksum_mismatch"
    case invalidHeader = "invalid_header"
    case missingTensor = "missing_tensor"
    case unexpectedTensor = "unexpected_tensor"
    case shapeMismatch = "shape_mismatch"
}

