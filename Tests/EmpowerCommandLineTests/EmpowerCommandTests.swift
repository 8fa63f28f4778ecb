import EmpowerCommandLine
import Testing

/// Runs the real `empower` tree.
func runEmpower(_ words: [String]) -> (status: ExitCode, output: String, error: String) {
    let capture = OutputCapture()
    let status = CommandRunner(root: EmpowerCommand.self).run(words, io: capture.io())
    return (status, capture.output, capture.error)
}

@Suite("The empower command tree")
struct EmpowerCommandTests {
    @Test("every declaration in the real tree is valid")
    func definitions() {
        #expect(CommandRunner(root: EmpowerCommand.self).definitionProblems() == [])
    }

    @Test("--version and version print the version")
    func version() {
        let flag = runEmpower(["--version"])
        #expect(flag.status == .success)
        #expect(flag.output == "empower \(EmpowerVersion.current)\n")
        let command = runEmpower(["version"])
        #expect(command.status == .success)
        #expect(command.output.hasPrefix("empower \(EmpowerVersion.current) ("))
    }

    @Test("version --json is a JSON object with the version first")
    func versionJSON() {
        let result = runEmpower(["version", "--json"])
        #expect(result.status == .success)
        #expect(result.output.hasPrefix("{\n  \"name\": \"empower\",\n  \"version\": \"\(EmpowerVersion.current)\",\n  \"build\": \""))
        #expect(result.output.hasSuffix("}\n"))
    }

    @Test("no command: the root help on standard error, status 2")
    func noCommand() {
        let result = runEmpower([])
        #expect(result.status == .usage)
        #expect(result.output.isEmpty)
        #expect(result.error == runEmpower(["--help"]).output)
        // The command column is as wide as the longest command name.
        #expect(result.error.split(separator: "\n").contains { $0.hasPrefix("  version  ") && $0.hasSuffix("  Print the version of Empower and how this executable was built.") })
    }

    @Test("a mistyped command gets a suggestion")
    func suggestion() {
        let result = runEmpower(["versoin"])
        #expect(result.status == .usage)
        #expect(result.error.hasPrefix("error: unknown command 'versoin' for 'empower'; did you mean 'version'?\n"))
    }
}

/// A deliberately broken tree, to show the validator finds each kind of mistake.
enum BrokenRoot: CommandGroup {
    static let name = "broken"
    static let summary = "Broken."
    static let subcommands: [any CommandDefinition.Type] = [BrokenLeaf.self, BrokenLeaf.self, EmptyGroup.self]
}

enum BrokenLeaf: Command {
    static let name = "leaf"
    static let summary = ""
    static let options: [OptionSpec] = [
        .option("threads", short: "t", .int(in: 1...4), default: 8, help: "Bad default."),
        .flag("threads", help: "Twice."),
        .flag("help", short: "h", help: "Redeclares help."),
        .option("mode", .choice([]), help: "No choices."),
    ]
    static let arguments: [ArgumentSpec] = [
        .variadic("FILES", help: "Not last."),
        .optional("EXTRA", help: "Optional."),
        .required("LAST", help: "Required after optional."),
    ]
    static func run(_ arguments: ParsedArguments, io: CommandIO) throws -> ExitCode { .success }
}

enum EmptyGroup: CommandGroup {
    static let name = "empty"
    static let summary = "Nothing inside."
    static let subcommands: [any CommandDefinition.Type] = []
}

@Suite("Definition validation")
struct DefinitionValidationTests {
    @Test("the test tree is valid")
    func valid() {
        #expect(CommandRunner(root: ToolRoot.self).definitionProblems() == [])
    }

    @Test("each kind of declaration mistake is reported")
    func broken() {
        let problems = CommandRunner(root: BrokenRoot.self).definitionProblems()
        let expected = [
            "'broken leaf': the summary is empty",
            "'broken leaf': the default of --threads must be an integer from 1 to 4, got '8'",
            "'broken leaf': --threads is declared twice (or redeclares --help)",
            "'broken leaf': --help is declared twice (or redeclares --help)",
            "'broken leaf': -h is declared twice (or redeclares -h)",
            "'broken leaf': --mode has no choices",
            "'broken leaf': the variadic argument FILES is not the last",
            "'broken leaf': the required argument LAST follows an optional one",
            "'broken': the subcommand 'leaf' is declared twice (or redeclares 'help')",
            "'broken empty': a group without subcommands",
        ]
        for problem in expected {
            #expect(problems.contains(problem), "missing: \(problem)\nall: \(problems)")
        }
    }
}
