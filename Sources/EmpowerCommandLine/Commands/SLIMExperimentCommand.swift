import EmpowerBase
import EmpowerEnvironments
import EmpowerTraining
import Foundation

/// `empower experiment slim`: SLIM vs `combine: sum` vs DIAYN on TabletopPush-v0.
///
/// Trains `--seeds` seeds of each method for the same number of environment steps (each run
/// is an ordinary `empower train --config FILE` child process, `--parallel` at a time), then
/// rolls out every skill of every run and reports, as mean ± sample standard deviation over
/// seeds: object coverage (distinct 5 cm cells visited by the object over all evaluation
/// episodes; every skill starts from the same `--episodes` reset seeds, so an object nobody
/// moves covers about that many cells), the fraction of skills that move the object (some
/// episode takes it more than 2 cm from where it started), safety violations per episode, and discriminator
/// accuracy on the evaluation states. Writes `results.md`, `results.json` and
/// `object-tracks.png` into `--out`.
public enum SLIMExperimentCommand: Command {
    public static let name = "slim"
    public static let summary = "SLIM vs combine: sum vs DIAYN on TabletopPush-v0, several seeds, equal environment steps."
    public static let options: [OptionSpec] = [
        .option("steps", .int, valueName: "N", help: "Environment steps per run (default 300000)."),
        .option("seeds", .int, valueName: "S", help: "Seeds per method (default 3)."),
        .option("skills", .int, valueName: "K", help: "Skills per run (default 8)."),
        .option("parallel", .int, valueName: "P", help: "Training runs at a time (default 2)."),
        .option("episodes", .int, valueName: "E", help: "Evaluation episodes per skill (default 3)."),
        .option("out", .string, valueName: "DIR", help: "Where runs and results go (default runs/experiment-slim)."),
        .option("methods", .string, valueName: "LIST", help: "Comma-separated subset of slim,sum,diayn (default all three)."),
        .repeatable("set", .keyValue, help: "Override a configuration field of every run, e.g. --set slim.channels.reach=1."),
        .flag("reuse", help: "Keep runs that already finished in DIR instead of training them again."),
    ]
    public static let examples: [CommandExample] = [
        CommandExample("empower experiment slim", "The documented experiment: 3 methods x 3 seeds, 300000 steps each."),
        CommandExample("empower experiment slim --steps 20000 --seeds 1 --out /tmp/slim-smoke", "A quick smoke run."),
    ]

    public static func run(_ arguments: ParsedArguments, io: CommandIO) throws -> ExitCode {
        let settings = SLIMExperiment.Settings(
            steps: arguments.int("steps") ?? 300_000, seeds: arguments.int("seeds") ?? 3, skills: arguments.int("skills") ?? 8,
            parallel: arguments.int("parallel") ?? 2, episodes: arguments.int("episodes") ?? 3,
            methods: arguments.string("methods").map { $0.split(separator: ",").map(String.init) } ?? SLIMExperiment.methods,
            overrides: arguments.keyValues("set").map { "\($0.key)=\($0.value)" })
        guard settings.steps >= 1000, (1...20).contains(settings.seeds), (2...64).contains(settings.skills),
              (1...16).contains(settings.parallel), (1...50).contains(settings.episodes),
              !settings.methods.isEmpty, settings.methods.allSatisfy(SLIMExperiment.methods.contains)
        else {
            throw CommandLineError(
                .invalidValue,
                "experiment slim needs --steps >= 1000, --seeds 1-20, --skills 2-64, --parallel 1-16, --episodes 1-50, --methods from slim,sum,diayn; run `empower experiment slim --help`")
        }
        let out = arguments.string("out") ?? "runs/experiment-slim"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let runs = try SLIMExperiment.train(settings, into: out, reuse: arguments.flag("reuse"), io: io)
        io.print("evaluating \(runs.count) runs")
        let results = try SLIMExperiment.evaluate(runs, settings: settings, catalog: BuiltInEnvironments.catalog)
        let table = SLIMExperiment.table(results, settings: settings)
        io.print(table)
        try Data(table.utf8).write(to: URL(fileURLWithPath: out + "/results.md"))
        try Data(SLIMExperiment.json(results).utf8).write(to: URL(fileURLWithPath: out + "/results.json"))
        let picture = out + "/object-tracks.png"
        try SLIMExperiment.drawTracks(results, to: picture)
        io.print("picture: \(picture)")
        return .success
    }
}
