import EmpowerCommandLine
import Testing

/// Runs the test tool and returns (status, standard output, standard error).
func runTool(_ words: [String]) -> (status: ExitCode, output: String, error: String) {
    let capture = OutputCapture()
    let status = CommandRunner(root: ToolRoot.self).run(words, io: capture.io())
    return (status, capture.output, capture.error)
}

@Suite("Help at every level")
struct HelpTests {
    @Test("root help lists usage, every subcommand with its summary, and 'help'")
    func root() {
        let result = runTool(["--help"])
        #expect(result.status == .success)
        #expect(result.error.isEmpty)
        let help = result.output
        #expect(help.hasPrefix("A test tool.\n\nUsage: tool <command> [options]\n"))
        #expect(help.contains("\nCommands:\n  bench    Measure things.\n  compare  Put runs side by side.\n"))
        #expect(help.contains("  help     Show the help of a command: 'tool help COMMAND...'."))
        #expect(help.contains("  -h, --help  Show this help."))
        #expect(help.contains("Run 'tool <command> --help' for the options of a command."))
    }

    @Test("'tool help' with no name is the root help")
    func helpWord() {
        #expect(runTool(["help"]).output == runTool(["--help"]).output)
        #expect(runTool(["help", "help"]).output == runTool(["--help"]).output)
    }

    @Test("group help lists the group's subcommands", arguments: [["bench", "--help"], ["bench", "-h"], ["help", "bench"]])
    func group(words: [String]) {
        let result = runTool(words)
        #expect(result.status == .success)
        #expect(result.output.hasPrefix("Measure things.\n\nUsage: tool bench <command> [options]\n"))
        #expect(result.output.contains("Commands:\n  nn    Measure the numeric core.\n  envs  Measure environment steps.\n"))
        // `help` is a root-level command only.
        #expect(!result.output.contains("  help "))
    }

    @Test("leaf help: usage, options with value names, ranges, choices, defaults, examples",
          arguments: [["bench", "nn", "--help"], ["help", "bench", "nn"], ["bench", "nn", "-h"]])
    func leaf(words: [String]) {
        let result = runTool(words)
        #expect(result.status == .success)
        let help = result.output
        #expect(help.hasPrefix("Measure the numeric core.\n\nUsage: tool bench nn [options]\n\nFigures depend on the build"))
        #expect(help.contains("""
            Options:
                  --json            Print JSON.
              -t, --threads N       BLAS threads (from 1 to 64; default: 1).
                  --seed N          Master seed.
                  --rate X          A fraction (from 0 to 1; default: 0.5).
                  --offset X        Any number (default: 0).
                  --algorithm NAME  The learner (one of: sac, ppo; default: sac).
                  --label TEXT      Free text.
              -o, --output DIR      Where to write.
                  --set KEY=VALUE   Override a field (repeatable).
                  --tag TEXT        A tag (repeatable).
              -h, --help            Show this help.

            """))
        #expect(help.contains("Examples:\n  tool bench nn --threads 2\n      Two threads.\n"))
    }

    @Test("arguments appear in usage and in their own section")
    func arguments() {
        let compare = runTool(["compare", "--help"]).output
        #expect(compare.contains("Usage: tool compare [options] RUN_DIR...\n"))
        #expect(compare.contains("Arguments:\n  RUN_DIR...  Run directories.\n"))
        let render = runTool(["help", "render"]).output
        #expect(render.contains("Usage: tool render [options] RUN [SKILL]\n"))
        #expect(render.contains("  [SKILL]  One skill (from 0 to 99).\n"))
    }

    @Test("--help wins over mistakes elsewhere on the line")
    func helpWins() {
        let result = runTool(["bench", "nn", "--thread", "x", "--help"])
        #expect(result.status == .success)
        #expect(result.output.hasPrefix("Measure the numeric core."))
    }

    @Test("the public helpText matches what --help prints, and rejects unknown names")
    func helpText() throws {
        let runner = CommandRunner(root: ToolRoot.self)
        #expect(try runner.helpText(for: ["bench", "nn"]) == runTool(["bench", "nn", "--help"]).output)
        #expect(throws: CommandLineError.self) { try runner.helpText(for: ["bench", "nope"]) }
    }
}
