/// A destination for metrics records: a CSV file, a JSON-lines file, the terminal, a test.
///
/// A trainer holds several writers and calls ``write(_:)`` on each with the same record, then
/// ``close()`` at the end of the run.
public protocol MetricsWriter {
    /// Records one step's metrics.
    mutating func write(_ record: MetricsRecord) throws
    /// Finishes the output; no writes follow.
    mutating func close() throws
}
