import EmpowerCore
import EmpowerRender

/// `empower render ENV_ID --out FILE`: a seeded random-action rollout of an environment,
/// written as a picture.
///
/// - `FILE.png`: the last frame of the rollout (after `--steps` steps, or at the end of the
///   episode if it comes first). With `--steps 0`, the first frame.
/// - `FILE.gif`: the animation, one frame per step plus the first (20 frames per second).
///
/// Actions are sampled uniformly from the action space(s) with a generator seeded from
/// `Seed.derive(seed, stream: "render-actions")`; the environment is reset with `--seed`, so
/// the same command writes the same picture.
///
/// ```text
/// $ empower render CooperativePush-v0 --steps 80 --out push.gif
/// wrote push.gif: 81 frames of 400x400, CooperativePush-v0, seed 0
/// ```
public enum RenderCommand: Command {
    public static let name = "render"
    public static let summary = "Render a seeded random-action rollout of an environment to a PNG (last frame) or GIF (animation)."
    public static let discussion = """
        The output format follows the file extension: .png writes the last frame, .gif the
        whole rollout (the first frame and one per step, 20 per second). The rollout stops
        after --steps steps or when the episode ends. Multi-agent ids work too (every agent
        acts at random).
        """
    public static let options: [OptionSpec] = [
        .option("out", short: "o", .path(), valueName: "FILE", help: "Where to write: FILE.png or FILE.gif (required)."),
        .option("seed", .uint64, default: 0, help: "Seed of the reset and of the random actions."),
        .option("steps", .int(in: 0...100_000), default: 100, help: "Steps to roll out."),
        .repeatable("set", .keyValue, help: "An environment argument, e.g. --set goal=0.5,0.5 (see 'envs list --json')."),
    ]
    public static let arguments: [ArgumentSpec] = [
        .required("ENV_ID", help: "An environment id from 'empower envs list', e.g. PointMaze-v0."),
    ]
    public static let examples: [CommandExample] = [
        CommandExample("empower render PointMaze-v0 --out maze.png", "The maze after 100 random steps."),
        CommandExample("empower render ParticleSpread-v0 --set agents=5 --steps 60 --out spread.gif", "An animation of five agents."),
    ]

    public static func run(_ arguments: ParsedArguments, io: CommandIO) throws -> ExitCode {
        let command = arguments.commandName
        guard let out = arguments.string("out") else {
            throw CommandLineError(.missingArgument, "'\(command)' needs --out FILE.png or --out FILE.gif", context: ["command": command, "option": "--out"])
        }
        let lowered = out.lowercased()
        let isGIF = lowered.hasSuffix(".gif")
        guard isGIF || lowered.hasSuffix(".png") else {
            throw CommandLineError(.invalidValue, "--out must end in .png or .gif, got '\(out)'", context: ["command": command, "option": "--out", "value": out])
        }
        let id = arguments.positional("ENV_ID") ?? ""
        let seed = arguments.uint64("seed") ?? 0
        let steps = arguments.int("steps") ?? 100
        let built = try EnvironmentSelection.make(id, settings: arguments.keyValues("set"), catalog: io.catalog, command: command)
        var generator = Xoshiro256(seed: Seed.derive(seed, stream: "render-actions"))
        let frames: [Frame]
        switch built {
        case .single(var env): frames = try rollout(&env, seed: seed, steps: steps, keepAll: isGIF, using: &generator)
        case .multiAgent(var env): frames = try rollout(&env, seed: seed, steps: steps, keepAll: isGIF, using: &generator)
        }
        guard let last = frames.last else { return .failure }
        if isGIF {
            try GIFWriter.write(frames, to: out)
        } else {
            try PNGWriter.write(last, to: out)
        }
        io.print("wrote \(out): \(frames.count) frame\(frames.count == 1 ? "" : "s") of \(last.width)x\(last.height), \(id), seed \(seed)")
        return .success
    }

    /// The frames of a rollout: all of them when `keepAll`, else only the last.
    static func rollout<E: Environment>(_ env: inout E, seed: UInt64, steps: Int, keepAll: Bool, using generator: inout Xoshiro256) throws -> [Frame] {
        _ = try env.reset(seed: seed)
        var frames = [try env.render()]
        for _ in 0..<steps {
            let step = try env.step(env.actionSpace.sample(using: &generator))
            let frame = try env.render()
            if keepAll { frames.append(frame) } else { frames = [frame] }
            if step.isDone { break }
        }
        return frames
    }

    static func rollout<E: MultiAgentEnvironment>(_ env: inout E, seed: UInt64, steps: Int, keepAll: Bool, using generator: inout Xoshiro256) throws -> [Frame] {
        _ = try env.reset(seed: seed)
        var frames = [try env.render()]
        for _ in 0..<steps where !env.agents.isEmpty {
            var actions: [String: [Float]] = [:]
            for agent in env.agents { actions[agent] = env.actionSpaces[agent]?.sample(using: &generator) ?? [] }
            _ = try env.step(actions)
            let frame = try env.render()
            if keepAll { frames.append(frame) } else { frames = [frame] }
        }
        return frames
    }
}
