import EmpowerBase
import EmpowerCore
import EmpowerNN
import EmpowerSkills
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
        let state = try TrainingState.decode(checkpoint)
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

    /// The actions of every environment's current episode as checkpoint tensors
    /// (`collector.episode_actions.<i>`): what resuming replays to rebuild the environments.
    func episodeActionTensors(_ actions: [[Float]]) -> [(name: String, tensor: Tensor)] {
        actions.enumerated().map { ("collector.episode_actions.\($0.offset)", Tensor($0.element)) }
    }

    /// Reads back what ``episodeActionTensors(_:)`` wrote, one list per environment.
    /// - Throws: ``TrainingError`` `.incompatibleCheckpoint` when an environment's list is missing.
    func episodeActions(in checkpoint: Checkpoint) throws -> [[Float]] {
        var actions: [[Float]] = []
        for index in 0..<configuration.environments {
            guard let tensor = checkpoint.tensors["collector.episode_actions.\(index)"] else {
                throw TrainingError(.incompatibleCheckpoint, "the checkpoint at step \(checkpoint.step) lacks the actions of environment \(index)'s episode")
            }
            actions.append(tensor.scalars)
        }
        return actions
    }
}

/// A loop over single-agent environments (SAC, DIAYN, PPO, SLIM): evaluation rollouts are
/// written once for all of them.
protocol SingleAgentTrainingLoop: TrainingLoop {
    /// The environments' spaces, action scaling and NaN checks.
    var setup: TrainerEnvironments { get }
}

extension SingleAgentTrainingLoop {
    /// One evaluation episode of `skill` in a fresh environment reset with `seed`, acting with
    /// ``SkillTrainer/skillAction(for:skill:stochastic:using:)``: the named positions at reset and
    /// after every step, safety events, the return, frames when asked for, and the
    /// discriminator tables `tables` computes from the visited states ([length, observation
    /// size]) and the reset observation.
    func recordRollout(
        _ skill: Int, seed: UInt64, stochastic: Bool, recordFrames: Bool, using generator: inout Xoshiro256,
        tables: (_ states: Tensor, _ initial: [Float]) -> [String: [Float]]
    ) throws -> SkillEpisode {
        var env = try catalog.make(configuration.environment, arguments: configuration.catalogArguments)
        var observation = try env.reset(seed: seed).observation
        let initial = observation
        var episode = SkillEpisode(skill: skill)
        func recordPositions() {
            for (name, point) in env.positions { episode.positions[name, default: []].append(point) }
        }
        recordPositions()
        if recordFrames { episode.frames.append(try env.render()) }
        var states: [Float] = []
        while true {
            let action = try skillAction(for: observation, skill: skill, stochastic: stochastic, using: &generator)
            let result = try env.step(action)
            try setup.checkFinite(result.observation, rewards: [result.reward], stage: "evaluation step", step: step)
            states += result.observation
            episode.length += 1
            episode.episodeReturn += Double(result.reward)
            episode.safetyViolations += result.info.safetyEvents?.total ?? 0
            recordPositions()
            if recordFrames { episode.frames.append(try env.render()) }
            observation = result.observation
            if result.isDone { break }
        }
        if episode.length > 0 {
            let visited = try Tensor(shape: Shape(rows: episode.length, columns: setup.observationSize), scalars: states)
            episode.discriminatorLogProbabilities = tables(visited, initial)
        }
        return episode
    }
}
