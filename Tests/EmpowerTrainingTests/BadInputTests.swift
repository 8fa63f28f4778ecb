import EmpowerBase
import EmpowerNN
import EmpowerTestSupport
import Testing
@testable import EmpowerTraining

/// A place in a JSON tree: object keys and array indices.
private enum Step: Hashable { case key(String), index(Int) }

/// Every leaf (not an object or array, or an empty one) of `tree`, by its path.
private func leaves(of tree: JSONTree, at path: [Step] = []) -> [[Step]] {
    switch tree {
    case let .object(members) where !members.isEmpty:
        return members.flatMap { leaves(of: $0.value, at: path + [.key($0.key)]) }
    case let .array(elements) where !elements.isEmpty:
        return elements.indices.flatMap { leaves(of: elements[$0], at: path + [.index($0)]) }
    default:
        return [path]
    }
}

private func value(in tree: JSONTree, at path: [Step]) -> JSONTree? {
    var node: JSONTree? = tree
    for step in path {
        switch (step, node) {
        case let (.key(key), .object(members)?): node = members.last { $0.key == key }?.value
        case let (.index(index), .array(elements)?): node = index < elements.count ? elements[index] : nil
        default: return nil
        }
    }
    return node
}

/// `tree` with the value at `path` replaced.
private func replacing(_ path: ArraySlice<Step>, in tree: JSONTree, with replacement: JSONTree) -> JSONTree {
    guard let first = path.first else { return replacement }
    switch (first, tree) {
    case let (.key(key), .object(members)):
        return .object(members.map { ($0.key, $0.key == key ? replacing(path.dropFirst(), in: $0.value, with: replacement) : $0.value) })
    case let (.index(index), .array(elements)):
        var copy = elements
        if index < copy.count { copy[index] = replacing(path.dropFirst(), in: copy[index], with: replacement) }
        return .array(copy)
    default:
        return tree
    }
}

/// The dotted field of a path, as configuration errors name it (array indices dropped).
private func field(_ path: [Step]) -> String {
    path.compactMap { if case let .key(key) = $0 { key } else { nil } }.joined(separator: ".")
}

private func loadError(_ text: String, overrides: [String] = []) -> ConfigurationError? {
    do {
        _ = try ConfigurationLoader.decode(TrainingConfiguration.self, json: text, overrides: overrides, source: "fuzz.json")
        return nil
    } catch {
        return error
    }
}

/// The resolved configuration of `algorithm` with its defaults: a valid input to mutate.
private func resolvedText(_ algorithm: TrainingAlgorithm) throws -> String {
    var configuration = TrainingConfiguration()
    configuration.algorithm = algorithm
    configuration.slim.channels = ["discovery": 1, "reach": 0.5]
    return try ConfigurationLoader.resolvedJSON(configuration)
}

@Suite("Bad configurations: every field, every number, every source")
struct ConfigurationBadInputTests {
    @Test("null in any field that is not optional is an error naming the field; optional fields take null as 'none'")
    func nullEverywhere() throws {
        let text = try resolvedText(.diayn)
        let tree = try JSONTree.parse(text)
        let optional = Set(TrainingConfiguration.optionalKeyPaths)
        var checked = 0
        for path in leaves(of: tree) where !path.isEmpty {
            let name = field(path)
            // A free-form object's members (environment_arguments, slim.channels) are the user's.
            if TrainingConfiguration.freeFormKeyPaths.contains(where: { name.hasPrefix($0 + ".") }) { continue }
            let mutated = replacing(path[...], in: tree, with: .null).rendered()
            let error = loadError(mutated)
            if optional.contains(name) {
                #expect(error == nil, "\(name): null should mean 'none': \(String(describing: error))")
                continue
            }
            let failure = try #require(error, "\(name) = null was accepted")
            #expect(failure.code == .missingValue || failure.code == .typeMismatch, "\(name): \(failure)")
            #expect(failure.context["field"]?.hasPrefix(name) == true, "\(name): \(failure)")
            #expect(failure.message.contains("null"), "\(name): \(failure)")
            checked += 1
        }
        #expect(checked > 60)
    }

    @Test("a number that does not fit its field names the field, the value and the range, in a short message")
    func numbersOutOfRange() throws {
        let text = try resolvedText(.slim)
        let tree = try JSONTree.parse(text)
        let kinds = ConfigurationNumber.fields(of: TrainingConfiguration())
        #expect(kinds["steps"] == .signed(Int64.min, Int64.max) && kinds["seed"] == .unsigned(UInt64.max))
        #expect(kinds["sac.learning_rate"] == .float && kinds["slim.channels"] == .float && kinds["sac.hidden_sizes"] == .signed(Int64.min, Int64.max))
        var checked = 0
        for path in leaves(of: tree) {
            guard case .number? = value(in: tree, at: path) else { continue }
            let name = field(path)
            let kind = try #require(kinds[name] ?? kinds[String(name.split(separator: ".").dropLast().joined(separator: "."))], "\(name) has no number kind")
            let unfit: [String] = switch kind {
            case .signed: ["2.5", "1e308", "1e400", "-1e400", "9223372036854775808"]
            case .unsigned: ["-1", "18446744073709551616", "0.5", "1e400"]
            case .float: ["1e39", "-1e39", "1e400"]
            case .double: ["1e400", "-1e400"]
            }
            for number in unfit {
                let mutated = replacing(path[...], in: tree, with: .number(number)).rendered()
                let error = try #require(loadError(mutated), "\(name) = \(number) was accepted")
                #expect(error.code == .invalidValue, "\(name) = \(number): \(error)")
                #expect(error.context["field"]?.hasPrefix(name) == true && error.context["value"] == number, "\(name) = \(number): \(error)")
                #expect(error.context["allowed"] == kind.allowed && error.message.contains("fuzz.json"), "\(name) = \(number): \(error)")
                #expect(error.message.count < 300, "\(name) = \(number): a long message: \(error.message)")
                checked += 1
            }
            // What the decoder takes for the field is still taken: a whole number written with
            // an exponent for an integer, any finite number for a float.
            if case .signed = kind, name == "steps" { #expect(loadError(replacing(path[...], in: tree, with: .number("1e3")).rendered()) == nil) }
        }
        #expect(checked > 100)
    }

    @Test("a field set with --set is named with the --set that set it")
    func setIsTheSource() throws {
        let cases: [(String, ConfigurationErrorCode, String)] = [
            ("sac.learning_rate=fast", .typeMismatch, "sac.learning_rate"),
            ("sac.learning_rate=null", .missingValue, "sac.learning_rate"),
            ("steps=1e308", .invalidValue, "steps"),
            ("slim.channels={\"discovery\":1e39}", .invalidValue, "slim.channels.discovery"),
            ("sac.hidden_sizes=[64,2.5]", .invalidValue, "sac.hidden_sizes[1]"),
        ]
        for (assignment, code, name) in cases {
            let error = try #require(loadError("{}", overrides: [assignment]), "\(assignment) was accepted")
            #expect(error.code == code && error.context["field"] == name, "\(assignment): \(error)")
            #expect(error.message.contains("--set \(assignment)") && !error.message.contains("defaults"), "\(assignment): \(error.message)")
        }
        // The file stays the source of what it set, beside a --set of another field.
        let error = try #require(loadError(#"{"seed": -1}"#, overrides: ["steps=100"]))
        #expect(error.context["field"] == "seed" && error.message.contains("fuzz.json"), "\(error)")
    }

    @Test("a few thousand seeded mutations of valid configurations: no crash, no hang, every rejection names a field or a file")
    func fuzzConfigurations() throws {
        let texts = try [resolvedText(.diayn), resolvedText(.slim), resolvedText(.metra), resolvedText(.masd)]
        var generator = Xoshiro256(seed: 0xF022)
        let numbers = ["1e308", "1e400", "-1e400", "NaN", "Infinity", "-0", "18446744073709551616", "-9223372036854775809", "1e-400", "2.5", "0", "-1", "4097"]
        let swaps: [JSONTree] = [.null, .bool(true), .string("x"), .string(""), .number("7"), .array([]), .object([]), .array([.number("1"), .string("a")])]
        var accepted = 0, rejected = 0
        for case_ in 0..<3000 {
            let text = texts[case_ % texts.count]
            let tree = try JSONTree.parse(text)
            let paths = leaves(of: tree)
            let path = paths[Int(generator.next() % UInt64(paths.count))]
            var bytes = Array(text.utf8)
            let mutated: String
            switch case_ / texts.count % 8 {
            case 0:  // truncation
                mutated = String(decoding: bytes.prefix(Int(generator.next() % UInt64(bytes.count))), as: UTF8.self)
            case 1:  // byte flips
                for _ in 0..<(1 + Int(generator.next() % 3)) {
                    let index = Int(generator.next() % UInt64(bytes.count))
                    bytes[index] ^= UInt8(1 << (generator.next() % 8))
                }
                mutated = String(decoding: bytes, as: UTF8.self)
            case 2:  // type swaps
                mutated = replacing(path[...], in: tree, with: swaps[Int(generator.next() % UInt64(swaps.count))]).rendered()
            case 3:  // huge and non-finite numbers
                mutated = replacing(path[...], in: tree, with: .number(numbers[Int(generator.next() % UInt64(numbers.count))])).rendered()
            case 4:  // nulls
                mutated = replacing(path[...], in: tree, with: .null).rendered()
            case 5:  // deep nesting
                let depth = 1 + Int(generator.next() % 1200)
                let nested = (0..<depth).reduce(JSONTree.number("1")) { inner, _ in generator.next() % 2 == 0 ? .array([inner]) : .object([("a", inner)]) }
                mutated = replacing(path[...], in: tree, with: nested).rendered()
            case 6:  // unknown and duplicated keys
                let key = generator.next() % 2 == 0 ? "learning_rat" : field(path).split(separator: ".").last.map(String.init) ?? "seed"
                mutated = "{\"\(key)\": 1, " + text.dropFirst()
            default:  // garbage inserted
                let index = Int(generator.next() % UInt64(bytes.count))
                bytes.insert(contentsOf: Array("\u{0}{[\"\\u12".utf8).prefix(1 + Int(generator.next() % 6)), at: index)
                mutated = String(decoding: bytes, as: UTF8.self)
            }
            let clock = ContinuousClock()
            let started = clock.now
            do {
                let configuration = try ConfigurationLoader.decode(TrainingConfiguration.self, json: mutated, source: "fuzz.json")
                // Accepted: it is valid and writes out again.
                try configuration.validate()
                _ = try ConfigurationLoader.resolvedJSON(configuration)
                accepted += 1
            } catch {
                let named = error.context["field"] ?? error.context["path"]
                #expect(named?.isEmpty == false, "case \(case_): the rejection names neither a field nor a file: \(error)")
                #expect(error.message.count < 2000, "case \(case_): a long message: \(error.message.prefix(600))...")
                rejected += 1
            }
            // Not a speed measure: a bound far above any normal case, so a hang is a failure.
            #expect(clock.now - started < .seconds(10), "case \(case_) took \(clock.now - started)")
        }
        #expect(accepted > 100 && rejected > 1500, "accepted \(accepted), rejected \(rejected)")
    }
}

@Suite("Bad checkpoints and run directories")
struct CheckpointBadInputTests {
    @Test("a few thousand seeded mutations of a checkpoint file: each loads or is refused naming the file")
    func fuzzCheckpointFiles() throws {
        let directory = try TemporaryDirectory(prefix: "empower-checkpoint-fuzz")
        defer { directory.remove() }
        let store = try CheckpointStore(directory: directory.file("checkpoints"), keep: 1)
        let metadata = Array(#"{"format":3,"step":300,"generators":{"policy":[1,2,3,4]}}"#.utf8)
        try store.save(step: 300, tensors: [("actor.0.weight", Tensor([1, 2, 3, 4])), ("counters", IntegerTensor.encode([300, 7]))], metadata: metadata)
        let path = store.path(forStep: 300)
        let original = try AtomicFile.read(path)
        var generator = Xoshiro256(seed: 0xC4EC)
        var loaded = 0
        for case_ in 0..<3000 {
            var bytes = original
            switch case_ % 5 {
            case 0: bytes = Array(bytes.prefix(Int(generator.next() % UInt64(bytes.count))))
            case 1: bytes[Int(generator.next() % UInt64(bytes.count))] ^= UInt8(1 << (generator.next() % 8))
            case 2:  // a 4- or 8-byte field set to a huge value
                let index = Int(generator.next() % UInt64(bytes.count - 8))
                for i in 0..<(generator.next() % 2 == 0 ? 4 : 8) { bytes[index + i] = 0xFF }
            case 3: bytes.insert(contentsOf: (0..<(1 + generator.next() % 16)).map { _ in UInt8(generator.next() & 0xFF) }, at: Int(generator.next() % UInt64(bytes.count)))
            default: bytes = (0..<Int(generator.next() % 64)).map { _ in UInt8(generator.next() & 0xFF) }
            }
            try AtomicFile.write(bytes, to: path)
            do {
                _ = try CheckpointStore.read(path: path, step: 300)
                loaded += 1
            } catch {
                #expect(error.context["path"] == path, "case \(case_): \(error)")
            }
        }
        // A checksum guards every byte: a mutation that still loads is a lucky one.
        #expect(loaded < 10)
    }

    @Test("a checkpoint of another run or configuration is refused naming the file, the seed or the identity", .enabled(if: isOptimizedBuild, "trains small runs"))
    func foreignCheckpoints() throws {
        let directory = try TemporaryDirectory(prefix: "empower-foreign-checkpoint")
        defer { directory.remove() }
        func train(seed: UInt64, learningRate: Float = 3e-4) throws -> RunDirectory {
            var configuration = TrainingConfiguration()
            configuration.steps = 200
            configuration.seed = seed
            configuration.checkpointInterval = 100
            configuration.sac.hiddenSizes = [16, 16]
            configuration.diayn.hiddenSizes = [16, 16]
            configuration.sac.warmupSteps = 50
            configuration.sac.learningRate = learningRate
            configuration.evaluationInterval = 0
            let run = try RunDirectory(path: directory.file("run-\(seed)-\(learningRate)"), create: true)
            try ConfigurationLoader.write(configuration, to: run.configPath)
            _ = try Trainers.make(configuration: configuration, catalog: try trainingCatalog(), runDirectory: run).train(until: nil, stop: nil, progress: nil)
            return run
        }
        let first = try train(seed: 1), second = try train(seed: 2), third = try train(seed: 1, learningRate: 1e-3)
        func transplant(_ source: RunDirectory, into target: RunDirectory) throws {
            for name in try FileSystem.contents(of: target.checkpointsPath) { try FileSystem.remove(FileSystem.join(target.checkpointsPath, name)) }
            for name in try FileSystem.contents(of: source.checkpointsPath) {
                try AtomicFile.write(try AtomicFile.read(FileSystem.join(source.checkpointsPath, name)), to: FileSystem.join(target.checkpointsPath, name))
            }
        }
        try transplant(first, into: second)
        do {
            _ = try Trainers.open(runDirectory: second, catalog: try trainingCatalog())
            Issue.record("a checkpoint of seed 1 was opened by the run of seed 2")
        } catch let error as TrainingError {
            #expect(error.code == .foreignCheckpoint && error.message.contains("seed 1") && error.message.contains("seed 2"), "\(error)")
            #expect(error.context["path"]?.hasSuffix("step-000000200.ckpt") == true, "\(error)")
        }
        try transplant(first, into: third)
        do {
            _ = try Trainers.open(runDirectory: third, catalog: try trainingCatalog())
            Issue.record("a checkpoint of another configuration was opened")
        } catch let error as TrainingError {
            #expect(error.code == .foreignCheckpoint && error.message.contains("another configuration"), "\(error)")
        }
        // Changing what may change (how it logs and checkpoints) keeps the run's identity.
        var configuration = try ConfigurationLoader.load(TrainingConfiguration.self, from: first.configPath)
        configuration.checkpointInterval = 50
        configuration.logInterval = 50
        try ConfigurationLoader.write(configuration, to: first.configPath)
        #expect(try Trainers.open(runDirectory: first, catalog: try trainingCatalog()).step == 200)
    }

    @Test("mutated checkpoint metadata (valid checksum) is restored or refused naming the file, never half-restored", .enabled(if: isOptimizedBuild, "trains a small run"))
    func fuzzCheckpointMetadata() throws {
        let directory = try TemporaryDirectory(prefix: "empower-metadata-fuzz")
        defer { directory.remove() }
        var configuration = TrainingConfiguration()
        configuration.steps = 150
        configuration.checkpointInterval = 150
        configuration.sac.hiddenSizes = [8, 8]
        configuration.diayn.hiddenSizes = [8, 8]
        configuration.sac.warmupSteps = 50
        configuration.evaluationInterval = 0
        let run = try RunDirectory(path: directory.file("run"), create: true)
        try ConfigurationLoader.write(configuration, to: run.configPath)
        _ = try Trainers.make(configuration: configuration, catalog: try trainingCatalog(), runDirectory: run).train(until: nil, stop: nil, progress: nil)
        let store = try CheckpointStore(directory: run.checkpointsPath, keep: 1)
        let checkpoint = try #require(try store.latest())
        let tensors = checkpoint.orderedNames.map { ($0, checkpoint.tensors[$0]!) }
        let tree = try JSONTree.parse(checkpoint.metadataText)
        let paths = leaves(of: tree)
        let swaps: [JSONTree] = [.null, .bool(false), .string("x"), .number("-1"), .number("1e400"), .number("18446744073709551615"), .array([]), .object([])]
        var generator = Xoshiro256(seed: 0x3E7A)
        var refused = 0
        for case_ in 0..<300 {
            let path = paths[Int(generator.next() % UInt64(paths.count))]
            let mutated = case_ % 10 == 9
                ? String(checkpoint.metadataText.prefix(Int(generator.next() % UInt64(checkpoint.metadataText.utf8.count))))
                : replacing(path[...], in: tree, with: swaps[Int(generator.next() % UInt64(swaps.count))]).rendered()
            try store.save(step: checkpoint.step, tensors: tensors, metadata: Array(mutated.utf8))
            do {
                let trainer = try Trainers.open(runDirectory: run, catalog: try trainingCatalog())
                // Accepted (a mutation the state does not depend on): the trainer works.
                #expect(trainer.step == checkpoint.step, "case \(case_)")
            } catch let error as TrainingError {
                #expect(error.context["path"] == store.path(forStep: checkpoint.step), "case \(case_) (\(field(path))): \(error)")
                refused += 1
            }
        }
        #expect(refused > 150)
    }

    @Test("an empty or blank run directory path is refused before anything is written")
    func blankRunDirectory() throws {
        for path in ["", " ", "\t\n"] {
            #expect(throws: RunDirectoryError.self) { try RunDirectory(path: path, create: true) }
            do {
                _ = try RunDirectory(path: path, create: true)
            } catch {
                #expect(error.code == .invalidPath, "\(error)")
            }
        }
        #expect(FileSystem.join("", "config.json") == "config.json")
    }

    @Test("opening a directory that is not a run creates nothing in it")
    func notARunStaysUntouched() throws {
        let directory = try TemporaryDirectory(prefix: "empower-not-a-run")
        defer { directory.remove() }
        do {
            _ = try RunDirectory(path: directory.path, create: false)
            Issue.record("a directory without config.json opened as a run")
        } catch {
            #expect(error.code == .notARun, "\(error)")
        }
        #expect(try FileSystem.contents(of: directory.path).isEmpty)
    }

    @Test("checkpoints/ replaced by a file is named as such, not as a run that never checkpointed")
    func checkpointsIsAFile() throws {
        let directory = try TemporaryDirectory(prefix: "empower-checkpoints-file")
        defer { directory.remove() }
        let run = try RunDirectory(path: directory.file("run"), create: true)
        try ConfigurationLoader.write(TrainingConfiguration(), to: run.configPath)
        try FileSystem.removeTree(run.checkpointsPath)
        try directory.write("not a directory", to: "run/checkpoints")
        do {
            _ = try Trainers.open(runDirectory: run, catalog: try trainingCatalog())
            Issue.record("a run whose checkpoints/ is a file opened")
        } catch let error as CheckpointError {
            #expect(error.message.contains("a file of that name is in the way") && !error.message.contains("first checkpoint"), "\(error)")
        }
    }
}
