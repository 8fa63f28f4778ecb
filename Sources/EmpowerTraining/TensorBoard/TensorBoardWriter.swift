import EmpowerBase
import EmpowerRender
#if canImport(Glibc)
import Glibc
#endif

/// Writes a run's TensorBoard event file (`RUN_DIR/tensorboard/events.out.tfevents.TIME.empower`):
/// every metric of every record as a scalar, the resolved configuration as text, and a picture
/// per periodic evaluation as an image, so `tensorboard --logdir RUN_DIR/tensorboard` shows the
/// run while it trains.
///
/// The file is a sequence of records, each: the data's length (8 bytes, little-endian), the
/// masked CRC-32C of those 8 bytes (4 bytes), the data (a ``TensorBoardEvent``), the masked
/// CRC-32C of the data (4 bytes). Every call appends its records with one `write` system call
/// as soon as it is made (so the file is flushed at every log interval), and a reader that
/// meets a record still being written stops before it and reads it on its next pass.
///
/// Scalars are 32-bit floats, TensorBoard's scalar type: `metrics.csv` keeps the full
/// precision. A resumed run cuts the file back to the checkpoint's step, as the metrics files
/// are, so TensorBoard shows what `metrics.csv` holds.
///
/// ```swift
/// var writer = try TensorBoardWriter(directory: run.tensorBoardPath, configurationText: json)
/// try writer.write(record)                                  // each metric as a scalar
/// try writer.writeImage(tag: "evaluation/trajectories", frame: picture, step: 5000)
/// ```
public struct TensorBoardWriter: MetricsWriter {
    /// The folder of the event file.
    public let directory: String
    /// The event file written.
    public let path: String
    private var isClosed = false

    /// The tag of the resolved configuration's text.
    public static let configurationTag = "configuration"

    /// Starts a new event file in `directory` (created if missing), removing event files an
    /// earlier run left there; with `configurationText`, its first summary (step 0) shows it as
    /// a code block under ``configurationTag``.
    /// - Throws: ``MetricsError`` `.io`.
    public init(directory: String, configurationText: String?) throws(MetricsError) {
        self.directory = directory
        do {
            try FileSystem.makeDirectory(directory)
            for file in try Self.eventFiles(in: directory) { try FileSystem.remove(file) }
        } catch {
            throw MetricsError.io(error)
        }
        path = FileSystem.join(directory, "events.out.tfevents.\(Int(Glibc.time(nil))).empower")
        try Self.append([TensorBoardEvent(wallTime: Self.now(), step: 0, content: .fileVersion(TensorBoardEvent.fileVersion))], to: path)
        if let configurationText { try writeConfiguration(configurationText) }
    }

    /// Continues the run's event file after a resume from the checkpoint of `step`: events of a
    /// larger step (written after that checkpoint by the run that was interrupted) and a record
    /// cut short by a kill are dropped, and new events are appended. With no event file yet (a
    /// run written before TensorBoard files existed), starts one as ``init(directory:configurationText:)``.
    /// A damaged tail (a record whose checksum is wrong, as a machine that lost power can leave
    /// behind) is dropped with everything after it.
    /// - Throws: ``MetricsError`` `.io`.
    public init(directory: String, resumingAfter step: Int, configurationText: String?) throws(MetricsError) {
        let files: [String]
        do {
            files = FileSystem.isDirectory(directory) ? try Self.eventFiles(in: directory) : []
        } catch {
            throw MetricsError.io(error)
        }
        guard let last = files.last else {
            try self.init(directory: directory, configurationText: configurationText)
            return
        }
        for file in files {
            let kept = try Self.read(file, droppingDamagedTail: true).filter { event in
                if case .fileVersion = event.content { return true }
                return event.step <= step
            }
            try MetricsFile.replace(file, with: kept.flatMap { Self.record($0.encoded()) })
        }
        self.init(directory: directory, path: last)
    }

    private init(directory: String, path: String) {
        self.directory = directory
        self.path = path
    }

    /// Every metric of `record` as a scalar at the record's step, in one event.
    public mutating func write(_ record: MetricsRecord) throws(MetricsError) {
        try MetricsError.checkWrite(record, path: path, isClosed: isClosed)
        try write(record.values.map { TensorBoardValue(tag: $0.key, .scalar(Float($0.value))) }, step: record.step)
    }

    /// A picture (encoded as PNG) under `tag` at `step`.
    public mutating func writeImage(tag: String, frame: Frame, step: Int) throws(MetricsError) {
        try write([TensorBoardValue(tag: tag, .image(width: frame.width, height: frame.height, png: PNGWriter.encode(frame)))], step: step)
    }

    /// `text` as a Markdown code block under ``configurationTag``, at step 0.
    mutating func writeConfiguration(_ text: String) throws(MetricsError) {
        let body = text.hasSuffix("\n") ? String(text.dropLast()) : text
        try write([TensorBoardValue(tag: Self.configurationTag, .text("```\n" + body + "\n```"))], step: 0)
    }

    /// `values` in one event at `step`.
    public mutating func write(_ values: [TensorBoardValue], step: Int) throws(MetricsError) {
        guard !isClosed else { throw MetricsError(.invalidRecord, "write after close to '\(path)'", context: ["path": path]) }
        try Self.append([TensorBoardEvent(wallTime: Self.now(), step: step, content: .summary(values))], to: path)
    }

    public mutating func close() throws(MetricsError) {
        isClosed = true
    }

    // MARK: The record file

    /// The event files in `directory` (names holding `tfevents`, as TensorBoard finds them), in
    /// the order TensorBoard reads them.
    public static func eventFiles(in directory: String) throws(FileError) -> [String] {
        try FileSystem.contents(of: directory).filter { $0.contains("tfevents") }.sorted().map { FileSystem.join(directory, $0) }
    }

    /// The events of the file at `path`, in order; a last record cut short (being written, or
    /// by a kill) is left out, and with `droppingDamagedTail` so is a damaged record and all
    /// that follows it.
    /// - Throws: ``MetricsError`` `.io`, or `.malformed` naming the record whose checksum or
    ///   content is wrong.
    public static func read(_ path: String, droppingDamagedTail: Bool = false) throws(MetricsError) -> [TensorBoardEvent] {
        let bytes = try MetricsFile.bytes(of: path)
        var events: [TensorBoardEvent] = []
        var offset = 0
        while bytes.count - offset >= 12 {
            func malformed(_ reason: String) -> MetricsError {
                MetricsError(
                    .malformed, "\(path), record \(events.count + 1) (byte \(offset)): \(reason); the file is damaged: delete it to continue without the TensorBoard events before it",
                    context: ["path": path, "offset": "\(offset)"])
            }
            let header = bytes[offset..<(offset + 8)]
            let length = header.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            guard Self.littleEndianUInt32(bytes, at: offset + 8) == CRC32C.masked(header) else {
                if droppingDamagedTail { break }
                throw malformed("the length's checksum is wrong")
            }
            guard length <= UInt64(bytes.count - offset - 16) else { break }       // still being written
            let data = bytes[(offset + 12)..<(offset + 12 + Int(length))]
            guard Self.littleEndianUInt32(bytes, at: offset + 12 + Int(length)) == CRC32C.masked(data) else {
                if droppingDamagedTail { break }
                throw malformed("the data's checksum is wrong")
            }
            do {
                events.append(try TensorBoardEvent.decode(data))
            } catch {
                if droppingDamagedTail { break }
                throw malformed("not an event (\(error.description))")
            }
            offset += 16 + Int(length)
        }
        return events
    }

    /// One record holding `data`.
    static func record(_ data: [UInt8]) -> [UInt8] {
        var header: [UInt8] = []
        withUnsafeBytes(of: UInt64(data.count).littleEndian) { header += $0 }
        var bytes = header
        withUnsafeBytes(of: CRC32C.masked(header).littleEndian) { bytes += $0 }
        bytes += data
        withUnsafeBytes(of: CRC32C.masked(data).littleEndian) { bytes += $0 }
        return bytes
    }

    static func append(_ events: [TensorBoardEvent], to path: String) throws(MetricsError) {
        try MetricsFile.append(events.flatMap { record($0.encoded()) }, to: path)
    }

    static func littleEndianUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (8 * $1) }
    }

    /// Seconds since 1970, with microseconds.
    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec / 1000) / 1e6
    }
}
