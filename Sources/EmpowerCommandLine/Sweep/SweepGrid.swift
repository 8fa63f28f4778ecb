import EmpowerBase
import EmpowerCore
import EmpowerTraining

/// What a sweep trains: a base configuration, axes whose values are crossed, and seeds; plus
/// how its runs are evaluated and which report.json keys its table shows.
///
/// Every grid point (one value of every axis) is trained once per seed. The configuration of a
/// run is, in precedence order: the defaults < `config` (a file) < `overrides` < the axis values
/// of its grid point < `seed`.
///
/// ```swift
/// var grid = SweepGrid()
/// grid.overrides = ["algorithm=diayn", "steps=300"]
/// grid.axes = [try SweepAxis(parsing: "diayn.hidden_sizes=[16],[32]"), try SweepAxis(parsing: "skills=2,3")]
/// grid.seeds = [1, 2]
/// let runs = try grid.runs(catalog: BuiltInEnvironments.catalog)    // 2 x 2 points x 2 seeds = 8 runs
/// runs[0].name                  // "hidden_sizes-16_skills-2_seed-1"
/// ```
struct SweepGrid {
    /// A configuration file every run starts from (`--config`), or nil for the defaults.
    var config: String?
    /// `key=value` overrides of every run (a grid file's `set`, then `--set` and the flags).
    var overrides: [String] = []
    var axes: [SweepAxis] = []
    /// The master seeds each grid point is trained with.
    var seeds: [UInt64] = [1]
    /// Evaluation episodes per skill in each mode (`empower evaluate --episodes`).
    var evaluationEpisodes = 3
    /// The seed of the evaluation rollouts (`empower evaluate --seed`).
    var evaluationSeed = SkillEvaluation.defaultSeed
    /// report.json keys the table shows; nil for the keys `empower compare` shows.
    var columns: [String]?

    /// Every grid point x seed as a run, grid points in the order of the axes (the first axis
    /// varies slowest), seeds innermost; each configuration resolved and checked.
    /// - Throws: ``SweepError`` `.duplicateAxis`, `.emptyAxis`, `.duplicateRunName`;
    ///   ``ConfigurationError`` for an unknown key (with "did you mean") or a value its field
    ///   rejects; the environment's error for an unknown environment or bad arguments.
    func runs(catalog: EnvironmentCatalog) throws -> [SweepRun] {
        try checkAxes()
        var points: [[SweepAxis.Value]] = [[]]
        for axis in axes {
            points = points.flatMap { point in axis.values.map { point + [$0] } }
        }
        var runs: [SweepRun] = []
        var names: [String: String] = [:]
        for point in points {
            let pointName = zip(axes, point).map { "\(Self.nameComponent($0.name))-\(Self.nameComponent($1.label))" }.joined(separator: "_")
            for seed in seeds {
                let name = (pointName.isEmpty ? "" : pointName + "_") + "seed-\(seed)"
                let labels = point.map(\.label)
                if let earlier = names[name] {
                    throw SweepError(
                        .duplicateRunName,
                        "the grid points \(earlier) and \(labels.joined(separator: ", ")) both name their runs '\(name)'; give the values labels that differ in letters or digits",
                        context: ["field": "axes", "value": name])
                }
                names[name] = labels.joined(separator: ", ")
                let overrides = overrides + point.flatMap(\.overrides) + ["seed=\(seed)"]
                let configuration = try ConfigurationLoader.load(TrainingConfiguration.self, from: config, overrides: overrides, allowingSpecialFiles: true)
                try TrainCommand.checkEnvironment(of: configuration, in: catalog)
                runs.append(SweepRun(name: name, point: pointName, labels: labels, seed: seed, configuration: configuration))
            }
        }
        return runs
    }

    /// The grid as `sweep.json` records it.
    func json() -> JSONValue {
        .object([
            JSONMember("config", config.map { .string($0) } ?? .null),
            JSONMember("set", .array(overrides.map { .string($0) })),
            JSONMember("axes", .array(axes.map { axis in
                .object([
                    JSONMember("name", .string(axis.name)), JSONMember("key", axis.key.map { .string($0) } ?? .null),
                    JSONMember("values", .array(axis.values.map { value in
                        .object([JSONMember("label", .string(value.label)), JSONMember("set", .array(value.overrides.map { .string($0) }))])
                    })),
                ])
            })),
            JSONMember("seeds", .array(seeds.map(Self.json))),
            JSONMember("evaluate", .object([JSONMember("episodes", .int(evaluationEpisodes)), JSONMember("seed", Self.json(evaluationSeed))])),
            JSONMember("columns", columns.map { .array($0.map { .string($0) }) } ?? .null),
        ])
    }

    /// A seed as a JSON number (as text beyond `Int.max`, which JSON readers would round).
    static func json(_ seed: UInt64) -> JSONValue {
        seed <= UInt64(Int.max) ? .int(Int(seed)) : .string("\(seed)")
    }

    private func checkAxes() throws(SweepError) {
        for (index, axis) in axes.enumerated() {
            guard !axis.values.isEmpty else {
                throw SweepError(.emptyAxis, "the axis '\(axis.name)' has no values; give it at least one", context: ["field": axis.key ?? axis.name])
            }
            for earlier in axes[..<index] where earlier.name == axis.name || (earlier.key != nil && earlier.key == axis.key) {
                throw SweepError(
                    .duplicateAxis, "two axes are named '\(axis.name)'\(axis.key.map { " (key \($0))" } ?? ""); put all the values in one axis",
                    context: ["field": axis.key ?? axis.name])
            }
        }
        guard !seeds.isEmpty else {
            throw SweepError(.emptyAxis, "the sweep has no seeds; give --seeds N or --seed-list 1,2", context: ["field": "seeds"])
        }
    }

    /// A label as it goes into a directory name: letters, digits, `.`, `_`, `+` and `-` are kept,
    /// `,` becomes `x` (`[64,64]` -> `64x64`), anything else is dropped.
    static func nameComponent(_ label: String) -> String {
        String(label.compactMap { character -> Character? in
            if character == "," { return "x" }
            if character.isASCII, character.isLetter || character.isNumber || "._+-".contains(character) { return character }
            return nil
        })
    }
}
