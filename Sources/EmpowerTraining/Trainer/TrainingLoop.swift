import EmpowerBase
import EmpowerCore
import FoundationEssentials

/// The loop every trainer runs, written once:
///
///     while step < target: advance (one vector step, or one rollout and its update)
///         -> log when a `log_interval` boundary was crossed (with the `eval/...` keys of an
///            evaluation on fresh rollouts when an `evaluation_interval` boundary was crossed,
///            skill runs only) -> checkpoint when a `checkpoint_interval` boundary was crossed
///         -> stop if asked
///     final checkpoint, close the metrics files, note the end in events.log
///
/// A trainer supplies only ``advance()`` and its metrics record.
protocol TrainingLoop: SkillTrainer {
    /// Gradient updates so far (for the summary).
    var updateCount: Int { get }
    /// The latest metrics (for the summary).
    var latestMetrics: Metrics { get set }
    /// Where evaluation environments come from.
    var catalog: EnvironmentCatalog { get }
    /// The metrics the progress line shows.
    var shownMetrics: [String] { get }
    /// One unit of work; advances ``SkillTrainer/step``.
    func advance() throws
    /// The record to log now, resetting the trainer's accumulators.
    func makeRecord(stepsPerSecond: Double, elapsed: Double) -> MetricsRecord
}

extension TrainingLoop {
    func runLoop(until target: Int?, stop: StopSignal?, progress: ((String) -> Void)?) throws -> TrainingSummary {
        let total = target ?? configuration.steps
        let started = ProgressReporter.monotonicSeconds()
        var reporter = progress.map {
            ProgressReporter(
                totalSteps: total, initialStep: step, isTerminal: ProgressReporter.standardErrorIsTerminal, write: $0,
                shownMetrics: shownMetrics)
        }
        var writers = try runDirectory?.openMetricsWriters(at: step) ?? []
        var lastLogStep = step
        var lastLogTime = started
        var interrupted = false
        while step < total {
            let before = step
            try advance()
            let interval = configuration.evaluationInterval
            let evaluates = interval > 0 && skillCount > 0 && step / interval != before / interval
            if step / configuration.logInterval != before / configuration.logInterval || step >= total || evaluates {
                let now = ProgressReporter.monotonicSeconds()
                var record = makeRecord(stepsPerSecond: Double(step - lastLogStep) / max(now - lastLogTime, 1e-9), elapsed: now - started)
                if evaluates {
                    // Generators of its own: evaluating changes nothing in training.
                    let evaluation = try SkillEvaluation.evaluate(
                        self, catalog: catalog, episodesPerSkill: configuration.evaluationEpisodes,
                        seed: Seed.derive(configuration.seed, stream: "periodic-evaluation", index: UInt64(step)))
                    for (key, value) in evaluation.metricsRecordValues {
                        record.set(key, value)
                        latestMetrics.set(key, value)
                    }
                }
                for index in writers.indices { try writers[index].write(record) }
                reporter?.update(step: step, metrics: record)
                lastLogStep = step
                lastLogTime = now
            }
            if step / configuration.checkpointInterval != before / configuration.checkpointInterval, step < total {
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

    /// The checkpoint's metadata, checked against this trainer's setup.
    /// - Throws: ``TrainingError`` `.incompatibleCheckpoint` for unreadable metadata or another
    ///   algorithm, environment, shape or environment count.
    func checkedState(of checkpoint: Checkpoint, observationSize: Int, actionSize: Int) throws -> TrainingState {
        let source = "checkpoint at step \(checkpoint.step)"
        let state: TrainingState
        do {
            state = try JSONDecoder().decode(TrainingState.self, from: Data(checkpoint.metadata))
        } catch {
            throw TrainingError(.incompatibleCheckpoint, "the \(source) has unreadable metadata (\(error)); it was not written by this version of Empower")
        }
        let environmentCount = configuration.environments
        guard state.format == TrainingState.currentFormat, state.algorithm == configuration.algorithm.rawValue,
              state.environment == configuration.environment, state.observationSize == observationSize,
              state.actionSize == actionSize, state.skillCount == skillCount,
              state.skills.count == environmentCount, state.episodeIndices.count == environmentCount
        else {
            throw TrainingError(
                .incompatibleCheckpoint,
                "the \(source) is for \(state.algorithm) on \(state.environment) (\(state.observationSize) observations, \(state.actionSize) actions, \(state.skillCount) skills, \(state.skills.count) environments) but the configuration describes \(configuration.algorithm.rawValue) on \(configuration.environment) (\(observationSize), \(actionSize), \(skillCount), \(environmentCount)); resume with the run's own config.json",
                context: ["step": "\(checkpoint.step)"])
        }
        return state
    }
}
