// TrainMASD: multi-agent skill discovery with MASD on ParticleSpread-v0 (3 agents), from
// configuration to skills judged by a joint discriminator and by one discriminator per agent.
//
//     swift run -c release TrainMASD                  # run directory runs/example-masd
//     swift run -c release TrainMASD runs/my-masd     # or any path
//
// Three agents share one skill z per episode. Each agent acts on its own observation and z
// (decentralized actors); twin critics see the global state, every agent's action and z
// (centralized training). Two kinds of discriminators learn to recognize z from the next state:
// the joint one q_phi(z | g(s')) sees all agents' positions, agent i's q_psi_i(z | g_i(s')) sees
// only agent i's own position. The team reward
//
//     r = [log q_phi(z|g(s')) - log p(z)] - beta (1/N) sum_i [log q_psi_i(z|g_i(s')) - log p(z)]
//
// pays the agents for skills the joint discriminator reads and no single-agent one does: skills
// that are about how the agents are placed together, not about where one of them goes.
// beta = 0 is multi-agent DIAYN, the ablation (pass a second argument to try it).
//
// The file reads top to bottom: configure, open a run (or resume it), train, evaluate on fresh
// rollouts. Ctrl-C writes a checkpoint; running the same command again resumes exactly.

import Empower
import Foundation

func percent(_ value: Double) -> String { "\(Int((value * 100).rounded()))%" }

func runExample() throws {
    // MARK: 1. Configuration
    //
    // The same TrainingConfiguration as every run (config.json in the run directory), with
    // algorithm "masd", a multi-agent environment and its agent count as an environment argument.
    var configuration = TrainingConfiguration()
    configuration.algorithm = .masd
    configuration.environment = "ParticleSpread-v0"
    configuration.environmentArguments = ["agents": ArgumentValue(.int(3))]
    configuration.skills = 6                        // K: z ~ uniform over 6 skills, shared by the 3 agents
    configuration.steps = 20_000                    // joint environment steps (200 episodes of 100 steps)
    configuration.seed = 0
    configuration.logInterval = 2_000
    configuration.checkpointInterval = 5_000
    configuration.sac.hiddenSizes = [64, 64]        // every actor and both critics: 2x64 MLPs
    configuration.sac.batchSize = 128
    configuration.masd.hiddenSizes = [64, 64]       // the joint and per-agent discriminators
    configuration.masd.beta = CommandLine.arguments.count > 2 ? Float(CommandLine.arguments[2]) ?? 1 : 1
    configuration.masd.jointFeatures = "agents_xy"  // g(s'): every agent's position, from the global state
    configuration.masd.agentFeatures = "xy"         // g_i(s'): agent i's own position, from its own observation
    configuration.masd.sharedActor = true           // one actor network for all agents, told apart by an id one-hot
    try configuration.validate()
    let catalog = BuiltInEnvironments.catalog

    // MARK: 2. The run directory: new, or resumed
    let path = CommandLine.arguments.dropFirst().first ?? "runs/example-masd"
    let trainer: MASDTrainer
    if FileManager.default.fileExists(atPath: path + "/config.json") {
        let run = try RunDirectory(path: path, create: false)
        guard let resumed = try Trainers.resume(runDirectory: run, catalog: catalog, log: { Program.printError($0) }) as? MASDTrainer else {
            Program.printError("error: \(path) is not a MASD run; pass another directory")
            exit(1)
        }
        trainer = resumed
        print("resuming \(path) at step \(trainer.step) of \(trainer.configuration.steps) (its own config.json)")
    } else {
        let run = try RunDirectory(path: path, create: true)
        try ConfigurationLoader.write(configuration, to: run.configPath)
        try run.appendEvent("started by the TrainMASD example")
        // Builds the environment, the multi-agent SAC learner (actor, twin critics on the
        // global state and joint action, targets, Adam), the MASDObjective (prior, joint and
        // per-agent discriminators) and the multi-agent replay buffer, all from the seed.
        trainer = try MASDTrainer(configuration: configuration, catalog: catalog, runDirectory: run)
        print("run directory: \(path)")
    }
    print("agents \(trainer.agentIDs.joined(separator: ", ")); joint features \(trainer.jointFeatures.name) = state\(trainer.jointFeatures.indices), per-agent features \(trainer.agentFeatures.name) = observation\(trainer.agentFeatures.indices)")

    // MARK: 3. Training
    //
    // Each step (MASDTrainer.advance, Sources/EmpowerTraining/Trainer/MASDTrainer.swift):
    //   - act: every agent's actor sees [o_i, onehot(z), onehot(i)] and samples its action;
    //   - store: every observation, the global state, the joint action, the next ones and z go
    //     into the MultiAgentReplayBuffer;
    //   - relabel: MASDObjective.relabel (Sources/EmpowerSkills/MASD/MASDObjective.swift) scores
    //     each sampled s' with the joint and per-agent discriminators, writes the team reward
    //     above, and trains every discriminator one cross-entropy step;
    //   - update: MultiAgentSACLearner.update (critics on Q(s, a_1..a_N, z), then all actors
    //     through the critics, then alpha, then the targets).
    let stop = StopSignal()
    defer { stop.uninstall() }
    let summary = try trainer.train(stop: stop) { Program.printError($0, terminator: "") }
    if summary.interrupted {
        print("stopped at step \(summary.step); checkpoint written. Run the same command again to resume.")
        return
    }
    print("trained \(summary.step) steps, \(summary.episodes) episodes, \(summary.updates) updates in \(ProgressReporter.formatDuration(summary.elapsedSeconds))")

    // MARK: 4. Evaluating on fresh rollouts
    //
    // Every skill runs 3 new episodes with deterministic actions; every visited next state is
    // classified by the joint discriminator and by each agent's. MASD wants the first high and
    // the others near chance (1/K).
    let (episodes, evaluation) = try trainer.evaluateSkills(episodesPerSkill: 3)
    let k = trainer.skillCount
    print("beta \(trainer.configuration.masd.beta), chance \(percent(1 / Double(k)))")
    print("joint accuracy \(percent(evaluation.jointAccuracy)); per agent \(evaluation.perAgentAccuracy.map(percent).joined(separator: ", ")) (mean \(percent(evaluation.meanAgentAccuracy)))")
    print("coordination: \((evaluation.coordination.cellsPerPair * 10).rounded() / 10) cells of relative position per agent pair (cells of \(evaluation.coordination.cellSize) m)")
    print("")
    print("skill  joint  " + trainer.agentIDs.map { $0.padding(toLength: 7, withPad: " ", startingAt: 0) }.joined() + "final positions (first episode)")
    for skill in 0..<k {
        let own = episodes.filter { $0.skill == skill }
        let joint = MASDEvaluation.accuracy(of: "joint", in: own, skillCount: k).accuracy
        let agents = trainer.agentIDs.map { percent(MASDEvaluation.accuracy(of: $0, in: own, skillCount: k).accuracy).padding(toLength: 7, withPad: " ", startingAt: 0) }
        let finals = trainer.agentIDs.compactMap { own.first?.positions[$0]?.last }.map { "(\(($0.x * 100).rounded() / 100), \(($0.y * 100).rounded() / 100))" }
        print("  \(skill)    \(percent(joint).padding(toLength: 7, withPad: " ", startingAt: 0))\(agents.joined())\(finals.joined(separator: " "))")
    }
    print("")
    print("run: \(path) (config.json, metrics.csv, metrics.jsonl, checkpoints/, events.log); `empower resume \(path)` continues it")
}

Program.run(runExample)
