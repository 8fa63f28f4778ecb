import EmpowerBase

/// What a trainer accumulates between metric records: the episodes finished since the last
/// record, the last 100 returns, the latest update metrics, and the latest record's values.
/// ``record(step:episodes:updates:stepsPerSecond:elapsed:)`` turns them into one
/// ``MetricsRecord`` with the keys every trainer logs: `rollout/episode_return`,
/// `rollout/episode_length` (means over the episodes finished since the last record),
/// `rollout/episodes`, the learner's and objective's metrics, `train/updates`,
/// `time/steps_per_second`, `time/elapsed_seconds`.
struct EpisodeLog {
    var finishedReturns: [Double] = []
    var finishedLengths: [Double] = []
    /// The returns of the last (at most 100) finished episodes, oldest first.
    var recentReturns: [Double] = []
    /// The learner's and objective's latest values, written by every update.
    var updateMetrics = Metrics()
    /// Every value of the latest record.
    var latest = Metrics()

    mutating func finish(episodeReturn: Float, length: Int) {
        finishedReturns.append(Double(episodeReturn))
        recentReturns.append(Double(episodeReturn))
        if recentReturns.count > 100 { recentReturns.removeFirst() }
        finishedLengths.append(Double(length))
    }

    mutating func record(step: Int, episodes: Int, updates: Int, stepsPerSecond: Double, elapsed: Double) -> MetricsRecord {
        var record = MetricsRecord(step: step)
        if !finishedReturns.isEmpty {
            record.set("rollout/episode_return", finishedReturns.reduce(0, +) / Double(finishedReturns.count))
            record.set("rollout/episode_length", finishedLengths.reduce(0, +) / Double(finishedLengths.count))
        }
        record.set("rollout/episodes", Double(episodes))
        for (key, value) in updateMetrics.entries { record.set(key, value) }
        record.set("train/updates", Double(updates))
        record.set("time/steps_per_second", stepsPerSecond)
        record.set("time/elapsed_seconds", elapsed)
        finishedReturns.removeAll(keepingCapacity: true)
        finishedLengths.removeAll(keepingCapacity: true)
        latest = Metrics()
        for (key, value) in record.values { latest.set(key, value) }
        return record
    }
}
