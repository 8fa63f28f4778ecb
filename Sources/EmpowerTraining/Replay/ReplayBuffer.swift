import EmpowerAgents
import EmpowerBase
import EmpowerNN

/// A fixed-capacity ring buffer of transitions for off-policy learners (SAC, DIAYN, MASD).
///
/// Storage is one contiguous `[Float]` per field (observations, actions, rewards, next
/// observations, termination flags) and one `[Int32]` for skills: no object per transition.
/// Appending is O(1) and copies the given rows in; once `capacity` transitions are stored, each
/// append overwrites the oldest one.
///
/// ```swift
/// var buffer = ReplayBuffer(capacity: 1_000_000, observationSize: 2, actionSize: 2)
/// observation.withUnsafeBufferPointer { o in
///     action.withUnsafeBufferPointer { a in
///         next.withUnsafeBufferPointer { n in
///             buffer.append(observation: o, action: a, reward: 0, nextObservation: n,
///                           isTerminated: false, skill: 3)
///         }
///     }
/// }
/// var batch = TransitionBatch(batchSize: 256, observationSize: 2, actionSize: 2)
/// buffer.sample(256, into: &batch, using: &rng)
/// ```
///
/// **Termination and truncation.** The buffer stores what the collector gives it. Gymnasium's
/// rule is the collector's job: a terminated step is stored with `isTerminated: true` (the
/// learner will not bootstrap from it); a truncated step (time limit) is stored with
/// `isTerminated: false` and its *true* final observation as `nextObservation`, never the
/// observation returned by the following `reset`.
///
/// Memory: `capacity x (2 x observationSize + actionSize + 2) x 4 + capacity x 4` bytes,
/// allocated up front (1e6 transitions of PointMass take 32 MB).
public struct ReplayBuffer: Sendable {
    /// The most transitions kept; older ones are overwritten.
    public let capacity: Int
    /// Floats per observation.
    public let observationSize: Int
    /// Floats per action.
    public let actionSize: Int

    /// The number of stored transitions (at most ``capacity``).
    public internal(set) var count: Int = 0
    /// Where the next transition goes (the oldest one once the buffer is full).
    public internal(set) var writeIndex: Int = 0

    var observations: [Float]
    var actions: [Float]
    var rewards: [Float]
    var nextObservations: [Float]
    var terminated: [Float]
    var skills: [Int32]
    /// The first observation of each transition's episode ([capacity, observationSize]), kept
    /// only when ``storesEpisodeStarts``; empty otherwise.
    var episodeStarts: [Float]
    /// Whether the buffer keeps each transition's episode start (for a skill reward relative to
    /// it: `diayn.relative_to_start`), and fills ``TransitionBatch/episodeStarts``.
    public let storesEpisodeStarts: Bool

    /// An empty buffer; all storage is allocated here.
    /// - Precondition: every size is positive.
    public init(capacity: Int, observationSize: Int, actionSize: Int, storingEpisodeStarts: Bool = false) {
        precondition(capacity > 0, "a replay buffer needs a positive capacity, got \(capacity)")
        precondition(observationSize > 0, "a replay buffer needs a positive observation size, got \(observationSize)")
        precondition(actionSize > 0, "a replay buffer needs a positive action size, got \(actionSize)")
        self.capacity = capacity
        self.observationSize = observationSize
        self.actionSize = actionSize
        observations = [Float](repeating: 0, count: capacity * observationSize)
        actions = [Float](repeating: 0, count: capacity * actionSize)
        rewards = [Float](repeating: 0, count: capacity)
        nextObservations = [Float](repeating: 0, count: capacity * observationSize)
        terminated = [Float](repeating: 0, count: capacity)
        skills = [Int32](repeating: 0, count: capacity)
        storesEpisodeStarts = storingEpisodeStarts
        episodeStarts = storingEpisodeStarts ? [Float](repeating: 0, count: capacity * observationSize) : []
    }

    /// Whether the buffer has wrapped around (every further append overwrites the oldest).
    public var isFull: Bool { count == capacity }

    /// Stores one transition, overwriting the oldest when full. O(observation + action size),
    /// no allocation.
    /// - Precondition: the observations have ``observationSize`` elements, the action
    ///   ``actionSize``, and `skill` is in 0..<2^24 (so checkpoints store it exactly).
    public mutating func append(
        observation: UnsafeBufferPointer<Float>, action: UnsafeBufferPointer<Float>,
        reward: Float, nextObservation: UnsafeBufferPointer<Float>,
        isTerminated: Bool, skill: Int32, episodeStart: UnsafeBufferPointer<Float>? = nil
    ) {
        precondition(observation.count == observationSize,
                     "ReplayBuffer.append: the observation has \(observation.count) elements, the buffer stores \(observationSize)")
        precondition(nextObservation.count == observationSize,
                     "ReplayBuffer.append: the next observation has \(nextObservation.count) elements, the buffer stores \(observationSize)")
        precondition(action.count == actionSize,
                     "ReplayBuffer.append: the action has \(action.count) elements, the buffer stores \(actionSize)")
        precondition(skill >= 0 && skill < ReplayBuffer.skillLimit,
                     "ReplayBuffer.append: skill \(skill) is outside 0..<\(ReplayBuffer.skillLimit)")
        let row = writeIndex
        ReplayBuffer.copy(observation, into: &observations, row: row, width: observationSize)
        ReplayBuffer.copy(nextObservation, into: &nextObservations, row: row, width: observationSize)
        ReplayBuffer.copy(action, into: &actions, row: row, width: actionSize)
        rewards[row] = reward
        terminated[row] = isTerminated ? 1 : 0
        skills[row] = skill
        if storesEpisodeStarts {
            precondition(episodeStart?.count == observationSize, "ReplayBuffer.append: a buffer that stores episode starts needs each transition's start")
            if let episodeStart { ReplayBuffer.copy(episodeStart, into: &episodeStarts, row: row, width: observationSize) }
        }
        writeIndex = row + 1 == capacity ? 0 : row + 1
        if count < capacity { count += 1 }
    }

    /// Samples `batchSize` transitions uniformly, with replacement, into `batch`.
    ///
    /// Consumes exactly `batchSize` index draws from `generator` (each through
    /// `nextIndex(below: count)`), so a seed fixes the batch. When `batch` already has
    /// `batchSize` rows and the right widths (and its tensors are not shared with a copy), no
    /// memory is allocated; otherwise `batch` is replaced by a new one of the right size first.
    /// Cost: O(batchSize x (observation + action size)).
    /// - Precondition: the buffer is not empty and `batchSize > 0`.
    public func sample(_ batchSize: Int, into batch: inout TransitionBatch, using generator: inout some RandomNumberGenerator) {
        precondition(count > 0, "ReplayBuffer.sample: the buffer is empty; append transitions (the warm-up) before sampling")
        precondition(batchSize > 0, "ReplayBuffer.sample: the batch size must be positive, got \(batchSize)")
        if batch.batchSize != batchSize || batch.observationSize != observationSize || batch.actionSize != actionSize {
            batch = TransitionBatch(batchSize: batchSize, observationSize: observationSize, actionSize: actionSize)
        }
        let obs = observationSize
        let act = actionSize
        // Copies the sampled rows; `startTarget` receives their episode starts when given.
        func fill(startTarget: UnsafeMutableBufferPointer<Float>?, startSource: UnsafeBufferPointer<Float>) {
            observations.withUnsafeBufferPointer { observationSource in
            nextObservations.withUnsafeBufferPointer { nextSource in
            actions.withUnsafeBufferPointer { actionSource in
            batch.observations.withUnsafeMutableBufferPointer { observationTarget in
            batch.nextObservations.withUnsafeMutableBufferPointer { nextTarget in
            batch.actions.withUnsafeMutableBufferPointer { actionTarget in
            batch.rewards.withUnsafeMutableBufferPointer { rewardTarget in
            batch.terminated.withUnsafeMutableBufferPointer { terminatedTarget in
            batch.skills.withUnsafeMutableBufferPointer { skillTarget in
                for i in 0..<batchSize {
                    let j = generator.nextIndex(below: count)
                    for k in 0..<obs {
                        observationTarget[i * obs + k] = observationSource[j * obs + k]
                        nextTarget[i * obs + k] = nextSource[j * obs + k]
                    }
                    for k in 0..<act { actionTarget[i * act + k] = actionSource[j * act + k] }
                    rewardTarget[i] = rewards[j]
                    terminatedTarget[i] = terminated[j]
                    skillTarget[i] = skills[j]
                    if let startTarget {
                        for k in 0..<obs { startTarget[i * obs + k] = startSource[j * obs + k] }
                    }
                }
            }}}}}}}}}
        }
        guard storesEpisodeStarts else {
            episodeStarts.withUnsafeBufferPointer { fill(startTarget: nil, startSource: $0) }
            return
        }
        // The batch's start tensor is reused; taken out of the batch so it is written in place.
        var starts = batch.episodeStarts.flatMap { $0.shape == [batchSize, obs] ? $0 : nil } ?? Tensor(shape: [batchSize, obs])
        batch.episodeStarts = nil
        starts.withUnsafeMutableBufferPointer { target in
            episodeStarts.withUnsafeBufferPointer { fill(startTarget: target, startSource: $0) }
        }
        batch.episodeStarts = starts
    }

    /// Skills must be below this bound: checkpoints store them as exact Float32 integers.
    public static let skillLimit: Int32 = 1 << 24

    @inline(__always)
    static func copy(_ source: UnsafeBufferPointer<Float>, into storage: inout [Float], row: Int, width: Int) {
        storage.withUnsafeMutableBufferPointer { target in
            for k in 0..<width { target[row * width + k] = source[k] }
        }
    }
}
