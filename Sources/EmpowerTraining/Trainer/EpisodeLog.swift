import EmpowerBase

/// What a trainer accumulates between metric records: the episodes finished since the last
/// record (return, length, safety events), the last 100 returns, the latest update metrics,
/// and the latest record's values.
/// ``record(step:episodes:updates:stepsPerSecond:elapsed:)`` turns them into one
/// ``MetricsRecord`` with the keys every trainer logs: `rollout/episode_return`,
/// `rollout/episode_length`, `rollout/safety_violations` (means over the episodes finished
/// since the last record),
/// `rollout/episodes`, the learner's and objective's metrics, `train/updates`,
/// `time/steps_per_second`, `time/elapsed_seconds`.
struct EpisodeLog {
    var finishedReturns: [Double] = []
    var finishedLengths: [Double] = []
    var finishedSafety: [Double] = []
    /// The returns of the last (at most 100) finished episodes, oldest first.
    var recentReturns: [Double] = []
    /// The learner's and objective's latest values, written by every update.
    var updateMetrics = Metrics()
    /// Every value of the latest record.
    var latest = Metrics()

    /// Moves the update metrics out (leaving them empty), so an update can write into them
    /// while the run's generators are borrowed; put them back when done.
    mutating func takeUpdateMetrics() -> Metrics {
        defer { updateMetrics = Metrics() }
        return updateMetrics
    }

    mutating func finish(episodeReturn: Float, length: Int, safetyEvents: Float) {
        finishedReturns.append(Double(episodeReturn))
        recentReturns.append(Double(episodeReturn))
        if recentReturns.count > 100 { recentReturns.removeFirst() }
        finishedLengths.append(Double(length))
        finishedSafety.append(Double(safetyEvents))
    }

    /// The record of everything since the last one; `extra` values (an algorithm's own keys)
    /// come after the rollout keys.
    mutating func record(step: Int, episodes: Int, updates: Int, stepsPerSecond: Double, elapsed: Double, extra: [(key: String, value: Double)] = []) -> MetricsRecord {
        var record = MetricsRecord(step: step)
        func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }
        if !finishedReturns.isEmpty {
            record.set("rollout/episode_return", mean(finishedReturns))
            record.set("rollout/episode_length", mean(finishedLengths))
            record.set("rollout/safety_violations", mean(finishedSafety))
        }
        record.set("rollout/episodes", Double(episodes))
        for (key, value) in extra { record.set(key, value) }
        for (key, value) in updateMetrics.entries { record.set(key, value) }
        record.set("train/updates", Double(updates))
        record.set("time/steps_per_second", stepsPerSecond)
        record.set("time/elapsed_seconds", elapsed)
        finishedReturns.removeAll(keepingCapacity: true)
        finishedLengths.removeAll(keepingCapacity: true)
        finishedSafety.removeAll(keepingCapacity: true)
        latest = Metrics()
        for (key, value) in record.values { latest.set(key, value) }
        return record
    }
}
