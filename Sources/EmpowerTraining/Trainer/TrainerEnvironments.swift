import EmpowerBase
import EmpowerCore

/// What every trainer does with its environments: make them (single-agent ones from the
/// catalog, multi-agent ones as a ``JointAgentEnvironment`` view), build the vector environment
/// the configuration asks for, map policy actions in [-1, 1] to the action space, and refuse NaN.
struct TrainerEnvironments {
    let environment: String
    let spec: EnvironmentSpec
    let observationSize: Int
    let actionSize: Int
    let actionLow: [Float]
    let actionHigh: [Float]
    /// A fresh environment of the run (for the vector environment and evaluation rollouts).
    let make: @Sendable () throws -> any Environment
    /// The joint view's layout when the environment is multi-agent.
    let agents: JointLayout?

    /// How a multi-agent environment's rows are laid out: N agents' observations, then the state.
    struct JointLayout {
        let agentIDs: [String]
        let agentObservationSize: Int
        let agentActionSize: Int
        let stateSize: Int
        var agentCount: Int { agentIDs.count }
        var jointObservationSize: Int { agentCount * agentObservationSize }
    }

    /// Probes one environment for its spaces: a multi-agent one from the catalog when
    /// `multiAgent`, else a single-agent one.
    /// - Throws: ``TrainingError`` `.unsupportedEnvironment` for non-Box actions, or what the
    ///   catalog throws for an unknown id or bad arguments.
    init(configuration: TrainingConfiguration, catalog: EnvironmentCatalog, multiAgent: Bool = false) throws {
        let id = configuration.environment
        let arguments = configuration.catalogArguments
        let probe: any Environment
        if multiAgent {
            make = { try JointAgentEnvironment(try catalog.makeMultiAgent(id, arguments: arguments)) }
            let joint = try JointAgentEnvironment(try catalog.makeMultiAgent(id, arguments: arguments))
            agents = JointLayout(
                agentIDs: joint.agentIDs, agentObservationSize: joint.agentObservationSize, agentActionSize: joint.agentActionSize,
                stateSize: joint.stateSize)
            probe = joint
        } else {
            make = { try catalog.make(id, arguments: arguments) }
            agents = nil
            probe = try make()
        }
        guard let box = probe.actionSpace.box else {
            throw TrainingError(
                .unsupportedEnvironment,
                "\(id) has \(probe.actionSpace) actions; \(configuration.algorithm.rawValue) needs continuous (Box) actions",
                context: ["environment": id])
        }
        environment = id
        spec = probe.spec
        observationSize = probe.observationSpace.flatSize
        actionSize = box.flatSize
        actionLow = box.low
        actionHigh = box.high
    }

    /// `configuration.environments` copies, on worker threads when there are several threads.
    func makeVector(configuration: TrainingConfiguration) throws -> any VectorEnvironment {
        let count = configuration.environments
        let make = self.make
        let copy: (Int) throws -> AnyEnvironment = { _ in AnyEnvironment(try make()) }
        if count > 1 && configuration.threads > 1 {
            return try ThreadedVectorEnvironment(count: count, threads: min(configuration.threads, count), make: copy)
        }
        return try SerialVectorEnvironment(count: count, make: copy)
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
