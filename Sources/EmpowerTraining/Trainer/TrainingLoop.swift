import EmpowerBase
import EmpowerCore

/// A trainer whose algorithm supplies one step of collection and learning; the loop around it
/// (log -> checkpoint -> stop) is written once, in ``runLoop(until:stop:progress:)``.
protocol LoopingTrainer: SkillTrainer {
    /// Environment steps per call of ``collectAndUpdate()``.
    var environmentCount: Int { get }
    /// Gradient updates so far.
    var updateCount: Int { get }
    /// The latest values of every metric (what the summary returns).
    var latestMetrics: Metrics { get }
    /// The metrics the progress line shows.
    var progressMetrics: [String] { get }
    /// Where evaluation rollouts' environments come from.
    var catalog: EnvironmentCatalog { get }
    /// Adds values (the periodic evaluation's) to ``latestMetrics``.
    func addToLatestMetrics(_ values: [(key: String, value: Double)])
    /// Acts in every environment once, stores the transitions, and learns.
    func collectAndUpdate() throws
    /// The record of everything logged since the previous one (and resets the accumulators).
    func makeRecord(stepsPerSecond: Double, elapsed: Double) -> MetricsRecord
}

extension LoopingTrainer {
    /// Whether this step ends an `evaluation_interval` (never when the interval is 0 or the run
    /// learns no skills).
    var isEvaluationStep: Bool {
        let interval = configuration.evaluationInterval
        guard interval > 0, skillCount > 0 else { return false }
        return step / interval != (step - environmentCount) / interval
    }

    /// Trains until `until` environment steps (the configuration's `steps` by default) or until
    /// `stop` is requested: a metric record every `log_interval` steps and at the end, the
    /// `eval/...` metrics of ``SkillEvaluation`` every `evaluation_interval` steps (in that
    /// step's record), a checkpoint every `checkpoint_interval` steps, and a final checkpoint at
    /// the end or on a stop.
    func runLoop(until target: Int?, stop: StopSignal?, progress: ((String) -> Void)?) throws -> TrainingSummary {
        let total = target ?? configuration.steps
        let started = ProgressReporter.monotonicSeconds()
        var reporter = progress.map {
            ProgressReporter(
                totalSteps: total, initialStep: step, isTerminal: ProgressReporter.standardErrorIsTerminal, write: $0,
                shownMetrics: progressMetrics)
        }
        var writers = try openMetricsWriters()
        var lastLogStep = step
        var lastLogTime = started
        var interrupted = false
        while step < total {
            try collectAndUpdate()
            let evaluates = isEvaluationStep
            if step / configuration.logInterval != (step - environmentCount) / configuration.logInterval || step >= total || evaluates {
                let now = ProgressReporter.monotonicSeconds()
                var record = makeRecord(stepsPerSecond: Double(step - lastLogStep) / max(now - lastLogTime, 1e-9), elapsed: now - started)
                if evaluates {
                    let evaluation = try SkillEvaluation.evaluate(
                        self, catalog: catalog, episodesPerSkill: configuration.evaluationEpisodes,
                        seed: Seed.derive(configuration.seed, stream: "periodic-evaluation", index: UInt64(step)))
                    for (key, value) in evaluation.metricsRecordValues { record.set(key, value) }
                    addToLatestMetrics(evaluation.metricsRecordValues)
                }
                for index in writers.indices { try writers[index].write(record) }
                reporter?.update(step: step, metrics: record)
                lastLogStep = step
                lastLogTime = now
            }
            if step / configuration.checkpointInterval != (step - environmentCount) / configuration.checkpointInterval, step < total {
                try saveCheckpoint()
            }
            if stop?.isRequested == true {
                interrupted = true
                break
            }
        }
        try saveCheckpoint()
        for index in writers.indices { try writers[index].close() }
        reporter?.finish()
        if let runDirectory {
            try? runDirectory.appendEvent(interrupted ? "stopped at step \(step) on request; checkpoint written" : "finished at step \(step)")
        }
        return TrainingSummary(
            step: step, episodes: episodes, updates: updateCount, interrupted: interrupted,
            elapsedSeconds: ProgressReporter.monotonicSeconds() - started, metrics: latestMetrics)
    }

    /// The CSV and JSON-lines writers of the run directory: fresh at step 0, else continuing
    /// after the current step (later records of an interrupted run are dropped).
    func openMetricsWriters() throws -> [any MetricsWriter] {
        guard let runDirectory else { return [] }
        if step == 0 {
            return [try CSVMetricsWriter(path: runDirectory.metricsCSVPath), try JSONLinesMetricsWriter(path: runDirectory.metricsJSONLinesPath)]
        }
        return [
            try CSVMetricsWriter(path: runDirectory.metricsCSVPath, resumingAfter: step),
            try JSONLinesMetricsWriter(path: runDirectory.metricsJSONLinesPath, resumingAfter: step),
        ]
    }
}
