import EmpowerBase
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Loads, overrides, validates and writes ``Configuration``s.
///
/// Loading a file goes through a JSON tree before `JSONDecoder`, because the decoder silently
/// ignores keys it does not know, and a typo (`learning_rat`) must not run a week-long
/// experiment with the default. The steps:
///
/// 1. Encode `C()` to get the defaults tree: its keys, at every level, are the valid keys.
/// 2. Parse the file into a tree; every key must exist in the defaults at the same level
///    (or be listed in ``Configuration/optionalKeyPaths`` / under a
///    ``Configuration/freeFormKeyPaths`` object), else `.unknownKey` with a "did you mean".
/// 3. Apply `--set path=value` overrides (`sac.learning_rate=1e-3`, `skills=20`,
///    `diayn.features=xy`): the value is parsed as JSON when it is valid JSON, else taken as a
///    string; the path is checked like a file key.
/// 4. Merge the result over the defaults with the setup's presets applied
///    (``Configuration/presets(for:)``; objects member by member), rename its keys from
///    JSON's snake_case to Swift's camelCase (``ConfigurationKeys``; the members of free-form
///    objects keep their names), decode with `JSONDecoder`, translating its errors into
///    ``ConfigurationError``s that name the field.
/// 5. Call ``Configuration/validate()``.
///
/// ```swift
/// var configuration = try ConfigurationLoader.load(DIAYNConfiguration.self, from: path, overrides: ["skills=20"])
/// try ConfigurationLoader.write(configuration, to: run.configPath)   // every default written out
/// ```
public enum ConfigurationLoader {
    /// The configuration in the file at `path` (or the defaults when `path` is nil), with
    /// `overrides` applied, decoded and validated. `path` must be a regular file unless
    /// `allowingSpecialFiles` (a file the user named, which may be a pipe: `--config <(...)`).
    /// - Throws: ``ConfigurationError``: `.unreadableFile` (missing file, invalid JSON, with the
    ///   line and column), `.unknownKey`, `.typeMismatch`, `.missingValue`, `.invalidValue`.
    public static func load<C: Configuration>(_ type: C.Type, from path: String?, overrides: [String] = [], allowingSpecialFiles: Bool = false) throws(ConfigurationError) -> C {
        guard let path else { return try decode(type, json: "{}", overrides: overrides, source: "the defaults") }
        let bytes: [UInt8]
        do {
            bytes = try AtomicFile.read(path, allowingSpecialFiles: allowingSpecialFiles)
        } catch {
            throw ConfigurationError(.unreadableFile, "cannot read configuration file '\(path)': \(error.message)", context: ["path": path])
        }
        return try decode(type, json: String(decoding: bytes, as: UTF8.self), overrides: overrides, source: path)
    }

    /// The configuration in JSON `text` (see ``load(_:from:overrides:)``).
    /// - Parameter source: names the text in messages (a path, "--config").
    public static func decode<C: Configuration>(_ type: C.Type, json text: String, overrides: [String] = [], source: String = "the configuration") throws(ConfigurationError) -> C {
        let defaults = try defaultsTree(type)
        var tree: JSONTree
        do {
            tree = try JSONTree.parse(text)
        } catch {
            throw ConfigurationError(.unreadableFile, "\(source) is not valid JSON: \(error.description); fix the syntax there",
                                     context: ["path": source, "line": "\(error.line)", "column": "\(error.column)"])
        }
        guard case .object = tree else {
            throw ConfigurationError(.typeMismatch, "\(source) must hold a JSON object ({ ... }), found \(tree.kindDescription)", context: ["path": source])
        }
        let schema = Schema(defaults: defaults, optional: Set(C.optionalKeyPaths), freeForm: Set(C.freeFormKeyPaths))
        tree = try renamingOldKeys(tree, C.renamedKeyPaths, source: source)
        try schema.checkKeys(tree, path: [], source: source)
        // Where each field was last written: messages name `--set` for overridden fields.
        var overridden: [String: String] = [:]
        for given in overrides {
            var assignment = given
            for (old, new) in C.renamedKeyPaths where assignment.hasPrefix(old + "=") {
                assignment = new + assignment.dropFirst(old.count)
            }
            let field = try applyOverride(assignment, to: &tree, schema: schema)
            overridden = overridden.filter { !$0.key.hasPrefix(field + ".") }
            overridden[field] = assignment
        }
        func origin(_ field: String) -> String {
            var prefix = field
            while true {
                if let assignment = overridden[prefix] { return "--set \(assignment)" }
                guard let dot = prefix.lastIndex(of: ".") else { return source }
                prefix = String(prefix[..<dot])
            }
        }
        try checkNumbers(tree, fields: ConfigurationNumber.fields(of: C())) { "in \(origin($0))" }
        // The setup's presets go over the defaults, under everything the user wrote.
        var base = defaults
        if case let .object(members) = merge(tree, over: defaults) {
            var choices: [String: String] = [:]
            for (key, value) in members { if case let .string(text) = value { choices[key] = text } }
            for assignment in C.presets(for: choices) { try applyOverride(assignment, to: &base, schema: schema) }
        }
        let merged = renamingKeys(merge(tree, over: base), toSnakeCase: false, freeForm: schema.freeForm)
        let configuration: C
        do {
            configuration = try JSONDecoder().decode(C.self, from: Data(merged.rendered().utf8))
        } catch let error as ConfigurationError {
            throw error
        } catch let issue as ConfigurationIssue {
            throw ConfigurationError(issue)
        } catch let error as DecodingError {
            throw translate(error, tree: merged, source: origin)
        } catch {
            throw ConfigurationError(.invalidValue, "\(source) cannot be decoded: \(error)", context: ["path": source])
        }
        try configuration.validate()
        return configuration
    }

    /// The resolved configuration as pretty JSON with sorted keys and every field written out,
    /// optional ones as null (two-space indentation, a final newline): what goes into a run's
    /// `config.json`. Fields the configuration says do not apply
    /// (``Configuration/inapplicableKeyPaths``) are left out.
    public static func resolvedJSON<C: Configuration>(_ configuration: C) throws(ConfigurationError) -> String {
        try resolvedTree(configuration).rendered(pretty: true, sortedKeys: true) + "\n"
    }

    /// The tree ``resolvedJSON(_:)`` renders.
    static func resolvedTree<C: Configuration>(_ configuration: C) throws(ConfigurationError) -> JSONTree {
        var resolved = try tree(of: configuration)
        for path in C.optionalKeyPaths {
            let components = path.split(separator: ".").map(String.init)
            var node: JSONTree? = resolved
            for key in components { node = node?[key] }
            if node == nil { resolved = setting(.null, at: components[...], in: resolved) }
        }
        for path in configuration.inapplicableKeyPaths {
            resolved = removing(path.split(separator: ".").map(String.init)[...], from: resolved)
        }
        return resolved
    }

    /// Writes ``resolvedJSON(_:)`` to `path` atomically.
    public static func write(_ configuration: some Configuration, to path: String) throws(ConfigurationError) {
        let text = try resolvedJSON(configuration)
        do {
            try AtomicFile.write(Array(text.utf8), to: path)
        } catch {
            throw ConfigurationError(.unreadableFile, "cannot write the resolved configuration: \(error.message)", context: ["path": path])
        }
    }

    /// The fields a run may change in its `config.json` and still be the same run: how long it
    /// trains and how it logs, checkpoints and evaluates along the way, and its thread count.
    public static let identityExcludedFields = [
        "steps", "threads", "log_interval", "checkpoint_interval", "keep_checkpoints", "evaluation_interval", "evaluation_episodes",
    ]

    /// The identity of a run's configuration: 16 hexadecimal digits of a 64-bit FNV-1a hash of
    /// its resolved JSON (``resolvedJSON(_:)``, so what `config.json` holds; compact) without
    /// ``identityExcludedFields``. Checkpoints carry it, so a checkpoint of another run is
    /// recognised.
    public static func identity<C: Configuration>(of configuration: C) throws(ConfigurationError) -> String {
        identity(ofResolved: try resolvedTree(configuration))
    }

    /// The identity a `config.json` written by ``write(_:to:)`` had when it was written: the
    /// same hash over the file's own tree. A run started by an older version, whose file lacks
    /// fields added since, keeps the identity its checkpoints carry. Nil when the text is not
    /// JSON.
    public static func identity(ofFile text: String) -> String? {
        guard let tree = try? JSONTree.parse(text) else { return nil }
        return identity(ofResolved: tree)
    }

    static func identity(ofResolved tree: JSONTree) -> String {
        var resolved = tree
        for field in identityExcludedFields { resolved = removing([field][...], from: resolved) }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in resolved.rendered(sortedKeys: true).utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    // MARK: Internals

    static func defaultsTree<C: Configuration>(_ type: C.Type) throws(ConfigurationError) -> JSONTree {
        try tree(of: C())
    }

    /// `value` encoded, its keys in snake_case.
    static func tree<C: Configuration>(of value: C) throws(ConfigurationError) -> JSONTree {
        do {
            let data = try JSONEncoder().encode(value)
            return renamingKeys(try JSONTree.parse(String(decoding: data, as: UTF8.self)), toSnakeCase: true, freeForm: Set(C.freeFormKeyPaths))
        } catch let error as EncodingError {
            if case let .invalidValue(value, context) = error {
                let field = dottedPath(context.codingPath)
                throw ConfigurationError.invalidValue(field: field, value: "\(value)", allowed: "a finite number (JSON has no NaN or infinity)")
            }
            throw ConfigurationError(.invalidValue, "the configuration cannot be encoded: \(error)")
        } catch {
            throw ConfigurationError(.invalidValue, "the configuration cannot be encoded: \(error)")
        }
    }

    /// `tree` with each field of an older version (``Configuration/renamedKeyPaths``) moved to
    /// its new name.
    /// - Throws: ``ConfigurationError`` `.invalidValue` when a file gives both names.
    static func renamingOldKeys(_ tree: JSONTree, _ renamed: [String: String], source: String) throws(ConfigurationError) -> JSONTree {
        var tree = tree
        for (old, new) in renamed.sorted(by: { $0.key < $1.key }) {
            let oldPath = old.split(separator: ".").map(String.init), newPath = new.split(separator: ".").map(String.init)
            var value: JSONTree? = tree
            for key in oldPath { value = value?[key] }
            guard let value else { continue }
            var existing: JSONTree? = tree
            for key in newPath { existing = existing?[key] }
            if existing != nil {
                throw ConfigurationError(.invalidValue, "\(source) gives both \(old) and \(new), which is its new name; keep only \(new)",
                                         context: ["field": new, "path": source])
            }
            tree = setting(value, at: newPath[...], in: removing(oldPath[...], from: tree))
        }
        return tree
    }

    /// `a.b.c=value` applied to `tree`; returns the field (`a.b.c`).
    @discardableResult
    static func applyOverride(_ assignment: String, to tree: inout JSONTree, schema: Schema) throws(ConfigurationError) -> String {
        guard let equals = assignment.firstIndex(of: "="), equals != assignment.startIndex else {
            throw ConfigurationError(.invalidValue, "--set '\(assignment)' is not of the form key=value (for example sac.learning_rate=1e-3)",
                                     context: ["value": assignment])
        }
        let path = assignment[..<equals].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let text = String(assignment[assignment.index(after: equals)...])
        guard !path.contains(where: \.isEmpty) else {
            throw ConfigurationError(.invalidValue, "--set '\(assignment)': the key has an empty component; write it as section.key=value",
                                     context: ["value": assignment])
        }
        try schema.checkPath(path, source: "--set \(assignment)")
        let value = (try? JSONTree.parse(text)) ?? .string(text)
        tree = setting(value, at: path[...], in: tree)
        return path.joined(separator: ".")
    }

    static func setting(_ value: JSONTree, at path: ArraySlice<String>, in tree: JSONTree) -> JSONTree {
        guard let key = path.first else { return value }
        var members: [(key: String, value: JSONTree)] = []
        if case let .object(existing) = tree { members = existing }
        let child = members.last { $0.key == key }?.value ?? .object([])
        let updated = setting(value, at: path.dropFirst(), in: child)
        if let index = members.lastIndex(where: { $0.key == key }) {
            members[index].value = updated
        } else {
            members.append((key, updated))
        }
        return .object(members)
    }

    /// `tree` without the member at `path` (unchanged when there is none).
    static func removing(_ path: ArraySlice<String>, from tree: JSONTree) -> JSONTree {
        guard let key = path.first, case var .object(members) = tree else { return tree }
        if path.count == 1 {
            members.removeAll { $0.key == key }
        } else if let index = members.firstIndex(where: { $0.key == key }) {
            members[index].value = removing(path.dropFirst(), from: members[index].value)
        }
        return .object(members)
    }

    /// `tree` with its object keys renamed to snake_case (`toSnakeCase`) or to camelCase,
    /// except the members of the objects at the `freeForm` paths (dotted snake_case), which are
    /// the user's own names.
    static func renamingKeys(_ tree: JSONTree, toSnakeCase: Bool, freeForm: Set<String>, path: [String] = []) -> JSONTree {
        guard case let .object(members) = tree, !freeForm.contains(path.joined(separator: ".")) else { return tree }
        return .object(members.map { key, value in
            let snake = toSnakeCase ? ConfigurationKeys.snakeCase(key) : key
            let renamed = toSnakeCase ? snake : ConfigurationKeys.camelCase(key)
            return (renamed, renamingKeys(value, toSnakeCase: toSnakeCase, freeForm: freeForm, path: path + [snake]))
        })
    }

    /// `user` over `defaults`: objects merge member by member (free-form ones too: a file's
    /// channel weights change or add to the default ones), anything else replaces.
    static func merge(_ user: JSONTree, over defaults: JSONTree) -> JSONTree {
        guard case var .object(result) = defaults, case let .object(members) = user else { return user }
        for (key, value) in members {
            if let index = result.firstIndex(where: { $0.key == key }) {
                result[index].value = merge(value, over: result[index].value)
            } else {
                result.append((key, value))
            }
        }
        return .object(result)
    }

    /// The decoder's error as a ``ConfigurationError`` naming the field; `source` says where a
    /// field was written (the file, or the `--set` that set it).
    static func translate(_ error: DecodingError, tree: JSONTree, source: (String) -> String) -> ConfigurationError {
        func found(_ path: [any CodingKey]) -> String {
            var node: JSONTree? = tree
            for key in path {
                if let index = key.intValue, case let .array(elements)? = node {
                    node = index < elements.count ? elements[index] : nil
                } else {
                    node = node?[key.stringValue]
                }
            }
            return node.map { $0.abbreviated } ?? "nothing"
        }
        switch error {
        case let .typeMismatch(type, context):
            let field = dottedPath(context.codingPath)
            let value = found(context.codingPath)
            return ConfigurationError(.typeMismatch, "\(field) in \(source(field)) is \(value); expected \(describe(type))",
                                      context: ["field": field, "value": value, "allowed": describe(type)])
        case let .valueNotFound(type, context):
            let field = dottedPath(context.codingPath)
            return ConfigurationError(.missingValue, "\(field) in \(source(field)) is null; give it \(describe(type)) (null does not mean the default: leave the field out for that)",
                                      context: ["field": field, "allowed": describe(type)])
        case let .keyNotFound(key, context):
            let field = dottedPath(context.codingPath + [key])
            return ConfigurationError(.missingValue, "\(field) is missing from \(source(field)) and has no default; add it",
                                      context: ["field": field])
        case let .dataCorrupted(context):
            guard !context.codingPath.isEmpty else {
                return ConfigurationError(.invalidValue, "\(source("")) cannot be decoded: \(context.debugDescription)", context: ["path": source("")])
            }
            let field = dottedPath(context.codingPath)
            let value = found(context.codingPath)
            return ConfigurationError(.invalidValue, "\(field) in \(source(field)) is \(value), which cannot be used: \(context.debugDescription)",
                                      context: ["field": field, "value": value])
        @unknown default:
            return ConfigurationError(.invalidValue, "\(source("")) cannot be decoded: \(error)", context: ["path": source("")])
        }
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Bool.Type: return "true or false"
        case is String.Type: return "a string"
        case is Int.Type, is Int32.Type, is Int64.Type, is UInt64.Type, is UInt32.Type, is UInt.Type: return "an integer"
        case is Float.Type, is Double.Type: return "a number"
        default:
            let name = "\(type)"
            if name.hasPrefix("Array") { return "an array" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return "a value of type \(name)"
        }
    }

    static func dottedPath(_ path: [any CodingKey]) -> String { ConfigurationKeys.dottedPath(path) }
}

extension ConfigurationError {
    /// The `.invalidValue` error of a configuration issue, with its "did you mean".
    init(_ issue: ConfigurationIssue) {
        let error = ConfigurationError.invalidValue(field: issue.field, value: issue.value, allowed: issue.allowed)
        guard let suggestion = issue.suggestion else {
            self = error
            return
        }
        self.init(.invalidValue, error.message + "; did you mean \"\(suggestion)\"?", context: error.context.merging(["suggestion": suggestion]) { $1 })
    }
}
