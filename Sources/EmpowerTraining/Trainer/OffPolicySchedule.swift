import EmpowerAgents
import EmpowerBase

/// The schedule every off-policy trainer (SAC, DIAYN, MASD) follows around its update: uniform
/// random actions during the warm-up, then `replay_ratio` updates per environment step.
extension TrainingLoop {
    /// `count` uniform random actions in [-1, 1], drawn from the policy stream.
    func warmupActions(_ count: Int) -> [Float] {
        (0..<count).map { _ in run.policyGenerator.nextFloat(in: -1, 1) }
    }

    /// After a vector step: once the warm-up is over and `stored` transitions fill a batch,
    /// the step earns `environments x sac.replayRatio` updates; `update` runs for the whole
    /// updates earned so far, the fraction carries over (``RunState/updateCredit``, in
    /// checkpoints). A whole ratio earns the same count every step, so ratio 1 runs exactly
    /// one update per environment step. Logs into the metrics of this step's updates.
    func updateOffPolicy(_ sac: SACConfiguration, stored: Int, _ update: (inout Metrics) -> Void) {
        guard run.step > sac.warmupSteps, stored >= sac.batchSize else { return }
        run.updateCredit += Double(environmentCount) * sac.replayRatio
        let count = Int(run.updateCredit.rounded(.down))
        run.updateCredit -= Double(count)
        guard count > 0 else { return }
        var metrics = run.collector.log.takeUpdateMetrics()
        defer { run.collector.log.updateMetrics = metrics }
        for _ in 0..<count { update(&metrics) }
    }
}
