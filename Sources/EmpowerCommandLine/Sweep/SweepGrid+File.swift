import EmpowerBase
import Foundation

/// Reading a grid file (`empower sweep --grid-file FILE`): a sweep written down as data.
///
/// ```json
/// {
///   "description": "MASD (beta 1) against beta 0 on both multi-agent environments",
///   "set": {"algorithm": "masd", "skills": 6, "steps": 40000, "sac.hidden_sizes": [64, 64]},
///   "axes": [
///     {"name": "env", "values": [
///       {"label": "ParticleSpread-v0", "set": {"environment": "ParticleSpread-v0", "environment_arguments.agents": 3}},
///       {"label": "CooperativePush-v0", "set": {"environment": "CooperativePush-v0", "environment_arguments.agents": 2}}
///     ]},
///     {"key": "masd.beta", "values": [1, 0]}
///   ],
///   "seeds": [1, 2, 3],
///   "evaluate": {"episodes": 3, "seed": 1000003},
///   "columns": ["joint_accuracy", "per_agent_accuracy", "relative_position_cells_per_pair"]
/// }
/// ```
///
/// Every field is optional. `set` maps configuration keys (as `--set` takes them) to JSON
/// values. An axis is either `{"key": K, "values": [v, ...]}` (one key, one JSON value per grid
/// point) or `{"name": N, "values": [{"label": L, "set": {...}}, ...]}` (several keys per value).
/// `seeds` lists master seeds; `evaluate` holds the `episodes` and `seed` of `empower evaluate`;
/// `columns` the report.json keys of the table.
extension SweepGrid {
    /// The fields a grid file may have, at its top level.
    static let fileFields = ["description", "set", "axes", "seeds", "evaluate", "columns"]

    /// The grid in the file at `path`.
    /// - Throws: ``SweepError`` `.unreadableGridFile` (missing file, invalid JSON),
    ///   `.unknownField` (with "did you mean"), `.invalidField`, `.emptyAxis`.
    init(file path: String) throws(SweepError) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw SweepError(.unreadableGridFile, "cannot read the grid file '\(path)': \(error.localizedDescription); check the path", context: ["path": path])
        }
        let document: JSONValue
        do {
            document = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw SweepError(.unreadableGridFile, "the grid file '\(path)' is not valid JSON (\(Self.describe(error))); fix the syntax there", context: ["path": path])
        }
        let reader = GridFileReader(path: path)
        let top = try reader.object(document, at: "the top level", fields: Self.fileFields)
        self.init()
        if let set = top["set"] { overrides = try reader.overrides(set, at: "set") }
        if let axes = top["axes"] {
            guard case let .array(elements) = axes else { throw reader.invalid("axes", "must be an array of axes", axes) }
            self.axes = try elements.enumerated().map { index, element throws(SweepError) in try reader.axis(element, at: "axes[\(index)]") }
        }
        if let seeds = top["seeds"] {
            guard case let .array(elements) = seeds, !elements.isEmpty else { throw reader.invalid("seeds", "must be a non-empty array of whole numbers, e.g. [1, 2, 3]", seeds) }
            self.seeds = try elements.map { element throws(SweepError) in
                guard case let .int(seed) = element, seed >= 0 else { throw reader.invalid("seeds", "must hold whole numbers of at least 0", element) }
                return UInt64(seed)
            }
        }
        if let evaluate = top["evaluate"] {
            let members = try reader.object(evaluate, at: "evaluate", fields: ["episodes", "seed"])
            if let episodes = members["episodes"] {
                guard case let .int(count) = episodes, (1...100).contains(count) else { throw reader.invalid("evaluate.episodes", "must be a whole number from 1 to 100", episodes) }
                evaluationEpisodes = count
            }
            if let seed = members["seed"] {
                guard case let .int(value) = seed, value >= 0 else { throw reader.invalid("evaluate.seed", "must be a whole number of at least 0", seed) }
                evaluationSeed = UInt64(value)
            }
        }
        if let columns = top["columns"] {
            guard case let .array(elements) = columns else { throw reader.invalid("columns", "must be an array of report.json keys", columns) }
            self.columns = try elements.map { element throws(SweepError) in
                guard case let .string(key) = element else { throw reader.invalid("columns", "must hold strings (report.json keys)", element) }
                return key
            }
        }
    }

    private static func describe(_ error: any Error) -> String {
        if case let DecodingError.dataCorrupted(context) = error {
            return (context.underlyingError.map { "\($0)" }) ?? context.debugDescription
        }
        return "\(error)"
    }
}

/// Checks the parts of one grid file, naming the file and the field in every error.
private struct GridFileReader {
    let path: String

    func invalid(_ field: String, _ requirement: String, _ value: JSONValue) -> SweepError {
        SweepError(
            .invalidField, "\(field) in the grid file '\(path)' \(requirement), got \(value.rendered())",
            context: ["path": path, "field": field])
    }

    /// The members of an object, after checking that it is one and has only `fields`.
    func object(_ value: JSONValue, at field: String, fields: [String]) throws(SweepError) -> [String: JSONValue] {
        guard case let .object(members) = value else { throw invalid(field, "must be a JSON object ({ ... })", value) }
        var result: [String: JSONValue] = [:]
        for member in members {
            guard fields.contains(member.key) else {
                var message = "unknown field '\(member.key)' in \(field) of the grid file '\(path)'"
                if let match = closestMatch(to: member.key, in: fields) { message += "; did you mean '\(match)'?" }
                message += " (allowed: \(fields.joined(separator: ", ")))"
                throw SweepError(.unknownField, message, context: ["path": path, "field": member.key])
            }
            result[member.key] = member.value
        }
        return result
    }

    /// `{"key": value, ...}` as `key=value` overrides, each value written as JSON.
    func overrides(_ value: JSONValue, at field: String) throws(SweepError) -> [String] {
        guard case let .object(members) = value else { throw invalid(field, "must map configuration keys to values, e.g. {\"skills\": 6}", value) }
        return members.map { "\($0.key)=\($0.value.rendered())" }
    }

    func axis(_ value: JSONValue, at field: String) throws(SweepError) -> SweepAxis {
        let members = try object(value, at: field, fields: ["key", "name", "values"])
        guard case let .array(values)? = members["values"] else {
            throw invalid(field + ".values", "must be an array of the axis's values", members["values"] ?? .null)
        }
        switch (members["key"], members["name"]) {
        case let (.string(key)?, nil):
            guard !values.isEmpty else {
                throw SweepError(.emptyAxis, "the axis \(key) in the grid file '\(path)' has no values; give at least one", context: ["path": path, "field": key])
            }
            var axis = SweepAxis(key: key, values: [])
            axis.values = values.map { SweepAxis.Value(label: Self.label($0), overrides: ["\(key)=\($0.rendered())"]) }
            return axis
        case let (nil, .string(name)?):
            guard !values.isEmpty else {
                throw SweepError(.emptyAxis, "the axis \(name) in the grid file '\(path)' has no values; give at least one", context: ["path": path, "field": name])
            }
            return SweepAxis(name: name, values: try values.enumerated().map { index, element throws(SweepError) in
                let valueField = "\(field).values[\(index)]"
                let parts = try object(element, at: valueField, fields: ["label", "set"])
                guard case let .string(label)? = parts["label"], let set = parts["set"] else {
                    throw invalid(valueField, "must be {\"label\": \"...\", \"set\": {...}}", element)
                }
                return SweepAxis.Value(label: label, overrides: try overrides(set, at: valueField + ".set"))
            })
        default:
            throw invalid(field, "must have either \"key\" (one configuration key) or \"name\" (values that set several keys), as a string", value)
        }
    }

    /// How a JSON value of a key axis reads in names: strings without quotes, the rest as JSON.
    static func label(_ value: JSONValue) -> String {
        if case let .string(text) = value { return text }
        return value.rendered()
    }
}
