/// Checks of the command tree's declarations: mistakes a command author can make that parsing
/// would only reveal when a user hits them. A test runs this over the real tree, so a bad
/// declaration fails the build's tests, not a user's command line.
extension CommandRunner {
    /// Every problem in the declarations below the root, one sentence each; empty when all is well.
    ///
    /// Checked: non-empty unique names (subcommands, options, short aliases, arguments), no
    /// redeclared `--help` / `-h` / `help`, defaults accepted by their type, required arguments
    /// before optional ones, a variadic argument only last, groups without positional arguments.
    public func definitionProblems() -> [String] {
        var problems: [String] = []
        check([root], into: &problems)
        return problems
    }

    private func check(_ path: [any CommandDefinition.Type], into problems: inout [String]) {
        guard let command = path.last else { return }
        let name = ArgumentParser.name(of: path)
        func problem(_ text: String) { problems.append("'\(name)': \(text)") }

        if command.name.isEmpty || command.name.contains(" ") || command.name.hasPrefix("-") {
            problem("the command name '\(command.name)' must be one word not starting with '-'")
        }
        if command.summary.isEmpty { problem("the summary is empty") }

        var longNames: Set<String> = ["help"]
        var shortNames: Set<Character> = ["h"]
        for option in command.options {
            if option.name.isEmpty || option.name.hasPrefix("-") || option.name.contains("=") {
                problem("the option name '\(option.name)' must be non-empty, without dashes or '='")
            }
            if !longNames.insert(option.name).inserted {
                problem("--\(option.name) is declared twice (or redeclares --help)")
            }
            if let short = option.short, !shortNames.insert(short).inserted {
                problem("-\(short) is declared twice (or redeclares -h)")
            }
            if let short = option.short, !(short.isLetter || short.isNumber) || short.isNumber {
                problem("-\(short) must be a letter")
            }
            if case let .single(type, defaultText?) = option.kind,
                case let .failure(reason) = type.ignoringExistence.parse(defaultText)
            {
                problem("the default of --\(option.name) must be \(reason.text)")
            }
            if case let .choice(choices) = option.valueType?.kind, choices.isEmpty {
                problem("--\(option.name) has no choices")
            }
        }

        var sawOptional = false
        var argumentNames: Set<String> = []
        for (position, argument) in command.arguments.enumerated() {
            if !argumentNames.insert(argument.name).inserted { problem("the argument \(argument.name) is declared twice") }
            switch argument.arity {
            case .required where sawOptional:
                problem("the required argument \(argument.name) follows an optional one")
            case .optional: sawOptional = true
            case .variadic where position != command.arguments.count - 1:
                problem("the variadic argument \(argument.name) is not the last")
            default: break
            }
        }

        let subcommands = ArgumentParser.subcommands(of: command)
        if ArgumentParser.isGroup(command) {
            if !command.arguments.isEmpty { problem("a group cannot take positional arguments") }
            if subcommands.isEmpty { problem("a group without subcommands") }
        }
        var subcommandNames: Set<String> = path.count == 1 ? ["help"] : []
        for subcommand in subcommands where !subcommandNames.insert(subcommand.name).inserted {
            problem("the subcommand '\(subcommand.name)' is declared twice (or redeclares 'help')")
        }
        for subcommand in subcommands { check(path + [subcommand], into: &problems) }
    }
}
