import EmpowerBase
import EmpowerTestSupport
import Testing
@testable import EmpowerTraining

private enum Features: String, ConfigurationChoice { case all, xy, object }

private struct SampleSAC: Codable, Sendable, Equatable {
    var learningRate: Float = 3e-4
    var batchSize = 256
    var hiddenSizes = [256, 256]
}

private struct SampleDIAYN: Codable, Sendable, Equatable {
    var features = Features.all
    var autoAlpha = false
}

private struct SampleConfiguration: Configuration, Equatable {
    var skills = 10
    var environment = "PointMass-v0"
    var seed: UInt64 = 0
    var sac = SampleSAC()
    var diayn = SampleDIAYN()
    var weights: [String: Float] = ["discovery": 1]
    var evaluationEpisodes: Int? = nil

    static var optionalKeyPaths: [String] { ["evaluation_episodes"] }
    static var freeFormKeyPaths: [String] { ["weights"] }

    func validate() throws(ConfigurationError) {
        try check(skills >= 2, field: "skills", value: skills, allowed: "an integer of at least 2")
        try check(sac.learningRate > 0, field: "sac.learning_rate", value: sac.learningRate, allowed: "a positive number")
    }
}

private func decodeError(_ json: String, overrides: [String] = []) -> ConfigurationError? {
    do {
        _ = try ConfigurationLoader.decode(SampleConfiguration.self, json: json, overrides: overrides, source: "test.json")
        return nil
    } catch {
        return error
    }
}

@Suite("Configuration loading")
struct ConfigurationLoadingTests {
    @Test func emptyObjectGivesTheDefaults() throws {
        let configuration = try ConfigurationLoader.decode(SampleConfiguration.self, json: "{}")
        #expect(configuration == SampleConfiguration())
    }

    @Test func partialFileKeepsOtherDefaultsInTheSameSection() throws {
        let configuration = try ConfigurationLoader.decode(
            SampleConfiguration.self, json: #"{"sac": {"batch_size": 64}, "diayn": {"features": "xy"}, "weights": {"reach": 0.5}}"#)
        #expect(configuration.sac.batchSize == 64)
        #expect(configuration.sac.learningRate == 3e-4)
        #expect(configuration.diayn.features == .xy)
        #expect(configuration.weights == ["discovery": 1, "reach": 0.5])
        #expect(configuration.evaluationEpisodes == nil)
    }

    @Test func unknownNestedKeySuggestsTheClosest() throws {
        let error = try #require(decodeError(#"{"sac": {"learning_rat": 0.001}}"#))
        #expect(error.code == .unknownKey)
        #expect(error.field == "sac.learning_rat")
        #expect(error.suggestion == "learning_rate")
        #expect(error.message.contains("in section 'sac' of test.json"))
    }

    @Test func unknownTopLevelKeyWithoutCloseMatchListsValidKeys() throws {
        let error = try #require(decodeError(#"{"zzzzzzzz": 1}"#))
        #expect(error.code == .unknownKey)
        #expect(error.suggestion == nil)
        #expect(error.message.contains("valid keys there: diayn, environment, evaluation_episodes, sac, seed, skills, weights"))
    }

    @Test func optionalAndFreeFormKeysAreAccepted() throws {
        let configuration = try ConfigurationLoader.decode(
            SampleConfiguration.self, json: #"{"evaluation_episodes": 5, "weights": {"anything_goes": 2}}"#)
        #expect(configuration.evaluationEpisodes == 5)
        #expect(configuration.weights["anything_goes"] == 2)
    }

    @Test func typeMismatchNamesFieldValueAndExpectedType() throws {
        let error = try #require(decodeError(#"{"sac": {"batch_size": "big"}}"#))
        #expect(error.code == .typeMismatch)
        #expect(error.field == "sac.batch_size")
        #expect(error.context["value"] == "\"big\"")
        #expect(error.context["allowed"] == "an integer")
        let section = try #require(decodeError(#"{"sac": 3}"#))
        #expect(section.code == .typeMismatch)
        #expect(section.field == "sac")
    }

    @Test func nullIsAMissingValue() throws {
        let error = try #require(decodeError(#"{"skills": null}"#))
        #expect(error.code == .missingValue)
        #expect(error.field == "skills")
    }

    @Test func invalidChoiceListsAllowedValuesAndSuggests() throws {
        let error = try #require(decodeError(#"{"diayn": {"features": "xz"}}"#))
        #expect(error.code == .invalidValue)
        #expect(error.field == "diayn.features")
        #expect(error.context["allowed"] == #"one of "all", "xy", "object""#)
        #expect(error.suggestion == "xy")
    }

    @Test func validationFailureNamesFieldValueAndRange() throws {
        let error = try #require(decodeError(#"{"sac": {"learning_rate": -0.001}}"#))
        #expect(error.code == .invalidValue)
        #expect(error.field == "sac.learning_rate")
        #expect(error.context["value"] == "-0.001")
        #expect(error.context["allowed"] == "a positive number")
    }

    @Test func syntaxErrorIsUnreadableWithLineAndColumn() throws {
        let error = try #require(decodeError("{\n  \"skills\": 10,\n  \"seed\" 3\n}"))
        #expect(error.code == .unreadableFile)
        #expect(error.context["line"] == "3")
        #expect(error.context["column"] == "10")
    }

    @Test func missingFileIsUnreadable() {
        do {
            _ = try ConfigurationLoader.load(SampleConfiguration.self, from: "/nonexistent/config.json")
            Issue.record("a missing file loaded")
        } catch {
            #expect(error.code == .unreadableFile)
            #expect(error.message.contains("/nonexistent/config.json"))
        }
    }
}

@Suite("Configuration overrides")
struct ConfigurationOverrideTests {
    @Test func overridesApplyOverTheFileAsJSONOrString() throws {
        let configuration = try ConfigurationLoader.decode(
            SampleConfiguration.self, json: #"{"skills": 5, "sac": {"batch_size": 64}}"#,
            overrides: ["sac.learning_rate=1e-3", "skills=20", "diayn.features=xy", "environment=Pendulum-v0",
                        "sac.hidden_sizes=[64,64,64]", "diayn.auto_alpha=true", "weights.safety=2", "seed=18446744073709551615"])
        #expect(configuration.skills == 20)
        #expect(configuration.sac.learningRate == 1e-3)
        #expect(configuration.sac.batchSize == 64)
        #expect(configuration.sac.hiddenSizes == [64, 64, 64])
        #expect(configuration.diayn.features == .xy)
        #expect(configuration.diayn.autoAlpha)
        #expect(configuration.environment == "Pendulum-v0")
        #expect(configuration.weights == ["discovery": 1, "safety": 2])
        #expect(configuration.seed == UInt64.max)
    }

    @Test func unknownOverridePathSuggests() throws {
        let error = try #require(decodeError("{}", overrides: ["sac.learnig_rate=1"]))
        #expect(error.code == .unknownKey)
        #expect(error.suggestion == "learning_rate")
        #expect(error.message.contains("--set sac.learnig_rate=1"))
        let top = try #require(decodeError("{}", overrides: ["skils=3"]))
        #expect(top.suggestion == "skills")
    }

    @Test func malformedAssignmentIsInvalid() throws {
        #expect(decodeError("{}", overrides: ["skills"])?.code == .invalidValue)
        #expect(decodeError("{}", overrides: ["=3"])?.code == .invalidValue)
        #expect(decodeError("{}", overrides: ["sac..batch_size=3"])?.code == .invalidValue)
    }

    @Test func overriddenValueIsStillValidated() throws {
        let error = try #require(decodeError("{}", overrides: ["skills=1"]))
        #expect(error.code == .invalidValue)
        #expect(error.field == "skills")
        let typed = try #require(decodeError("{}", overrides: ["skills=many"]))
        #expect(typed.code == .typeMismatch)
        #expect(typed.context["value"] == "\"many\"")
    }
}

@Suite("Resolved configuration")
struct ResolvedConfigurationTests {
    @Test func writesEveryDefaultSortedAndPretty() throws {
        let text = try ConfigurationLoader.resolvedJSON(SampleConfiguration())
        #expect(text == """
            {
              "diayn": {
                "auto_alpha": false,
                "features": "all"
              },
              "environment": "PointMass-v0",
              "evaluation_episodes": null,
              "sac": {
                "batch_size": 256,
                "hidden_sizes": [
                  256,
                  256
                ],
                "learning_rate": 0.0003
              },
              "seed": 0,
              "skills": 10,
              "weights": {
                "discovery": 1
              }
            }

            """)
    }

    @Test("the members of a free-form object keep their names both ways (no snake_case or camelCase conversion)")
    func freeFormNamesAreKept() throws {
        let loaded = try ConfigurationLoader.decode(SampleConfiguration.self, json: #"{"weights": {"info.box_moved": 2, "stayLow": 1}}"#)
        #expect(loaded.weights == ["discovery": 1, "info.box_moved": 2, "stayLow": 1])
        let text = try ConfigurationLoader.resolvedJSON(loaded)
        #expect(text.contains(#""info.box_moved": 2"#) && text.contains(#""stayLow": 1"#))
        #expect(try ConfigurationLoader.decode(SampleConfiguration.self, json: text) == loaded)
        let overridden = try ConfigurationLoader.decode(SampleConfiguration.self, json: "{}", overrides: ["weights.reach_far=0.5"])
        #expect(overridden.weights == ["discovery": 1, "reach_far": 0.5])
    }

    @Test func writtenFileLoadsBackEqual() throws {
        let directory = try TemporaryDirectory(prefix: "empower-training-test")
        defer { directory.remove() }
        var original = SampleConfiguration()
        original.sac.learningRate = 1e-3
        original.diayn.features = .object
        original.evaluationEpisodes = 3
        try ConfigurationLoader.write(original, to: directory.file("config.json"))
        let loaded = try ConfigurationLoader.load(SampleConfiguration.self, from: directory.file("config.json"))
        #expect(loaded == original)
    }
}

@Suite("JSONTree")
struct JSONTreeTests {
    @Test func parsesAndRendersKeepingOrderAndNumberText() throws {
        let text = #"{"b":[1,2.50,-3e-4,true,null],"a":{"s":"q\"\\\u00e9\n"}}"#
        let tree = try JSONTree.parse(text)
        #expect(tree["b"] == .array([.number("1"), .number("2.50"), .number("-3e-4"), .bool(true), .null]))
        #expect(tree["a"]?["s"] == .string("q\"\\é\n"))
        #expect(tree.rendered() == #"{"b":[1,2.50,-3e-4,true,null],"a":{"s":"q\"\\é\n"}}"#)
    }

    @Test(arguments: ["", "{", "[1,]", "01", "{\"a\" 1}", "\"unterminated", "tru", "1 2", "{\"a\":1,}", "\"\\x\""])
    func rejectsInvalidJSON(text: String) {
        #expect(throws: JSONSyntaxError.self) { try JSONTree.parse(text) }
    }
}
