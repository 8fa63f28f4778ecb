/// Renders the help of one command from its declarations.
///
/// ```text
/// Measure the numeric core: sgemm peak, MLP training step, policy forward.
///
/// Usage: empower bench nn [options]
///
/// Options:
///   --json             Print the results as JSON.
///   -t, --threads N    BLAS threads (from 1 to 64; default: 1).
///   -h, --help         Show this help.
///
/// Examples:
///   empower bench nn --threads 2
///       Measure with two BLAS threads.
/// ```
struct HelpFormatter {
    /// The command and its ancestors, root first.
    let path: [any CommandDefinition.Type]

    /// Descriptions wider than this start on their own line.
    private static let maximumLabelWidth = 30

    func render() -> String {
        guard let command = path.last else { return "" }
        let name = ArgumentParser.name(of: path)
        let subcommands = ArgumentParser.subcommands(of: command)
        let isRoot = path.count == 1
        var sections: [String] = [command.summary]

        // Usage.
        var usage = "Usage: \(name)"
        if !subcommands.isEmpty {
            usage += " <command>"
            if command is any Command.Type { usage = "Usage: \(name) [options]\n       \(name) <command> [options]" }
            else { usage += " [options]" }
        } else {
            usage += " [options]"
            for argument in command.arguments { usage += " \(argument.usage)" }
        }
        sections.append(usage)

        if !command.discussion.isEmpty { sections.append(command.discussion) }

        if !command.arguments.isEmpty {
            sections.append("Arguments:\n" + Self.columns(command.arguments.map { argument in
                (argument.usage, Self.annotate(argument.help, argument.type.helpNote.map { [$0] } ?? []))
            }))
        }

        if !subcommands.isEmpty {
            var rows = subcommands.map { ($0.name, $0.summary) }
            if isRoot, !subcommands.contains(where: { $0.name == "help" }) {
                rows.append(("help", "Show the help of a command: '\(name) help COMMAND...'."))
            }
            sections.append("Commands:\n" + Self.columns(rows))
        }

        let optionRows = command.options.map(Self.row) + [("-h, --help", "Show this help.")]
        sections.append("Options:\n" + Self.columns(optionRows))

        if !command.examples.isEmpty {
            sections.append("Examples:\n" + command.examples.map { example in
                "  \(example.commandLine)\n      \(example.explanation)"
            }.joined(separator: "\n"))
        }

        if !subcommands.isEmpty {
            sections.append("Run '\(name) <command> --help' for the options of a command.")
        }
        return sections.joined(separator: "\n\n") + "\n"
    }

    /// `-t, --threads N` and `BLAS threads (from 1 to 64; default: 1).`.
    private static func row(_ option: OptionSpec) -> (String, String) {
        var label = option.short.map { "-\($0), " } ?? "    "
        label += option.displayName
        if !option.isFlag { label += " \(option.valueName)" }

        var notes: [String] = []
        if let note = option.valueType?.helpNote { notes.append(note) }
        switch option.kind {
        case .flag: break
        case let .single(_, defaultText?): notes.append("default: \(defaultText)")
        case .single: break
        case .repeatable: notes.append("repeatable")
        }
        return (label, annotate(option.help, notes))
    }

    /// `"BLAS threads."` and `["default: 1"]` -> `"BLAS threads (default: 1)."`
    private static func annotate(_ help: String, _ notes: [String]) -> String {
        guard !notes.isEmpty else { return help }
        let note = " (\(notes.joined(separator: "; ")))"
        return help.hasSuffix(".") ? help.dropLast() + note + "." : help + note
    }

    /// Two aligned columns, indented by two spaces.
    private static func columns(_ rows: [(String, String)]) -> String {
        let width = min(rows.map(\.0.count).max() ?? 0, maximumLabelWidth)
        return rows.map { label, text in
            if label.count > width {
                return "  \(label)\n  \(String(repeating: " ", count: width))  \(text)"
            }
            return "  \(label.padding(to: width))  \(text)"
        }.joined(separator: "\n")
    }
}

extension String {
    /// The string followed by spaces up to `width` characters.
    func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
