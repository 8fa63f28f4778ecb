import EmpowerBase
import EmpowerCore

/// What every trainer does with its environments: build the vector environment the
/// configuration asks for, map policy actions in [-1, 1] to the action space, and refuse NaN.
struct TrainerEnvironments {
    let environment: String
    let spec: EnvironmentSpec
    let observationSize: Int
    let actionSize: Int
    let actionLow: [Float]
    let actionHigh: [Float]

    /// Probes one environment from the catalog for its spaces.
    /// - Throws: ``TrainingError`` `.unsupportedEnvironment` for non-Box actions, or what the
    ///   catalog throws for an unknown id or bad arguments.
    init(configuration: TrainingConfiguration, catalog: EnvironmentCatalog) throws {
        let probe = try catalog.make(configuration.environment, arguments: configuration.catalogArguments)
        guard let box = probe.actionSpace.box else {
            throw TrainingError(
                .unsupportedEnvironment,
                "\(configuration.environment) has \(probe.actionSpace) actions; \(configuration.algorithm.rawValue) needs continuous (Box) actions",
                context: ["environment": configuration.environment])
        }
        environment = configuration.environment
        spec = probe.spec
        observationSize = probe.observationSpace.flatSize
        actionSize = box.flatSize
        actionLow = box.low
        actionHigh = box.high
    }

    /// `configuration.environments` copies, on worker threads when there are several threads.
    static func makeVector(configuration: TrainingConfiguration, catalog: EnvironmentCatalog) throws -> any VectorEnvironment {
        let arguments = configuration.catalogArguments
        let count = configuration.environments
        let make: (Int) throws -> AnyEnvironment = { _ in AnyEnvironment(try catalog.make(configuration.environment, arguments: arguments)) }
        if count > 1 && configuration.threads > 1 {
            return try ThreadedVectorEnvironment(count: count, threads: min(configuration.threads, count), make: make)
        }
        return try SerialVectorEnvironment(count: count, make: make)
    }

    /// Maps actions in [-1, 1] to the environment's bounds (unchanged where a bound is
    /// infinite); with `clipping`, values are first clipped to [-1, 1] (unbounded Gaussian policies).
    func scaled(_ actions: [Float], clipping: Bool = false) -> [Float] {
        var scaled = actions
        for index in scaled.indices {
            let j = index % actionSize
            let low = actionLow[j], high = actionHigh[j]
            let a = clipping ? min(max(actions[index], -1), 1) : actions[index]
            scaled[index] = low.isFinite && high.isFinite ? low + (a + 1) * 0.5 * (high - low) : a
        }
        return scaled
    }

    /// - Throws: ``TrainingError`` `.nonFiniteEnvironmentOutput` naming the environment, entry and step.
    func checkFinite(_ observations: [Float], rewards: [Float], stage: String, step: Int) throws {
        if let bad = observations.firstIndex(where: { !$0.isFinite }) {
            throw TrainingError(
                .nonFiniteEnvironmentOutput,
                "\(environment) returned \(observations[bad]) in an observation (environment \(bad / max(observationSize, 1)), entry \(bad % max(observationSize, 1))) at \(stage), step \(step); run `empower envs check \(environment)` and fix the environment",
                context: ["environment": environment, "step": "\(step)"])
        }
        if let bad = rewards.firstIndex(where: { !$0.isFinite }) {
            throw TrainingError(
                .nonFiniteEnvironmentOutput,
                "\(environment) returned a reward of \(rewards[bad]) (environment \(bad)) at step \(step); run `empower envs check \(environment)` and fix the environment",
                context: ["environment": environment, "step": "\(step)"])
        }
    }
}

extension RunDirectory {
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
