import EmpowerBase
import EmpowerCore
import EmpowerNN
import EmpowerSkills
import FoundationEssentials

/// Everything a trainer does that is not its algorithm, written once for SAC, DIAYN, PPO, SLIM
/// and MASD:
///
///     while step < target: advance (the algorithm: collect through the collector, update)
///         -> log when a `log_interval` boundary was crossed (with the `eval/...` keys of an
///            evaluation on fresh rollouts when an `evaluation_interval` boundary was crossed,
///            skill runs only) -> checkpoint when a `checkpoint_interval` boundary was crossed
///         -> stop if asked
///     final checkpoint, close the metrics files, note the end in events.log
///
/// plus checkpoints (``RunState`` and the algorithm's ``CheckpointPart``s), evaluation
/// rollouts and acting for users. An algorithm supplies ``advance()``, its checkpoint parts,
/// and how its policy acts on one observation.
///
/// **Data-parallel training.** With a ``group`` of N ranks (`mpirun -np N empower train`),
/// every rank runs this loop with its own environments, collecting with
/// ``Seed/collection(_:rank:)``'s seed, and every optimizer step of ``advance()`` averages its
/// gradients over the ranks (``DataParallel``), so all ranks hold the same parameters. Steps
/// count every rank's environment steps (the configuration's `steps`, intervals and warm-up
/// are global). Rank 0 alone evaluates and writes (metrics, events, checkpoints); a stop
/// request or `stop_at_accuracy` on any rank stops every rank after the same step. A
/// checkpoint is gathered at rank 0: the shared parts once (``addAlgorithmParts(to:)``),
/// then each rank's own (``addRankParts(to:)`` and its run state; rank r's under `rank<r>.`),
/// and rank 0 checks that every rank holds the same shared parts (``sharedDigest``).
protocol TrainingLoop: SkillTrainer {
    /// The ranks of data-parallel training this trainer is one of (nil: a single process).
    var group: (any ProcessGroup)? { get }
    /// Where environments come from (also for evaluation rollouts).
    var catalog: EnvironmentCatalog { get }
    /// Counters, generators and the collector.
    var run: RunState { get set }
    /// Gradient updates so far (for the summary and the log).
    var updateCount: Int { get }
    /// The metrics the progress line shows.
    var shownMetrics: [String] { get }
    /// The skills, as the collector draws them and evaluation rolls them out.
    var skillSpace: SkillSpace { get }
    /// Floats of the observation ``SkillTrainer/skillAction(for:skill:stochastic:using:)``
    /// takes: one observation, or every agent's for a multi-agent run.
    var actingObservationSize: Int { get }
    /// The sizes a checkpoint must have been written for (checked on restore).
    var checkpointIdentity: CheckpointIdentity { get }

    /// One unit of work: a vector step and its updates, or a rollout and its update.
    func advance() throws
    /// The algorithm's own keys for the next metrics record (SLIM's channel returns).
    func extraRecordValues() -> [(key: String, value: Double)]
    /// Adds what every rank holds alike to a checkpoint: the learner, the objective, ...
    func addAlgorithmParts(to tensors: inout CheckpointTensors)
    /// Restores what ``addAlgorithmParts(to:)`` wrote.
    func restoreAlgorithmParts(from section: CheckpointSection) throws
    /// Adds what is this rank's own to a checkpoint: the replay buffer, running returns, ...
    func addRankParts(to tensors: inout CheckpointTensors)
    /// Restores what ``addRankParts(to:)`` wrote.
    func restoreRankParts(from section: CheckpointSection) throws
    /// The policy's action in [-1, 1] for one collector row (an observation; for a multi-agent
    /// run every agent's observation, then the state) under skill code `code`.
    func policyAction(row: [Float], skill: Int, code: ArraySlice<Float>, stochastic: Bool, using generator: inout Xoshiro256) -> [Float]
    /// Every discriminator's log q(. | s') of an evaluation episode's visited rows ([length,
    /// row size]); `initial` is the reset row.
    func discriminatorTables(states: Tensor, initial: [Float]) -> [String: [Float]]
}

/// What a checkpoint must have been written for.
struct CheckpointIdentity: Equatable {
    var observationSize: Int
    var actionSize: Int
    var agentCount: Int?
    var stateSize: Int?
}

extension TrainingLoop {
    public var step: Int { run.step }
    public var episodes: Int { run.episodes }
    public var skillCount: Int { skillSpace.count }
    /// The number of environment copies.
    public var environmentCount: Int { run.collector.count }
    /// The returns of the last (at most 100) finished episodes, oldest first.
    public var recentEpisodeReturns: [Double] { run.collector.log.recentReturns }
    /// The latest values of every metric.
    public var latestMetrics: Metrics { run.collector.log.latest }
    public var environmentSpec: EnvironmentSpec { run.collector.setup.spec }

    func extraRecordValues() -> [(key: String, value: Double)] { [] }

    /// The ranks training together (1 for a single process), and this one's index.
    var ranks: Int { group?.size ?? 1 }
    var rank: Int { group?.rank ?? 0 }
    /// The seed this rank collects with (the master seed on rank 0).
    var collectionSeed: UInt64 { Seed.collection(configuration.seed, rank: rank) }

    // MARK: The loop

    /// Trains until `target` environment steps (the configuration's `steps` when `nil`) or until
    /// `stop` is requested, writing metrics and checkpoints into the run directory if there is
    /// one; a stop or the end writes a final checkpoint.
    @discardableResult
    public func train(until target: Int?, stop: StopSignal?, progress: ((String) -> Void)?) throws -> TrainingSummary {
        let total = target ?? configuration.steps
        let started = ProgressReporter.monotonicSeconds()
        var reporter = progress.map {
            ProgressReporter(
                totalSteps: total, initialStep: step, isTerminal: ProgressReporter.standardErrorIsTerminal, write: $0,
                shownMetrics: shownMetrics)
        }
        if step == 0, let runDirectory {
            // A run started through the API is as complete as one `empower train` started: the
            // command line opens it by its config.json.
            try ConfigurationLoader.write(configuration, to: runDirectory.configPath)
            try runDirectory.appendEvent("started: \(configuration.algorithm.rawValue) on \(configuration.environment), \(configuration.steps) steps, seed \(configuration.seed)")
        }
        let parallel = group.flatMap { $0.size > 1 ? $0 : nil }
        if let parallel { try checkRanksAgree(parallel) }
        var communication = (totals: DataParallel.totals, updates: updateCount)
        var writers = try runDirectory?.openMetricsWriters(at: step) ?? []
        var tensorBoard = try runDirectory?.openTensorBoard(at: step, configuration: configuration)
        var lastLogStep = step
        var lastLogTime = started
        var interrupted = false
        var evaluationSeconds = 0.0
        var reachedAccuracy: Double?
        while step < total {
            let before = step
            try DataParallel.averaging(over: parallel) { try advance() }
            let interval = configuration.evaluationInterval
            let evaluates = rank == 0 && interval > 0 && skillCount > 0 && step / interval != before / interval
            if step / configuration.logInterval != before / configuration.logInterval || step >= total || evaluates {
                let now = ProgressReporter.monotonicSeconds()
                var record = run.collector.log.record(
                    step: step, episodes: episodes, updates: updateCount,
                    stepsPerSecond: Double(step - lastLogStep) / max(now - lastLogTime, 1e-9), elapsed: now - started,
                    extra: extraRecordValues())
                if let parallel {
                    let totals = DataParallel.totals, updates = max(updateCount - communication.updates, 1)
                    record.set("parallel/ranks", Double(parallel.size))
                    record.set("parallel/communication_ms_per_update", (totals.seconds - communication.totals.seconds) * 1000 / Double(updates))
                    record.set("parallel/megabytes_per_update", Double(totals.floats - communication.totals.floats) * 4e-6 / Double(updates))
                    communication = (totals, updateCount)
                }
                if evaluates {
                    // Generators of its own: evaluating changes nothing in training.
                    let evaluationStarted = ProgressReporter.monotonicSeconds()
                    defer { evaluationSeconds += ProgressReporter.monotonicSeconds() - evaluationStarted }
                    let evaluation = try SkillEvaluation.evaluate(
                        self, catalog: catalog, episodesPerSkill: configuration.evaluationEpisodes,
                        seed: Seed.derive(configuration.seed, stream: "periodic-evaluation", index: UInt64(step)))
                    for (key, value) in evaluation.metricsRecordValues {
                        record.set(key, value)
                        run.collector.log.latest.set(key, value)
                    }
                    if let goal = configuration.stopAtAccuracy, let accuracy = evaluation.metrics.accuracy, accuracy >= goal {
                        reachedAccuracy = accuracy
                    }
                    if tensorBoard != nil {
                        let title = "\(policyName) on \(configuration.environment): \(skillCount) skills, step \(step)"
                        if let picture = try TrajectoryPicture.canvas(evaluation, title: title) {
                            try tensorBoard?.writeImage(tag: RunDirectory.trajectoryImageTag, frame: picture.frame(), step: step)
                        }
                    }
                }
                for index in writers.indices { try writers[index].write(record) }
                try tensorBoard?.write(record)
                reporter?.update(step: step, metrics: record)
                lastLogStep = step
                lastLogTime = now
            }
            if step / configuration.checkpointInterval != before / configuration.checkpointInterval, step < total {
                try saveCheckpoint()
            }
            var (stopping, reached) = (stop?.isRequested == true, reachedAccuracy != nil)
            // Every rank decides alike: a signal may reach one rank a step before another, and
            // only rank 0 evaluates.
            if let parallel { (stopping, reached) = Self.agree(stopping, reached, over: parallel) }
            if stopping {
                interrupted = true
                break
            }
            if reached { break }
        }
        try saveCheckpoint()
        for index in writers.indices { try writers[index].close() }
        try tensorBoard?.close()
        reporter?.finish()
        if let runDirectory {
            let end = if interrupted {
                "stopped at step \(step) on request; checkpoint written"
            } else if let reachedAccuracy, let goal = configuration.stopAtAccuracy {
                "stopped at step \(step): fresh-rollout accuracy \(Metrics.percent(reachedAccuracy)) reached stop_at_accuracy (\(Metrics.percent(goal))); checkpoint written"
            } else {
                "finished at step \(step)"
            }
            let ranks = parallel.map { "; \($0.size) ranks hold identical parameters and optimizer state (checked at every checkpoint)" } ?? ""
            try? runDirectory.appendEvent(end + ranks)
        }
        return TrainingSummary(
            step: step, episodes: episodes, updates: updateCount, interrupted: interrupted,
            elapsedSeconds: ProgressReporter.monotonicSeconds() - started, metrics: latestMetrics,
            evaluationSeconds: evaluationSeconds, reachedAccuracy: reachedAccuracy)
    }

    /// Whether any rank is stopping, and whether any reached `stop_at_accuracy`.
    static func agree(_ stopping: Bool, _ reached: Bool, over group: any ProcessGroup) -> (Bool, Bool) {
        var flags: [Float] = [stopping ? 1 : 0, reached ? 1 : 0]
        flags.withUnsafeMutableBufferPointer { group.sumIdentically($0) }
        return (flags[0] > 0, flags[1] > 0)
    }

    // MARK: Checkpoints

    /// Writes a checkpoint of the whole state into the run directory (nothing without one):
    /// the algorithm's parts, then the run state (collector under `collector.`). In
    /// data-parallel training every rank must call it; rank 0 gathers and writes.
    public func saveCheckpoint() throws {
        if let group, group.size > 1 { return try saveCheckpoint(across: group) }
        guard let runDirectory else { return }
        var state = try checkpointState()
        var tensors = CheckpointTensors()
        addAlgorithmParts(to: &tensors)
        addRankParts(to: &tensors)
        run.save(into: &state, tensors: &tensors)
        try state.save(tensors: tensors.all, into: runDirectory, keep: configuration.keepCheckpoints)
    }

    /// The metadata every checkpoint of this run starts from.
    func checkpointState() throws -> TrainingState {
        let identity = checkpointIdentity
        return TrainingState(
            algorithm: configuration.algorithm.rawValue, environment: configuration.environment,
            observationSize: identity.observationSize, actionSize: identity.actionSize, skillCount: skillCount,
            agentCount: identity.agentCount, stateSize: identity.stateSize,
            seed: configuration.seed, configurationIdentity: try ConfigurationLoader.identity(of: configuration))
    }

    /// Every rank sends rank 0 its own parts, its run state and the digest of its shared
    /// parts; rank 0 checks the digests and writes one checkpoint (if it has a run directory).
    func saveCheckpoint(across group: any ProcessGroup) throws {
        var shared = CheckpointTensors()
        addAlgorithmParts(to: &shared)
        var own = CheckpointTensors()
        addRankParts(to: &own)
        var state = try checkpointState()
        run.save(into: &state, tensors: &own)
        state.sharedDigest = Self.digest(shared.all)
        let shares = group.gather(try RankShare(state: state, tensors: own.all).encoded(), to: 0)
        guard group.rank == 0 else { return }
        var tensors = shared
        tensors.add(own.all)
        var others: [TrainingState] = []
        for r in 1..<group.size {
            guard let share = try? RankShare(decoding: shares[r]) else { group.fail("rank \(r)'s share of the checkpoint at step \(step) did not decode") }
            try checkAgreement(of: share.state, rank: r, with: state, group: group)
            others.append(share.state)
            tensors.add(share.tensors, under: "rank\(r)")
        }
        state.ranks = group.size
        state.otherRanks = others
        guard let runDirectory else { return }
        try state.save(tensors: tensors.all, into: runDirectory, keep: configuration.keepCheckpoints)
    }

    /// Checks, before the first step, that every rank is at the same step with the same
    /// parameters and optimizer state (a resumed rank read the same checkpoint).
    func checkRanksAgree(_ group: any ProcessGroup) throws {
        var state = try checkpointState()
        state.step = step
        var shared = CheckpointTensors()
        addAlgorithmParts(to: &shared)
        state.sharedDigest = Self.digest(shared.all)
        let states = group.gather(try JSONEncoder().encode(state).map { $0 }, to: 0)
        guard group.rank == 0 else { return }
        for r in 1..<group.size {
            guard let other = try? JSONDecoder().decode(TrainingState.self, from: Data(states[r])) else { group.fail("rank \(r)'s state did not decode") }
            try checkAgreement(of: other, rank: r, with: state, group: group)
        }
    }

    /// Ends every rank when rank `r`'s state is at another step or its shared parts differ
    /// from rank 0's: the ranks would go on training different models.
    func checkAgreement(of other: TrainingState, rank r: Int, with own: TrainingState, group: any ProcessGroup) throws {
        guard other.step == own.step, other.sharedDigest == own.sharedDigest else {
            let digest = { (value: UInt32?) in value.map { String($0, radix: 16) } ?? "-" }
            group.fail(
                "rank \(r) is at step \(other.step) with parameters of CRC-32 \(digest(other.sharedDigest)), rank 0 at step \(own.step) with \(digest(own.sharedDigest)): the ranks no longer train one model. The last checkpoint written stays usable; every rank must run the same version of empower on the same run directory")
        }
    }

    /// The CRC-32 of `tensors`' names and values: what every rank of data-parallel training
    /// holds alike has the same digest on every rank.
    static func digest(_ tensors: [NamedTensor]) -> UInt32 {
        var bytes: [UInt8] = []
        for (name, tensor) in tensors {
            bytes += Array(name.utf8)
            tensor.withUnsafeBufferPointer { values in bytes += UnsafeRawBufferPointer(values) }
        }
        return CRC32.checksum(bytes)
    }

    /// Restores everything a checkpoint holds; the environments replay their current episodes.
    /// A rank of data-parallel training restores the shared parts and its own share.
    /// - Throws: ``TrainingError`` `.incompatibleCheckpoint` when it belongs to another setup,
    ///   `.rankCountMismatch` when a data-parallel checkpoint was written by another number of ranks.
    public func restore(from checkpoint: Checkpoint) throws {
        let state = try TrainingState.decode(checkpoint)
        let identity = checkpointIdentity
        let saved = CheckpointIdentity(observationSize: state.observationSize, actionSize: state.actionSize, agentCount: state.agentCount, stateSize: state.stateSize)
        guard TrainingState.readableFormats.contains(state.format), state.algorithm == configuration.algorithm.rawValue,
              state.environment == configuration.environment, saved == identity, state.skillCount == skillCount,
              state.skills.count == environmentCount
        else {
            throw TrainingError(
                .incompatibleCheckpoint,
                "the checkpoint at step \(checkpoint.step) is for \(state.algorithm) on \(state.environment) (\(state.agentCount.map { "\($0) agents, " } ?? "")\(state.observationSize) observations, \(state.actionSize) actions, \(state.skillCount) skills, \(state.skills.count) environments) but the configuration describes \(configuration.algorithm.rawValue) on \(configuration.environment) (\(identity.agentCount.map { "\($0) agents, " } ?? "")\(identity.observationSize), \(identity.actionSize), \(skillCount), \(environmentCount)); resume with the run's own config.json",
                context: ["step": "\(checkpoint.step)"])
        }
        let savedRanks = state.ranks ?? 1
        if ranks > 1, savedRanks != ranks {
            throw TrainingState.rankCountMismatch(step: checkpoint.step, saved: savedRanks, launched: ranks)
        }
        try checkRunIdentity(of: state, step: checkpoint.step)
        let section = CheckpointSection(checkpoint)
        var ownSection = section, ownState = state
        if rank > 0 {
            guard let others = state.otherRanks, others.count == savedRanks - 1 else {
                throw TrainingError(.incompatibleCheckpoint, "the checkpoint at step \(checkpoint.step) has no state for rank \(rank)", context: ["step": "\(checkpoint.step)"])
            }
            ownSection = section.section("rank\(rank)")
            ownState = others[rank - 1]
        }
        do {
            try restoreAlgorithmParts(from: section)
            try restoreRankParts(from: ownSection)
        } catch let error as CheckpointError {
            throw TrainingError(.incompatibleCheckpoint, error.message, context: error.context)
        }
        try run.restore(from: ownSection, state: ownState, seed: collectionSeed)
        run.checkpointRanks = savedRanks
    }

    /// Refuses a checkpoint written by another run (another seed or configuration) of the same
    /// setup; checkpoints of format 1 and 2 carry no identity and are not checked.
    func checkRunIdentity(of state: TrainingState, step: Int) throws {
        if let seed = state.seed, seed != configuration.seed {
            throw TrainingError(
                .foreignCheckpoint,
                "the checkpoint at step \(step) belongs to another run: it was written with seed \(seed), this run's config.json has seed \(configuration.seed); resume or evaluate each run from its own directory, and remove the copied checkpoint from this one",
                context: ["step": "\(step)", "checkpoint_seed": "\(seed)", "seed": "\(configuration.seed)"])
        }
        let identity = try ConfigurationLoader.identity(of: configuration)
        // A run started by an older version: its config.json lacks fields added since, so its
        // checkpoints carry the identity of the file as written.
        func written() -> String? {
            runDirectory.flatMap { try? AtomicFile.read($0.configPath) }.flatMap { ConfigurationLoader.identity(ofFile: String(decoding: $0, as: UTF8.self)) }
        }
        if let saved = state.configurationIdentity, saved != identity, saved != written() {
            let excluded = ConfigurationLoader.identityExcludedFields.joined(separator: ", ")
            throw TrainingError(
                .foreignCheckpoint,
                "the checkpoint at step \(step) belongs to another run: it was written with another configuration (identity \(saved), this run's config.json gives \(identity)); only \(excluded) may change in config.json between a checkpoint and its resumption. Put back the configuration the run was started with, or start a new run",
                context: ["step": "\(step)", "checkpoint_identity": saved, "identity": identity])
        }
    }

    // MARK: Acting and evaluation rollouts

    /// The policy's action for one observation under `skill`, in the environment's action
    /// bounds: its deterministic action unless `stochastic`.
    /// - Throws: ``TrainingError`` `.skillOutOfRange` or `.invalidObservation`.
    public func skillAction(for observation: [Float], skill: Int, stochastic: Bool, using generator: inout Xoshiro256) throws -> [Float] {
        let code = try skillCode(skill)
        guard observation.count == actingObservationSize else {
            let agents = run.collector.setup.agents.map { " (every agent's observation, agent 0 first: \($0.agentCount) x \($0.agentObservationSize))" } ?? ""
            throw TrainingError(
                .invalidObservation, "an observation of \(observation.count) floats was given; \(configuration.environment) has \(actingObservationSize)\(agents)",
                context: ["observation_count": "\(observation.count)"])
        }
        let collector = run.collector
        return collector.setup.scaled(policyAction(row: observation, skill: skill, code: code, stochastic: stochastic, using: &generator), clipping: collector.clipsActions)
    }

    /// The policy's action for one observation under the skill code `code` (a continuous
    /// skill: any vector of the code's size, e.g. a unit direction of LSD or METRA), in the
    /// environment's action bounds.
    /// - Throws: ``TrainingError`` `.skillOutOfRange` for a run with discrete skills or a code
    ///   of the wrong size, `.invalidObservation`.
    public func action(for observation: [Float], code: [Float], stochastic: Bool, using generator: inout Xoshiro256) throws -> [Float] {
        guard skillSpace.kind == .continuous, code.count == skillSpace.codeSize else {
            throw TrainingError(
                .skillOutOfRange,
                skillSpace.kind != .continuous
                    ? "this \(configuration.algorithm.rawValue) run has discrete skills; act with skill indices 0 to \(skillCount - 1)"
                    : "a skill code of \(code.count) floats was given; this run's codes have \(skillSpace.codeSize)",
                context: ["code_count": "\(code.count)"])
        }
        guard observation.count == actingObservationSize else {
            throw TrainingError(
                .invalidObservation, "an observation of \(observation.count) floats was given; \(configuration.environment) has \(actingObservationSize)",
                context: ["observation_count": "\(observation.count)"])
        }
        let collector = run.collector
        return collector.setup.scaled(policyAction(row: observation, skill: 0, code: code[...], stochastic: stochastic, using: &generator), clipping: collector.clipsActions)
    }

    /// The code skill `skill` is evaluated with.
    /// - Throws: ``TrainingError`` `.skillOutOfRange`.
    func skillCode(_ skill: Int) throws -> ArraySlice<Float> {
        guard skillCount == 0 ? skill == 0 : (0..<skillCount).contains(skill) else {
            throw TrainingError(
                .skillOutOfRange,
                skillCount == 0 ? "this \(configuration.algorithm.rawValue) run learns no skills; use skill 0" : "skill \(skill) does not exist: this run has skills 0 to \(skillCount - 1)",
                context: ["skill": "\(skill)"])
        }
        let size = skillSpace.codeSize
        return evaluationCodes[(skill * size)..<((skill + 1) * size)]
    }

    /// The K codes skills are evaluated with, row after row (``SkillSpace/evaluationCodes(seed:)``).
    var evaluationCodes: ArraySlice<Float> { skillSpace.evaluationCodes(seed: configuration.seed)[...] }

    /// Runs the policy conditioned on `skill` for one episode of a fresh environment reset with
    /// `seed`: the named positions at reset and after every step, safety events, the return,
    /// frames when asked for, and ``discriminatorTables(states:initial:)`` of the visited rows.
    public func rolloutSkill(_ skill: Int, seed: UInt64, stochastic: Bool, recordFrames: Bool, using generator: inout Xoshiro256) throws -> SkillEpisode {
        let code = try skillCode(skill)
        return try run.collector.setup.rolloutEpisode(
            skill: skill, seed: seed, recordFrames: recordFrames, clipping: run.collector.clipsActions, step: step,
            action: { policyAction(row: $0, skill: skill, code: code, stochastic: stochastic, using: &generator) },
            tables: discriminatorTables(states:initial:))
    }
}

extension TrainerEnvironments {
    /// One episode of a fresh environment reset with `seed`, acting with `action` (in [-1, 1],
    /// scaled to the action bounds): the named positions at reset and after every step, safety
    /// events, the return, frames when asked for, and `tables` of the visited states.
    /// - Throws: ``TrainingError`` `.nonFiniteEnvironmentOutput`, or what the environment throws.
    func rolloutEpisode(
        skill: Int, seed: UInt64, recordFrames: Bool, clipping: Bool, step: Int, action: (_ observation: [Float]) -> [Float],
        tables: (_ states: Tensor, _ initial: [Float]) -> [String: [Float]]
    ) throws -> SkillEpisode {
        var env = try make()
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
            let result = try env.step(scaled(action(observation), clipping: clipping))
            try checkFinite(result.observation, rewards: [result.reward], stage: "evaluation step", step: step)
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
            let visited = try Tensor(shape: Shape(rows: episode.length, columns: observationSize), scalars: states)
            episode.discriminatorLogProbabilities = tables(visited, initial)
        }
        return episode
    }
}

extension RunDirectory {
    /// The tag of the trajectory picture of every periodic evaluation in TensorBoard.
    public static let trajectoryImageTag = "evaluation/trajectories"

    /// The TensorBoard writer of a run: a new event file at step 0 (with the configuration as
    /// text), else the existing one cut back to `step`.
    func openTensorBoard(at step: Int, configuration: TrainingConfiguration) throws -> TensorBoardWriter {
        let text = try ConfigurationLoader.resolvedJSON(configuration)
        if step == 0 { return try TensorBoardWriter(directory: tensorBoardPath, configurationText: text) }
        return try TensorBoardWriter(directory: tensorBoardPath, resumingAfter: step, configurationText: text)
    }

    /// The CSV and JSON-lines metrics writers of a run: new files at step 0, else the existing
    /// ones cut back to `step` (what a resumed run continues from).
    func openMetricsWriters(at step: Int) throws -> [any MetricsWriter] {
        if step == 0 {
            return [try CSVMetricsWriter(path: metricsCSVPath), try JSONLinesMetricsWriter(path: metricsJSONLinesPath)]
        }
        return [
            try CSVMetricsWriter(path: metricsCSVPath, resumingAfter: step),
            try JSONLinesMetricsWriter(path: metricsJSONLinesPath, resumingAfter: step),
        ]
    }
}
