/// `empower version`: the version of Empower and how this executable was built, as text or JSON.
///
/// ```text
/// $ empower version
/// empower 0.1.0 (release build, x86_64, Linux)
/// $ empower version --json
/// {
///   "name": "empower",
///   "version": "0.1.0",
///   "build": "release",
///   "architecture": "x86_64",
///   "os": "Linux"
/// }
/// ```
public enum VersionCommand: Command {
    public static let name = "version"
    public static let summary = "Print the version of Empower and how this executable was built."
    public static let options: [OptionSpec] = [
        .flag("json", help: "Print a JSON object instead of one line."),
    ]
    public static let examples: [CommandExample] = [
        CommandExample("empower version --json", "The same facts as a JSON object, for scripts."),
    ]

    public static func run(_ arguments: ParsedArguments, io: CommandIO) throws -> ExitCode {
        let build = BuildInfo.current
        if arguments.flag("json") {
            io.printJSON([
                "name": "empower",
                "version": .string(EmpowerVersion.current),
                "build": .string(build.configuration),
                "architecture": .string(build.architecture),
                "os": .string(build.operatingSystem),
            ])
        } else {
            io.print("empower \(EmpowerVersion.current) (\(build.configuration) build, \(build.architecture), \(build.operatingSystem))")
        }
        return .success
    }
}
