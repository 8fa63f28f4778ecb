@testable import EmpowerCommandLine
import Testing

/// The error `words` produce against the test tree.
func parseError(_ words: [String]) -> CommandLineError? {
    do {
        _ = try ArgumentParser(root: ToolRoot.self).parse(words)
        return nil
    } catch {
        return error
    }
}

@Suite("Usage errors: codes and messages")
struct UsageErrorTests {
    @Test("each mistake has its code and a message that names the problem", arguments: [
        (["bench", "nn", "--thread", "2"], CommandLineError.Code.unknownOption,
         "unknown option '--thread' for 'tool bench nn'; did you mean '--threads'?"),
        (["bench", "nn", "--verbose"], .unknownOption, "unknown option '--verbose' for 'tool bench nn'"),
        (["bench", "nn", "-threads", "2"], .unknownOption,
         "unknown option '-threads' for 'tool bench nn'; did you mean '--threads'?"),
        (["bench", "nn", "-x"], .unknownOption, "unknown option '-x' for 'tool bench nn'"),
        (["bench", "nn", "--hepl"], .unknownOption,
         "unknown option '--hepl' for 'tool bench nn'; did you mean '--help'?"),
        (["bench", "nn", "--threads"], .missingValue,
         "--threads needs a value N (an integer from 1 to 64); write '--threads VALUE' or '--threads=VALUE'"),
        (["bench", "nn", "--label", "--json"], .missingValue,
         "--label needs a value TEXT (text); write '--label VALUE' or '--label=VALUE'"),
        (["bench", "nn", "--threads", "x"], .invalidValue, "--threads must be an integer from 1 to 64, got 'x'"),
        (["bench", "nn", "--threads=65"], .invalidValue, "--threads must be an integer from 1 to 64, got '65'"),
        (["bench", "nn", "-t0"], .invalidValue, "--threads must be an integer from 1 to 64, got '0'"),
        (["bench", "nn", "--seed", "-1"], .invalidValue,
         "--seed must be a whole number from 0 to 18446744073709551615, got '-1'"),
        (["bench", "nn", "--rate", "1.5"], .invalidValue, "--rate must be a number from 0 to 1, got '1.5'"),
        (["bench", "nn", "--offset", "nan"], .invalidValue, "--offset must be a finite number, got 'nan'"),
        (["bench", "nn", "--algorithm", "sca"], .invalidValue,
         "--algorithm must be one of sac, ppo, got 'sca'; did you mean 'sac'?"),
        (["bench", "nn", "--algorithm", "dqn-rainbow"], .invalidValue,
         "--algorithm must be one of sac, ppo, got 'dqn-rainbow'"),
        (["bench", "nn", "--set", "novalue"], .invalidValue,
         "--set must be KEY=VALUE with a non-empty key, got 'novalue'"),
        (["bench", "nn", "--set", "=1"], .invalidValue, "--set must be KEY=VALUE with a non-empty key, got '=1'"),
        (["bench", "nn", "--json=yes"], .invalidValue,
         "--json is a flag and takes no value, got 'yes'; write just '--json'"),
        (["bench", "nn", "--threads", "2", "-t", "3"], .unexpectedArgument,
         "--threads was given more than once for 'tool bench nn'; give it once"),
        (["render", "run", "100"], .invalidValue, "SKILL must be an integer from 0 to 99, got '100'"),
        (["compare"], .missingArgument, "'tool compare' needs a RUN_DIR argument: Run directories."),
        (["render"], .missingArgument, "'tool render' needs a RUN argument: The run."),
        (["render", "a", "1", "2"], .unexpectedArgument,
         "unexpected argument '2' for 'tool render'; it takes RUN [SKILL]"),
        (["bench", "envs", "extra"], .unexpectedArgument,
         "unexpected argument 'extra' for 'tool bench envs'; it takes no positional arguments"),
        (["bench"], .missingSubcommand, "'tool bench' needs a subcommand"),
        (["bench", "--", "nn"], .unexpectedArgument,
         "unexpected argument '--' for 'tool bench'; it takes no positional arguments"),
    ])
    func mistakes(words: [String], code: CommandLineError.Code, message: String) throws {
        let error = try #require(parseError(words))
        #expect(error.code == code)
        #expect(error.message == message)
    }

    @Test("unknown subcommands get a suggestion at every level", arguments: [
        (["bnech"], "unknown command 'bnech' for 'tool'; did you mean 'bench'?"),
        (["bench", "nx"], "unknown command 'nx' for 'tool bench'; did you mean 'nn'?"),
        (["bench", "evns"], "unknown command 'evns' for 'tool bench'; did you mean 'envs'?"),
        (["hlep"], "unknown command 'hlep' for 'tool'; did you mean 'help'?"),
        (["help", "bench", "nx"], "unknown command 'nx' for 'tool bench'; did you mean 'nn'?"),
        (["help", "comprae"], "unknown command 'comprae' for 'tool'; did you mean 'compare'?"),
        (["bench", "zzzzzz"], "unknown command 'zzzzzz' for 'tool bench'; available: nn, envs"),
    ])
    func unknownCommands(words: [String], message: String) throws {
        let error = try #require(parseError(words))
        #expect(error.code == .unknownCommand)
        #expect(error.message == message)
    }

    @Test("the context names the command and the offending word")
    func context() throws {
        let error = try #require(parseError(["bench", "nn", "--threads", "x"]))
        #expect(error.context == ["command": "tool bench nn", "option": "--threads", "value": "x"])
        #expect(error.commandName == "tool bench nn")
        #expect(error.description.hasPrefix("invalid_value: --threads must be"))
    }

    @Test("a path that must exist is checked")
    func missingPath() throws {
        let type = ValueType.path(mustExist: true)
        guard case let .failure(problem) = type.parse("/no/such/empower/path") else {
            Issue.record("a missing path was accepted")
            return
        }
        #expect(problem.text == "an existing path, but nothing exists at '/no/such/empower/path'")
        guard case .success = type.parse("/") else {
            Issue.record("an existing path was rejected")
            return
        }
    }
}
