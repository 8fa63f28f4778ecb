/// Turns the words after the executable name into an ``Invocation``: which command, with which
/// checked values, or a request for help.
///
/// The grammar, at every level:
/// - In a group, words starting with `-` are the group's own options; the first other word
///   names a subcommand. A group's options only apply when the group runs itself, so giving one
///   and then a subcommand (`empower --version bench`) is an error, not silently ignored.
/// - In a leaf command, options and positional words may be mixed; `--` ends the options (every
///   later word is positional, even if it starts with `-`).
/// - `--name VALUE`, `--name=VALUE`, `-x VALUE` and `-xVALUE` all give a value. A separate word
///   starting with `-` is not taken as a value unless it is a number (`--offset -1`).
/// - `--help` / `-h` anywhere before `--` asks for help on the deepest command named before it;
///   it wins over any error in the other words.
/// - At the root, `help WORDS...` asks for help on the command `WORDS` names.
struct ArgumentParser {
    let root: any CommandDefinition.Type

    func parse(_ words: [String]) throws(CommandLineError) -> Invocation {
        var path: [any CommandDefinition.Type] = [root]
        var index = 0

        if words.first == "help", !Self.subcommands(of: root).contains(where: { $0.name == "help" }) {
            // `help help` is the root help too: `help` has no options of its own to show.
            let names = words.dropFirst().drop(while: { $0 == "help" })
            let resolved = try resolve(Array(names))
            return .help(resolved)
        }

        // Walk down through groups.
        while let group = path.last, Self.isGroup(group) {
            var collector = OptionCollector(command: group, commandName: Self.name(of: path))
            var selected: (any CommandDefinition.Type)?
            while index < words.count {
                let word = words[index]
                if Self.isHelp(word) { return .help(path) }
                if word == "--" {
                    throw .unexpectedArgument(word, in: collector.commandName, accepted: [])
                }
                if Self.isOption(word) {
                    try collector.consume(words, at: &index)
                    continue
                }
                let subcommands = Self.subcommands(of: group)
                guard let subcommand = subcommands.first(where: { $0.name == word }) else {
                    throw .unknownCommand(word, in: collector.commandName, candidates: candidates(path))
                }
                if let given = collector.firstGivenOption {
                    throw CommandLineError(
                        .unexpectedArgument,
                        "option '\(given)' of '\(collector.commandName)' cannot be combined with the subcommand '\(word)'; options go after the subcommand they belong to",
                        context: ["command": collector.commandName, "option": given, "value": word])
                }
                selected = subcommand
                index += 1
                break
            }
            if let selected {
                path.append(selected)
                continue
            }
            // The words ran out in a group: run it if it can run, else it needed a subcommand.
            guard let runnable = group as? any Command.Type else {
                throw .missingSubcommand(commandName: collector.commandName)
            }
            let parsed = try collector.finish(path: Self.names(of: path), positionals: [])
            return .run(runnable, parsed)
        }

        // A leaf command: help first, so `--help` wins over mistakes elsewhere on the line.
        if Self.asksForHelp(words[index...]) {
            return .help(path)
        }
        guard let leaf = path.last, let command = leaf as? any Command.Type else {
            // A definition that is neither a group nor runnable: nothing to do but show help.
            return .help(path)
        }
        var collector = OptionCollector(command: leaf, commandName: Self.name(of: path))
        var positionals: [String] = []
        var optionsEnded = false
        while index < words.count {
            let word = words[index]
            if optionsEnded || !Self.isOption(word) {
                positionals.append(word)
                index += 1
            } else if word == "--" {
                optionsEnded = true
                index += 1
            } else {
                try collector.consume(words, at: &index)
            }
        }
        let parsed = try collector.finish(path: Self.names(of: path), positionals: positionals)
        return .run(command, parsed)
    }

    /// The command a list of names selects from the root, for `empower help bench nn`.
    func resolve(_ names: [String]) throws(CommandLineError) -> [any CommandDefinition.Type] {
        var path: [any CommandDefinition.Type] = [root]
        for name in names {
            let current = path[path.count - 1]
            let subcommands = Self.subcommands(of: current)
            guard !subcommands.isEmpty else {
                throw .unexpectedArgument(name, in: Self.name(of: path), accepted: [])
            }
            guard let next = subcommands.first(where: { $0.name == name }) else {
                throw .unknownCommand(name, in: Self.name(of: path), candidates: candidates(path))
            }
            path.append(next)
        }
        return path
    }

    /// The words that may follow `path`: its subcommands' names, and `help` at the root.
    private func candidates(_ path: [any CommandDefinition.Type]) -> [String] {
        guard let command = path.last else { return [] }
        var names = Self.subcommands(of: command).map { $0.name }
        if path.count == 1, !names.contains("help") { names.append("help") }
        return names
    }

    // MARK: Word classes

    static func isHelp(_ word: String) -> Bool {
        word == "--help" || word == "-h"
    }

    /// Whether `--help` or `-h` comes before the end of options (`--`).
    static func asksForHelp(_ words: ArraySlice<String>) -> Bool {
        for word in words {
            if word == "--" { return false }
            if isHelp(word) { return true }
        }
        return false
    }

    /// `-x`, `--name`, `--`; not `-` alone (conventionally standard input) and not a negative
    /// number, which are positional.
    static func isOption(_ word: String) -> Bool {
        word.hasPrefix("-") && word.count > 1 && Double(word) == nil
    }

    // MARK: Tree helpers

    static func isGroup(_ command: any CommandDefinition.Type) -> Bool {
        command is any CommandGroup.Type
    }

    static func subcommands(of command: any CommandDefinition.Type) -> [any CommandDefinition.Type] {
        (command as? any CommandGroup.Type)?.subcommands ?? []
    }

    static func names(of path: [any CommandDefinition.Type]) -> [String] {
        path.map { $0.name }
    }

    static func name(of path: [any CommandDefinition.Type]) -> String {
        names(of: path).joined(separator: " ")
    }
}

/// What a command line asks for.
enum Invocation {
    /// Show the help of the last command of the path.
    case help([any CommandDefinition.Type])
    /// Run a command with its parsed arguments.
    case run(any Command.Type, ParsedArguments)
}
