@testable import EmpowerCommandLine
import Testing

/// Parses `words` against the test tree and returns the arguments of the command they select.
func parsed(_ words: [String]) throws -> ParsedArguments {
    let invocation = try ArgumentParser(root: ToolRoot.self).parse(words)
    guard case let .run(_, arguments) = invocation else {
        Issue.record("expected a command to run for \(words)")
        throw DiskFull()
    }
    return arguments
}

@Suite("Parsing options")
struct OptionParsingTests {
    @Test("defaults fill options that were not given")
    func defaults() throws {
        let arguments = try parsed(["bench", "nn"])
        #expect(arguments.commandPath == ["tool", "bench", "nn"])
        #expect(arguments.flag("json") == false)
        #expect(arguments.int("threads") == 1)
        #expect(arguments.wasGiven("threads") == false)
        #expect(arguments.double("rate") == 0.5)
        #expect(arguments.choice("algorithm", as: Algorithm.self) == .sac)
        #expect(arguments.uint64("seed") == nil)
        #expect(arguments.string("label") == nil)
        #expect(arguments.keyValues("set").isEmpty)
    }

    @Test("an int option in every spelling", arguments: [
        ["--threads", "4"], ["--threads=4"], ["-t", "4"], ["-t4"], ["-t=4"],
    ])
    func intSpellings(words: [String]) throws {
        let arguments = try parsed(["bench", "nn"] + words)
        #expect(arguments.int("threads") == 4)
        #expect(arguments.wasGiven("threads"))
    }

    @Test("a flag")
    func flag() throws {
        #expect(try parsed(["bench", "nn", "--json"]).flag("json"))
    }

    @Test("uint64, double, choice, string and path values, separate and attached")
    func typedValues() throws {
        for form in [0, 1] {
            func option(_ name: String, _ value: String) -> [String] {
                form == 0 ? ["--\(name)", value] : ["--\(name)=\(value)"]
            }
            let arguments = try parsed(
                ["bench", "nn"] + option("seed", "18446744073709551615") + option("rate", "1e-3")
                    + option("algorithm", "ppo") + option("label", "a b=c") + option("output", "runs/x")
                    + option("offset", "-2.5"))
            #expect(arguments.uint64("seed") == UInt64.max)
            #expect(arguments.double("rate") == 0.001)
            #expect(arguments.double("offset") == -2.5)
            #expect(arguments.choice("algorithm", as: Algorithm.self) == .ppo)
            #expect(arguments.string("algorithm") == "ppo")
            #expect(arguments.string("label") == "a b=c")
            #expect(arguments.string("output") == "runs/x")
        }
    }

    @Test("a value starting with '-' can be attached with '='")
    func dashValue() throws {
        #expect(try parsed(["bench", "nn", "--label=-x"]).string("label") == "-x")
    }

    @Test("repeatable options keep every value in order, in both spellings")
    func repeatable() throws {
        let arguments = try parsed([
            "bench", "nn", "--set", "train.batch=128", "--set=env.id=PointMass-v0", "--tag", "a", "--tag=b",
            "--set", "empty=",
        ])
        let pairs = arguments.keyValues("set")
        #expect(pairs.map(\.key) == ["train.batch", "env.id", "empty"])
        #expect(pairs.map(\.value) == ["128", "PointMass-v0", ""])
        #expect(arguments.strings("tag") == ["a", "b"])
        #expect(arguments.strings("set") == ["train.batch=128", "env.id=PointMass-v0", "empty="])
    }
}

@Suite("Parsing positional arguments")
struct PositionalParsingTests {
    @Test("a variadic argument takes every positional word, options mixed in")
    func variadic() throws {
        let arguments = try parsed(["compare", "runs/a", "--json", "runs/b", "runs/c"])
        #expect(arguments.positionals("RUN_DIR") == ["runs/a", "runs/b", "runs/c"])
        #expect(arguments.flag("json"))
    }

    @Test("required then optional")
    func requiredAndOptional() throws {
        let one = try parsed(["render", "runs/a"])
        #expect(one.positional("RUN") == "runs/a")
        #expect(one.positional("SKILL") == nil)
        let two = try parsed(["render", "runs/a", "7"])
        #expect(two.positional("SKILL") == "7")
    }

    @Test("'--' ends the options: later words are positional even with dashes")
    func endOfOptions() throws {
        let arguments = try parsed(["compare", "--json", "--", "--json", "-t", "--help"])
        #expect(arguments.flag("json"))
        #expect(arguments.positionals("RUN_DIR") == ["--json", "-t", "--help"])
    }

    @Test("'-' alone and negative numbers are positional")
    func dashAndNegative() throws {
        #expect(try parsed(["compare", "-", "-3"]).positionals("RUN_DIR") == ["-", "-3"])
    }
}
