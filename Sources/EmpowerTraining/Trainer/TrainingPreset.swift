/// Defaults chosen per built-in environment family from measurements: a 2-D point does not
/// need the 2x256 networks and one update per step that the pushing tasks do. A preset
/// replaces defaults only; the configuration file, `--set` and the flags always win, and the
/// resolved `config.json` records every value used.
///
/// | preset | environments | algorithms | settings |
/// |---|---|---|---|
/// | `navigation` | PointMass-v0, PointMaze-v0 | SAC, DIAYN | networks 2x64 (actor, critics, discriminator), batch 128, learning rates 1e-3, `evaluation_interval` 1000 |
/// | `tabletop` | Tabletop*-v0 | SAC, DIAYN | 8 environments, `sac.replay_ratio` 0.25 |
///
/// Measured (`experiments/time-to-skills/`): with `navigation`, DIAYN's 10 skills on
/// PointMass-v0 pass 0.9 fresh-rollout accuracy at 5000-6000 steps in 1.5-2.0 s of training,
/// against 5000-9000 steps and 24-44 s with the plain defaults (3 seeds, 2 threads). With
/// `tabletop`, DIAYN on TabletopReach-v0 (end-effector features) passes 0.8 within 40000
/// steps in 3 seeds of 3, at replay ratio 1 in none, and 4 times sooner per step.
public struct TrainingPreset: Sendable, Equatable {
    /// The preset's name, as the tables above and `empower train` print it.
    public var name: String
    /// The `key=value` settings it applies over the defaults.
    public var settings: [String]

    /// Every preset, in the order they are matched.
    public static let all: [(preset: TrainingPreset, algorithms: Set<TrainingAlgorithm>, matches: @Sendable (String) -> Bool)] = [
        (TrainingPreset(name: "navigation", settings: [
            "sac.hidden_sizes=[64,64]", "diayn.hidden_sizes=[64,64]", "sac.batch_size=128", "sac.learning_rate=0.001",
            "diayn.learning_rate=0.001", "evaluation_interval=1000",
         ]), [.sac, .diayn], { $0 == "PointMass-v0" || $0 == "PointMaze-v0" }),
        (TrainingPreset(name: "tabletop", settings: ["environments=8", "sac.replay_ratio=0.25"]),
         [.sac, .diayn], { $0.hasPrefix("Tabletop") }),
    ]

    /// The preset for `algorithm` on `environment`, or nil.
    public static func matching(algorithm: TrainingAlgorithm, environment: String) -> TrainingPreset? {
        all.first { $0.algorithms.contains(algorithm) && $0.matches(environment) }?.preset
    }
}
