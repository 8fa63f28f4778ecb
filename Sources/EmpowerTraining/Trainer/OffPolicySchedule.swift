import EmpowerAgents
import EmpowerBase

/// The schedule every off-policy trainer (SAC, DIAYN, MASD) follows around its update: uniform
/// random actions during the warm-up, then `updates_per_step` updates per environment step.
extension TrainingLoop {
    /// `count` uniform random actions in [-1, 1], drawn from the policy stream.
    func warmupActions(_ count: Int) -> [Float] {
        (0..<count).map { _ in run.policyGenerator.nextFloat(in: -1, 1) }
    }

    /// After a vector step: once the warm-up is over and `stored` transitions fill a batch,
    /// `update` runs `sac.updatesPerStep` times per environment stepped, logging into the
    /// metrics of this step's updates.
    func updateOffPolicy(_ sac: SACConfiguration, stored: Int, _ update: (inout Metrics) -> Void) {
        guard run.step > sac.warmupSteps, stored >= sac.batchSize else { return }
        var metrics = run.collector.log.takeUpdateMetrics()
        defer { run.collector.log.updateMetrics = metrics }
        for _ in 0..<(environmentCount * sac.updatesPerStep) { update(&metrics) }
    }
}
