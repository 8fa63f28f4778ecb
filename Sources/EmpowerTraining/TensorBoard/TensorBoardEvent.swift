/// One event of a TensorBoard event file: a time, a step, and either the file's version (the
/// first event of every file) or a summary of tagged values.
///
/// Encoded as TensorBoard's `Event` message: `wall_time` (field 1, seconds since 1970),
/// `step` (2), `file_version` (3) or `summary` (5), whose `Summary.Value`s carry a scalar as
/// `simple_value` (a 32-bit float, TensorBoard's scalar type), an image as `Summary.Image`
/// (PNG), and text as a string tensor tagged for TensorBoard's text plugin.
public struct TensorBoardEvent: Equatable, Sendable {
    public var wallTime: Double
    public var step: Int
    public var content: Content

    public enum Content: Equatable, Sendable {
        /// The first event of a file: `brain.Event:2`.
        case fileVersion(String)
        case summary([TensorBoardValue])
    }

    public init(wallTime: Double, step: Int, content: Content) {
        self.wallTime = wallTime
        self.step = step
        self.content = content
    }

    /// The version event that starts every event file.
    static let fileVersion = "brain.Event:2"

    /// The `Event` message.
    func encoded() -> [UInt8] {
        var event = ProtocolBufferMessage()
        event.append(field: 1, double: wallTime)
        event.append(field: 2, varint: UInt64(bitPattern: Int64(step)))
        switch content {
        case let .fileVersion(version):
            event.append(field: 3, string: version)
        case let .summary(values):
            var summary = ProtocolBufferMessage()
            for value in values { summary.append(field: 1, bytes: value.encoded()) }
            event.append(field: 5, message: summary)
        }
        return event.bytes
    }

    /// Decodes an `Event` message; fields other than the ones Empower writes are skipped, and a
    /// value of another kind (a histogram) is left out.
    /// - Throws: ``ProtocolBufferReader/Malformed``.
    static func decode(_ bytes: ArraySlice<UInt8>) throws(ProtocolBufferReader.Malformed) -> TensorBoardEvent {
        var reader = ProtocolBufferReader(bytes)
        var event = TensorBoardEvent(wallTime: 0, step: 0, content: .summary([]))
        while let field = try reader.next() {
            switch (field.number, field.value) {
            case let (1, .fixed64(bits)): event.wallTime = Double(bitPattern: bits)
            case let (2, .varint(step)): event.step = Int(truncatingIfNeeded: Int64(bitPattern: step))
            case let (3, .bytes(version)): event.content = .fileVersion(String(decoding: version, as: UTF8.self))
            case let (5, .bytes(summary)):
                var values: [TensorBoardValue] = []
                var summaryReader = ProtocolBufferReader(summary)
                while let value = try summaryReader.next() {
                    if value.number == 1, case let .bytes(bytes) = value.value, let decoded = try TensorBoardValue.decode(bytes) {
                        values.append(decoded)
                    }
                }
                event.content = .summary(values)
            default: break
            }
        }
        return event
    }
}

/// One tagged value of a summary.
public struct TensorBoardValue: Equatable, Sendable {
    /// The name TensorBoard shows and groups by (the part before the first `/` is the group).
    public var tag: String
    public var kind: Kind

    public enum Kind: Equatable, Sendable {
        case scalar(Float)
        /// Markdown, shown by TensorBoard's text dashboard.
        case text(String)
        /// A PNG image of the given size.
        case image(width: Int, height: Int, png: [UInt8])
    }

    public init(tag: String, _ kind: Kind) {
        self.tag = tag
        self.kind = kind
    }

    /// TensorBoard's `DataType` code of a string tensor.
    static let stringType: UInt64 = 7
    /// `Summary.Image.colorspace` of RGB.
    static let rgb: UInt64 = 3

    /// The `Summary.Value` message.
    func encoded() -> [UInt8] {
        var value = ProtocolBufferMessage()
        value.append(field: 1, string: tag)
        switch kind {
        case let .scalar(number):
            value.append(field: 2, float: number)
        case let .image(width, height, png):
            var image = ProtocolBufferMessage()
            image.append(field: 1, varint: UInt64(height))
            image.append(field: 2, varint: UInt64(width))
            image.append(field: 3, varint: Self.rgb)
            image.append(field: 4, bytes: png)
            value.append(field: 4, message: image)
        case let .text(text):
            var tensor = ProtocolBufferMessage()
            tensor.append(field: 1, varint: Self.stringType)
            tensor.append(field: 2, message: ProtocolBufferMessage())      // shape []: a scalar
            tensor.append(field: 8, string: text)
            var pluginData = ProtocolBufferMessage()
            pluginData.append(field: 1, string: "text")
            var metadata = ProtocolBufferMessage()
            metadata.append(field: 1, message: pluginData)
            value.append(field: 9, message: metadata)
            value.append(field: 8, message: tensor)
        }
        return value.bytes
    }

    /// A `Summary.Value` of one of the three kinds, or nil for another kind.
    static func decode(_ bytes: ArraySlice<UInt8>) throws(ProtocolBufferReader.Malformed) -> TensorBoardValue? {
        var reader = ProtocolBufferReader(bytes)
        var tag = ""
        var kind: Kind?
        while let field = try reader.next() {
            switch (field.number, field.value) {
            case let (1, .bytes(text)): tag = String(decoding: text, as: UTF8.self)
            case let (2, .fixed32(bits)): kind = .scalar(Float(bitPattern: bits))
            case let (4, .bytes(image)):
                var width = 0, height = 0
                var png: [UInt8] = []
                var imageReader = ProtocolBufferReader(image)
                while let part = try imageReader.next() {
                    switch (part.number, part.value) {
                    case let (1, .varint(value)): height = Int(truncatingIfNeeded: value)
                    case let (2, .varint(value)): width = Int(truncatingIfNeeded: value)
                    case let (4, .bytes(encoded)): png = Array(encoded)
                    default: break
                    }
                }
                kind = .image(width: width, height: height, png: png)
            case let (8, .bytes(tensor)):
                var tensorReader = ProtocolBufferReader(tensor)
                while let part = try tensorReader.next() {
                    if part.number == 8, case let .bytes(text) = part.value { kind = .text(String(decoding: text, as: UTF8.self)) }
                }
            default: break
            }
        }
        return kind.map { TensorBoardValue(tag: tag, $0) }
    }
}
