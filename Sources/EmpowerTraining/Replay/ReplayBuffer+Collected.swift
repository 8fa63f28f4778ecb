import EmpowerNN

extension ReplayBuffer {
    /// Stores every row of a collected step as one transition (s, a, r, s', terminated, z, and
    /// the episode's start when the buffer keeps starts), environment 0 first.
    mutating func append(_ collected: CollectedStep) {
        let o = observationSize, a = actionSize
        let keepsStarts = storesEpisodeStarts
        collected.observations.withUnsafeBufferPointer { observations in
            collected.actions.withUnsafeBufferPointer { actions in
                collected.nextObservations.withUnsafeBufferPointer { next in
                    collected.episodeStarts.withUnsafeBufferPointer { starts in
                        for i in 0..<collected.rewards.count {
                            append(
                                observation: UnsafeBufferPointer(rebasing: observations[(i * o)..<((i + 1) * o)]),
                                action: UnsafeBufferPointer(rebasing: actions[(i * a)..<((i + 1) * a)]),
                                reward: collected.rewards[i], nextObservation: UnsafeBufferPointer(rebasing: next[(i * o)..<((i + 1) * o)]),
                                isTerminated: collected.terminations[i], skill: collected.skills[i],
                                episodeStart: keepsStarts ? UnsafeBufferPointer(rebasing: starts[(i * o)..<((i + 1) * o)]) : nil)
                        }
                    }
                }
            }
        }
    }
}

extension MultiAgentReplayBuffer {
    /// Stores every row of a collected step of joint views (every agent's observation, then
    /// the state: the packed row layout of this buffer).
    mutating func append(_ collected: CollectedStep) {
        storage.append(collected)
    }
}
