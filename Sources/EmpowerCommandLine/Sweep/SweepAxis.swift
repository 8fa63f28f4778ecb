/// One axis of a sweep: a name and the values it takes. Each value has a label (for run
/// names and the table) and the configuration overrides it stands for.
///
/// An axis over one configuration key (`--grid masd.beta=0,1`) has one override per value; a
/// named axis of a grid file can set several keys per value (the environment and its agent
/// count, or a method and all its settings).
///
/// ```swift
/// let axis = try SweepAxis(parsing: "sac.hidden_sizes=[64,64],[128,128]")
/// axis.name                   // "hidden_sizes"
/// axis.values[1].label        // "[128,128]"
/// axis.values[1].overrides    // ["sac.hidden_sizes=[128,128]"]
/// ```
struct SweepAxis: Equatable {
    /// One value of the axis.
    struct Value: Equatable {
        /// How the value reads in run names and in the table.
        var label: String
        /// `key=value` configuration overrides, applied over the base configuration.
        var overrides: [String]
    }

    /// The axis name: the last component of its key (`beta` for `masd.beta`), or the name a grid
    /// file gives it.
    var name: String
    /// The configuration key of an axis over one key; nil for a named axis.
    var key: String?
    var values: [Value]

    /// An axis over `key` with these values, each written as `--set` would take it.
    init(key: String, values: [String]) {
        name = key.split(separator: ".").last.map(String.init) ?? key
        self.key = key
        self.values = values.map { Value(label: $0, overrides: ["\(key)=\($0)"]) }
    }

    /// A named axis whose values each set several keys.
    init(name: String, values: [Value]) {
        self.name = name
        key = nil
        self.values = values
    }

    /// The axis of `--grid key=v1,v2,...`. Commas inside brackets or double quotes do not
    /// separate values, so a list is one value: `sac.hidden_sizes=[64,64],[128,128]` has two.
    /// - Throws: ``SweepError`` `.invalidField` without `key=`, `.emptyAxis` without values.
    init(parsing text: String) throws(SweepError) {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
            throw SweepError(
                .invalidField, "--grid '\(text)' is not of the form key=v1,v2 (for example --grid masd.beta=0,1)",
                context: ["field": "--grid", "value": text])
        }
        let key = String(text[..<equals])
        let values = Self.splitValues(String(text[text.index(after: equals)...]))
        guard !values.isEmpty, !values.contains(where: \.isEmpty) else {
            throw SweepError(
                .emptyAxis, "--grid \(text) has an empty value; give one or more values separated by commas, e.g. --grid \(key)=0,1",
                context: ["field": key, "value": text])
        }
        self.init(key: key, values: values)
    }

    /// `a,[1,2],"x,y"` -> `a`, `[1,2]`, `"x,y"`: commas at bracket depth 0 outside quotes split.
    static func splitValues(_ text: String) -> [String] {
        guard !text.isEmpty else { return [] }
        var values: [String] = []
        var current = ""
        var depth = 0
        var quoted = false
        for character in text {
            if character == "\"" {
                quoted.toggle()
            } else if !quoted, character == "[" || character == "{" {
                depth += 1
            } else if !quoted, character == "]" || character == "}" {
                depth -= 1
            } else if !quoted, depth == 0, character == "," {
                values.append(current)
                current = ""
                continue
            }
            current.append(character)
        }
        values.append(current)
        return values
    }
}
