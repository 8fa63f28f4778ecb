import EmpowerBase

/// Collects the options of one command while the parser walks the words, then binds the
/// positional words and fills in defaults.
struct OptionCollector {
    let command: any CommandDefinition.Type
    let commandName: String
    private var values: [String: [ParsedValue]] = [:]
    private var given: [String] = []

    init(command: any CommandDefinition.Type, commandName: String) {
        self.command = command
        self.commandName = commandName
    }

    /// The first option written on the command line, as the user wrote its name.
    var firstGivenOption: String? { given.first.map { "--\($0)" } }

    /// Consumes the option at `words[index]` (and its value if separate), advancing `index`.
    mutating func consume(_ words: [String], at index: inout Int) throws(CommandLineError) {
        let word = words[index]
        index += 1
        let (spec, attached) = try lookUp(word)

        if spec.isFlag {
            if let attached { throw .flagWithValue(spec, attached, in: commandName) }
            if !given.contains(spec.name) { given.append(spec.name) }
            return
        }

        let text: String
        if let attached {
            text = attached
        } else if index < words.count, !ArgumentParser.isOption(words[index]) {
            text = words[index]
            index += 1
        } else {
            throw .missingValue(spec, in: commandName)
        }

        guard let type = spec.valueType else { return }
        let value: ParsedValue
        switch type.parse(text) {
        case let .success(parsed): value = parsed
        case let .failure(problem): throw .invalidValue(spec.displayName, text, problem, in: commandName)
        }
        if case .single = spec.kind, given.contains(spec.name) {
            throw .repeatedOption(spec, in: commandName)
        }
        if !given.contains(spec.name) { given.append(spec.name) }
        values[spec.name, default: []].append(value)
    }

    /// The declared option a word names, and the value attached to it (`--k=v`, `-kv`).
    private func lookUp(_ word: String) throws(CommandLineError) -> (OptionSpec, String?) {
        let options = command.options
        if word.hasPrefix("--") {
            let body = word.dropFirst(2)
            let name: Substring
            let attached: String?
            if let equals = body.firstIndex(of: "=") {
                name = body[..<equals]
                attached = String(body[body.index(after: equals)...])
            } else {
                name = body
                attached = nil
            }
            guard let spec = options.first(where: { $0.name == name }) else {
                let suggestion = closestMatch(to: "--" + name, in: options.map(\.displayName) + ["--help"])
                throw .unknownOption("--" + name, in: commandName, suggestion: suggestion)
            }
            return (spec, attached)
        }
        // `-threads` is `--threads` with a dash missing, not `-t hreads`.
        if options.contains(where: { "-" + $0.name == word }) {
            throw .unknownOption(word, in: commandName, suggestion: "-" + word)
        }
        // `-x`, `-xVALUE`.
        let letters = word.dropFirst()
        if let letter = letters.first, let spec = options.first(where: { $0.short == letter }) {
            let rest = letters.dropFirst()
            if rest.isEmpty { return (spec, nil) }
            if !spec.isFlag { return (spec, rest.hasPrefix("=") ? String(rest.dropFirst()) : String(rest)) }
        }
        // A near miss of a long name written with one dash (`-thread`).
        let suggestion = closestMatch(to: "-" + word, in: options.map(\.displayName) + ["--help"])
        throw .unknownOption(word, in: commandName, suggestion: suggestion)
    }

    /// Binds positional words to the declared arguments, fills defaults, and returns the result.
    func finish(path: [String], positionals words: [String]) throws(CommandLineError) -> ParsedArguments {
        let specs = command.arguments
        var positionalValues: [String: [String]] = [:]
        var next = 0
        for (position, spec) in specs.enumerated() {
            let remaining = words.count - next
            let take: Int
            switch spec.arity {
            case .required:
                guard remaining > 0 else { throw .missingArgument(spec, in: commandName) }
                take = 1
            case .optional:
                // Leave enough words for the required arguments that follow.
                let requiredAfter = specs[(position + 1)...].filter { $0.arity == .required }.count
                take = remaining > requiredAfter ? 1 : 0
            case let .variadic(minimum):
                guard remaining >= minimum else { throw .missingArgument(spec, in: commandName) }
                take = remaining
            }
            for word in words[next..<(next + take)] {
                if case let .failure(problem) = spec.type.parse(word) {
                    throw .invalidValue(spec.name, word, problem, in: commandName)
                }
            }
            positionalValues[spec.name] = Array(words[next..<(next + take)])
            next += take
        }
        if next < words.count {
            throw .unexpectedArgument(words[next], in: commandName, accepted: specs)
        }

        var values = values
        var specsByName: [String: OptionSpec] = [:]
        for spec in command.options {
            specsByName[spec.name] = spec
            guard values[spec.name] == nil, case let .single(type, defaultText?) = spec.kind else { continue }
            // A default path need not exist yet (the command reports that when it uses it);
            // anything else about a default is checked by CommandRunner.definitionProblems().
            switch type.ignoringExistence.parse(defaultText) {
            case let .success(value): values[spec.name] = [value]
            case let .failure(problem):
                preconditionFailure("the default of --\(spec.name) of '\(commandName)' must be \(problem.text)")
            }
        }
        return ParsedArguments(
            commandPath: path, options: specsByName, values: values, explicitlyGiven: Set(given),
            positionalSpecs: specs, positionalValues: positionalValues)
    }
}
