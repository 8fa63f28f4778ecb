import EmpowerCommandLine
import Testing

@Suite("Runner: exit statuses and streams")
struct RunnerTests {
    @Test("a command's output goes to standard output; its status is returned")
    func success() {
        let result = runTool(["bench", "nn", "-t", "8", "--json"])
        #expect(result.status == .success)
        #expect(result.output == "threads=8 json=true\n")
        #expect(result.error.isEmpty)
        #expect(runTool(["bench", "envs"]).status.rawValue == 3)
    }

    @Test("a usage error: status 2, the message and a --help hint on standard error")
    func usageError() {
        let result = runTool(["bench", "nn", "--thread", "2"])
        #expect(result.status == .usage)
        #expect(result.status.rawValue == 2)
        #expect(result.output.isEmpty)
        #expect(result.error == """
            error: unknown option '--thread' for 'tool bench nn'; did you mean '--threads'?
            Run 'tool bench nn --help' for usage.

            """)
    }

    @Test("an unknown subcommand hints at the group's help")
    func unknownSubcommand() {
        let result = runTool(["bench", "nx"])
        #expect(result.status == .usage)
        #expect(result.error.hasSuffix("Run 'tool bench --help' for usage.\n"))
    }

    @Test("a group without a subcommand prints its help to standard error, status 2")
    func groupWithoutSubcommand() {
        let result = runTool(["bench"])
        #expect(result.status == .usage)
        #expect(result.output.isEmpty)
        #expect(result.error == runTool(["bench", "--help"]).output)
        let root = runTool([])
        #expect(root.status == .usage)
        #expect(root.error.hasPrefix("A test tool.\n"))
    }

    @Test("a usage error thrown by a command is status 2 too")
    func usageErrorFromCommand() {
        let result = runTool(["render", "bad"])
        #expect(result.status == .usage)
        #expect(result.error == "error: RUN 'bad' is not a run\nRun 'tool render --help' for usage.\n")
    }

    @Test("a runtime failure: status 1, the error on standard error, output kept")
    func runtimeFailure() {
        let result = runTool(["fail"])
        #expect(result.status == .failure)
        #expect(result.status.rawValue == 1)
        #expect(result.output == "partial\n")
        #expect(result.error == "error: the disk is full\n")
    }
}
