import EmpowerBase

/// Errors writing or reading metrics files.
public typealias MetricsError = CodedError<MetricsErrorCode>

/// The codes of ``MetricsError``.
public enum MetricsErrorCode: String, Sendable {
    /// The file could not be read or written.
    case io
    /// A line of a metrics file cannot be parsed.
    case malformed
    /// A record cannot be written as given (a key named `step`, an empty key, a write after close).
    case invalidRecord = "invalid_record"
}

extension MetricsError {
    static func io(_ error: FileError) -> MetricsError {
        MetricsError(.io, error.message, context: error.context)
    }

    /// Checks that `record` can be written to the writer of `path`: `.invalidRecord` after the
    /// writer was closed, or for a key ``checkKeys(_:path:)`` refuses.
    static func checkWrite(_ record: MetricsRecord, path: String, isClosed: Bool) throws(MetricsError) {
        guard !isClosed else { throw MetricsError(.invalidRecord, "write after close to '\(path)'", context: ["path": path]) }
        try checkKeys(record, path: path)
    }

    static func checkKeys(_ record: MetricsRecord, path: String) throws(MetricsError) {
        for key in record.keys where key.isEmpty || key == "step" {
            throw MetricsError(.invalidRecord, "a metric cannot be named '\(key)' (\"step\" is the step column); use a namespaced key such as 'train/critic_loss'",
                               context: ["path": path, "key": key])
        }
    }
}
