import EmpowerBase
import EmpowerSkills
#if canImport(Glibc)
import Glibc
#endif

/// One thing that went wrong in a run: what was measured, why it matters, and what to try.
public struct Diagnosis: Codable, Sendable, Equatable {
    /// `memorization`, `collapsed_skills`, `objects_ignored`, `constraint_violated`,
    /// `dual_diverging`, `loss_exploding`, `non_finite_metrics` or `unsafe`.
    public var code: String
    /// A few words: the headline.
    public var title: String
    /// One sentence with the measured figures: what is wrong and why.
    public var explanation: String
    /// What to try.
    public var suggestion: String

    public init(code: String, title: String, explanation: String, suggestion: String) {
        self.code = code
        self.title = title
        self.explanation = explanation
        self.suggestion = suggestion
    }

    /// Two lines for a terminal: the title and explanation, then the suggestion.
    public var text: String { "\(title): \(explanation)\n  try: \(suggestion)" }
}

/// Diagnoses of a run from its logged metrics and an evaluation on fresh rollouts, so the
/// failure modes a skill-discovery expert would look for are named in the report, each with
/// its figures and what to try. `empower train` and `evaluate` print them and put them at the
/// top of `index.html` and into `report.json`.
///
/// Each diagnosis and its threshold (``Thresholds``); "late" means the mean of the last
/// ``Thresholds/lateWindow`` logged values of a metric:
/// - `memorization`: the late minibatch accuracy (`skills/accuracy`, MASD
///   `skills/joint_accuracy`) is at least ``Thresholds/memorizationMinimum`` and exceeds the
///   accuracy on fresh rollouts by ``Thresholds/memorizationGap`` or more: the discriminator
///   tells apart the replay buffer's episodes, not the skills.
/// - `collapsed_skills`: pairs of skills the discriminator confuses (skill i's states taken
///   for skill j at least ``Thresholds/confusedFraction`` of the time, either way round), or
///   whose episodes all end in the same cells of the tracked position while visiting mostly the
///   same cells (overlap, intersection over union, at least ``Thresholds/sameTrajectoryOverlap``).
/// - `objects_ignored`: a task with objects where no skill moves an object.
/// - `constraint_violated`: the late `skills/constraint_violation` of a distance-based
///   objective is above ``Thresholds/constraintViolation``.
/// - `dual_diverging`: the late `skills/dual` is at least ``Thresholds/dualGrowth`` times its
///   first logged value and at least ``Thresholds/dualMinimum``.
/// - `loss_exploding`: a loss (`train/critic_loss`, `train/actor_loss` by magnitude,
///   `skills/discriminator_loss`, `skills/density_loss`, `slim/.../value_loss`) whose late
///   magnitude is ``Thresholds/lossGrowth`` times the median magnitude of its first half and
///   at least ``Thresholds/lossMinimum`` (a value loss that grows from 0.001 to 0.1 as a
///   channel's returns start to vary is learning, not exploding).
/// - `non_finite_metrics`: a `train/` or `skills/` metric was logged as NaN or infinite.
/// - `unsafe`: safety events per episode at least ``Thresholds/unsafeRatio`` times the random
///   policy's rate on the same evaluation, and at least ``Thresholds/unsafeExcess`` more.
public enum RunDiagnosis {
    /// The thresholds, in one place.
    public enum Thresholds {
        public static let lateWindow = 3
        public static let memorizationGap = 0.3
        public static let memorizationMinimum = 0.5
        public static let confusedFraction = 0.35
        public static let sameTrajectoryOverlap = 0.8
        public static let constraintViolation = 0.1
        public static let dualGrowth = 10.0
        public static let dualMinimum = 100.0
        public static let lossGrowth = 100.0
        public static let lossMinimum = 1.0
        public static let unsafeRatio = 3.0
        public static let unsafeExcess = 0.5
    }

    /// Every diagnosis that applies, in the order of the list above.
    /// - Parameters:
    ///   - records: the run's metrics (`metrics.csv`).
    ///   - report: the evaluation on fresh rollouts (its deterministic metrics are judged).
    ///   - episodes: the deterministic rollouts of that evaluation.
    ///   - randomSafetyRate: the random policy's safety events per episode on the same
    ///     evaluation (nil when not measured: the `unsafe` diagnosis is then not made).
    public static func diagnose(
        records: [MetricsRecord], report: EvaluationReport, episodes: [SkillEpisode], randomSafetyRate: Double?
    ) -> [Diagnosis] {
        var found: [Diagnosis] = []
        let metrics = report.deterministic
        let chance = 1 / Double(max(report.skills, 1))

        // Memorization.
        for (minibatchKey, fresh) in [("skills/joint_accuracy", metrics.jointAccuracy), ("skills/accuracy", metrics.jointAccuracy == nil ? metrics.discriminatorAccuracy : nil)] {
            guard let fresh, let minibatch = late(minibatchKey, in: records),
                  minibatch >= Thresholds.memorizationMinimum, minibatch - fresh >= Thresholds.memorizationGap
            else { continue }
            found.append(Diagnosis(
                code: "memorization", title: "the discriminator memorised the replay buffer",
                explanation: "it is right on \(Metrics.percent(minibatch)) of its training minibatches (\(minibatchKey), late in the run) but on \(Metrics.percent(fresh)) of fresh rollouts (chance \(Metrics.percent(chance))), so it recognises stored episodes, by where they started or what else they share, rather than what each skill does",
                suggestion: "judge skills by what they change, not where they are: features relative to the episode's first state (diayn.relative_to_start=true; slim.relative_to_start=true for SLIM), a distance-based objective (--algo metra), or fewer discriminator features (diayn.features)"))
        }

        // Collapsed skills.
        let pairs = collapsedPairs(metrics: metrics, episodes: episodes, cellSize: report.cellSize, tracked: report.trackedPosition, skills: report.skills)
        if !pairs.isEmpty {
            let shown = pairs.prefix(6).map { "\($0.0) and \($0.1) (\($0.reason))" }.joined(separator: ", ")
            found.append(Diagnosis(
                code: "collapsed_skills", title: "\(pairs.count) pair\(pairs.count == 1 ? "" : "s") of skills do the same thing",
                explanation: "skills \(shown)\(pairs.count > 6 ? ", ..." : ""): the run has fewer distinct skills than it asks for",
                suggestion: "train longer, or ask for fewer skills (--skills); a larger entropy weight (sac.alpha) keeps skills exploring apart"))
        }

        // Objects ignored.
        if let moving = metrics.skillsMovingObjects, moving == 0 {
            let threshold = metrics.objectMoveThreshold.map { " by more than \($0)" } ?? ""
            found.append(Diagnosis(
                code: "objects_ignored", title: "no skill moves an object",
                explanation: "on this task with objects, none of the \(report.skills) skills moved an object\(threshold) in its evaluation episodes, so the skills are about the agent alone",
                suggestion: "let the discriminator see only the objects (diayn.features=objects, distance.features=objects), or use a distance-based objective (--algo metra) that rewards moving them, with a larger step budget"))
        }

        // The constraint of a distance-based objective.
        if let violation = late("skills/constraint_violation", in: records), violation > Thresholds.constraintViolation {
            found.append(Diagnosis(
                code: "constraint_violated", title: "the distance constraint does not hold",
                explanation: "the representation moves \(short(violation)) past its bound per step late in the run (skills/constraint_violation above \(Thresholds.constraintViolation)), so the reward measures the representation's stretch rather than real movement",
                suggestion: "raise the dual's learning rate (distance.dual_learning_rate) or its start (distance.initial_dual), or lower distance.learning_rate"))
        }
        if let first = records.lazy.compactMap({ $0["skills/dual"] }).first(where: \.isFinite), let dual = late("skills/dual", in: records),
           dual >= Thresholds.dualMinimum, dual >= Thresholds.dualGrowth * max(first, 1e-12) {
            found.append(Diagnosis(
                code: "dual_diverging", title: "the dual variable is diverging",
                explanation: "skills/dual grew from \(short(first)) to \(short(dual)): the constraint keeps being violated however hard it is enforced",
                suggestion: "lower distance.learning_rate, or lower distance.dual_learning_rate so the penalty does not swamp the objective"))
        }

        // Exploding losses and non-finite values.
        for key in lossKeys(in: records) {
            let values = records.compactMap { $0[key] }.filter(\.isFinite).map(abs)
            guard values.count >= 2 * Thresholds.lateWindow else { continue }
            let early = median(Array(values.prefix(values.count / 2)))
            let recent = values.suffix(Thresholds.lateWindow).reduce(0, +) / Double(Thresholds.lateWindow)
            if recent >= Thresholds.lossMinimum, recent >= Thresholds.lossGrowth * early {
                found.append(Diagnosis(
                    code: "loss_exploding", title: "\(key) is exploding",
                    explanation: "its magnitude went from a median of \(short(early)) in the first half of the run to \(short(recent)) at the end, \(short(recent / max(early, 1e-12)))x, so the updates are no longer learning",
                    suggestion: "lower the learning rate of that network (sac.learning_rate, diayn.learning_rate), clip gradients (sac.max_gradient_norm=10), or check the environment's reward and observation scales"))
            }
        }
        let nonFinite = Set(records.flatMap { record in
            record.values.filter { ($0.key.hasPrefix("train/") || $0.key.hasPrefix("skills/")) && !$0.value.isFinite }.map(\.key)
        }).sorted()
        if let firstStep = records.first(where: { $0.values.contains { nonFinite.contains($0.key) && !$0.value.isFinite } })?.step {
            found.append(Diagnosis(
                code: "non_finite_metrics", title: "the training produced NaN or infinite values",
                explanation: "\(nonFinite.joined(separator: ", ")) became NaN or infinite, first at step \(firstStep): the networks' numbers overflowed",
                suggestion: "lower the learning rates, clip gradients (sac.max_gradient_norm=10), and check the environment's observations and rewards for huge values"))
        }

        // Safety.
        if let random = randomSafetyRate {
            let rate = metrics.safetyViolationsPerEpisode
            if rate >= Thresholds.unsafeRatio * random, rate - random >= Thresholds.unsafeExcess {
                found.append(Diagnosis(
                    code: "unsafe", title: "the skills are far less safe than random actions",
                    explanation: "\(short(rate)) safety events per episode against \(short(random)) for the random policy on the same evaluation: the skills drive into what the environment counts as unsafe",
                    suggestion: "train with SLIM's safety channel (--algo slim, slim.channels.safety), or penalise safety events in the reward"))
            }
        }
        return found
    }

    /// Pairs of skills (i < j) that the discriminator confuses, or whose episodes end in the same
    /// cells along mostly the same cells, with the reason.
    static func collapsedPairs(
        metrics: EvaluationReport.ModeMetrics, episodes: [SkillEpisode], cellSize: Double, tracked: String?, skills: Int
    ) -> [(Int, Int, reason: String)] {
        guard skills >= 2 else { return [] }
        var pairs: [(Int, Int, reason: String)] = []
        var finals = [Set<SIMD2<Int>>](repeating: [], count: skills)
        var visited = [Set<SIMD2<Int>>](repeating: [], count: skills)
        if let tracked {
            func cell(_ point: SIMD2<Float>) -> SIMD2<Int> {
                SIMD2(Int((Double(point.x) / cellSize).rounded(.down)), Int((Double(point.y) / cellSize).rounded(.down)))
            }
            for episode in episodes where (0..<skills).contains(episode.skill) {
                guard let path = episode.positions[tracked], let last = path.last else { continue }
                finals[episode.skill].insert(cell(last))
                visited[episode.skill].formUnion(path.map(cell))
            }
        }
        for i in 0..<skills {
            for j in (i + 1)..<skills {
                if let confusion = metrics.confusion, i < confusion.count, j < confusion.count,
                   max(confusion[i][j], confusion[j][i]) >= Thresholds.confusedFraction {
                    pairs.append((i, j, "confused \(Metrics.percent(max(confusion[i][j], confusion[j][i])))"))
                } else if !finals[i].isEmpty, finals[i] == finals[j] {
                    let union = visited[i].union(visited[j]).count
                    let overlap = Double(visited[i].intersection(visited[j]).count) / Double(max(union, 1))
                    if overlap >= Thresholds.sameTrajectoryOverlap { pairs.append((i, j, "same path, \(Metrics.percent(overlap)) of cells shared")) }
                }
            }
        }
        return pairs
    }

    /// The metrics that are losses, in a fixed order.
    static func lossKeys(in records: [MetricsRecord]) -> [String] {
        let keys = Set(records.flatMap(\.keys))
        return keys.filter { key in
            ["train/critic_loss", "train/actor_loss", "skills/discriminator_loss", "skills/density_loss", "skills/joint_discriminator_loss"].contains(key)
                || (key.hasPrefix("slim/") && key.hasSuffix("/value_loss"))
        }.sorted()
    }

    /// The mean of the last ``Thresholds/lateWindow`` finite values of `key`.
    static func late(_ key: String, in records: [MetricsRecord]) -> Double? {
        let values = records.compactMap { $0[key] }.filter(\.isFinite).suffix(Thresholds.lateWindow)
        return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    /// At most 4 significant digits.
    static func short(_ value: Double) -> String {
        let magnitude = abs(value)
        if magnitude >= 10_000 || (magnitude < 0.001 && magnitude > 0) {
            let exponent = Int(log10(magnitude).rounded(.down))
            return "\((value / pow(10, Double(exponent)) * 100).rounded() / 100)e\(exponent)"
        }
        let digits = magnitude >= 100 ? 10.0 : magnitude >= 1 ? 100 : 10_000
        return "\((value * digits).rounded() / digits)"
    }
}
