import EmpowerBase

/// A parsed JSON document that keeps what `JSONDecoder` throws away: the order of object
/// members and the exact text of numbers. Configuration loading uses it to find unknown keys
/// and apply `--set` overrides before decoding; the metrics reader uses it for JSON lines.
///
/// ```swift
/// let tree = try JSONTree.parse(#"{"sac": {"learning_rate": 3e-4}, "skills": 10}"#)
/// tree["sac"]?["learning_rate"]     // .number("3e-4")
/// tree.rendered(pretty: true, sortedKeys: true)
/// ```
enum JSONTree: Equatable, Sendable {
    case null
    case bool(Bool)
    /// A number, as written (so `1e-3` and `10` round-trip exactly).
    case number(String)
    case string(String)
    case array([JSONTree])
    /// Members in document order.
    case object([(key: String, value: JSONTree)])

    static func == (lhs: JSONTree, rhs: JSONTree) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.number(a), .number(b)): return a == b || (Double(a) != nil && Double(a) == Double(b))
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    /// The member `key` of an object (nil for other values or a missing key).
    subscript(key: String) -> JSONTree? {
        guard case let .object(members) = self else { return nil }
        return members.last { $0.key == key }?.value
    }

    /// The kind of value, as a user would say it ("a number", "an object", ...).
    var kindDescription: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    // MARK: Writing

    /// The compact text cut to at most 80 characters (the cut marked with "..."): how a value
    /// appears in a message, so a huge or deeply nested one cannot drown it.
    var abbreviated: String {
        let text = rendered()
        return text.count <= 80 ? text : text.prefix(77) + "..."
    }

    /// The JSON text: compact on one line, or `pretty` with two-space indentation. With
    /// `sortedKeys`, object members are written in key order (stable diffs).
    func rendered(pretty: Bool = false, sortedKeys: Bool = false) -> String {
        var output = ""
        write(to: &output, pretty: pretty, sortedKeys: sortedKeys, indent: 0)
        return output
    }

    private func write(to output: inout String, pretty: Bool, sortedKeys: Bool, indent: Int) {
        let newline = pretty ? "\n" : ""
        func pad(_ level: Int) -> String { pretty ? String(repeating: "  ", count: level) : "" }
        switch self {
        case .null: output += "null"
        case let .bool(value): output += value ? "true" : "false"
        case let .number(text): output += text
        case let .string(text): JSONText.appendEscaped(text, to: &output)
        case let .array(elements):
            guard !elements.isEmpty else { output += "[]"; return }
            output += "[" + newline
            for (i, element) in elements.enumerated() {
                output += pad(indent + 1)
                element.write(to: &output, pretty: pretty, sortedKeys: sortedKeys, indent: indent + 1)
                output += (i + 1 < elements.count ? "," : "") + newline
            }
            output += pad(indent) + "]"
        case let .object(members):
            guard !members.isEmpty else { output += "{}"; return }
            let ordered = sortedKeys ? members.sorted { $0.key < $1.key } : members
            output += "{" + newline
            for (i, member) in ordered.enumerated() {
                output += pad(indent + 1)
                JSONText.appendEscaped(member.key, to: &output)
                output += pretty ? ": " : ":"
                member.value.write(to: &output, pretty: pretty, sortedKeys: sortedKeys, indent: indent + 1)
                output += (i + 1 < ordered.count ? "," : "") + newline
            }
            output += pad(indent) + "}"
        }
    }

    /// A number in the shortest text that reads back to the same `Double`; NaN and infinities,
    /// which JSON cannot express, become `null`.
    static func number(_ value: Double) -> JSONTree {
        guard value.isFinite else { return .null }
        if value == value.rounded(), abs(value) < 1e15 { return .number(String(Int64(value))) }
        return .number("\(value)")
    }

    // MARK: Parsing

    /// Parses a complete JSON document (surrounding whitespace allowed).
    /// - Throws: ``JSONSyntaxError`` with the line and column of the first problem.
    static func parse(_ text: String) throws(JSONSyntaxError) -> JSONTree {
        var parser = JSONParser(scalars: Array(text.unicodeScalars))
        parser.skipWhitespace()
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        guard parser.index == parser.scalars.count else { throw parser.error("unexpected text after the JSON value") }
        return value
    }
}

/// A JSON syntax error: what was expected and where.
struct JSONSyntaxError: Error, Sendable {
    let message: String
    let line: Int
    let column: Int
    var description: String { "line \(line), column \(column): \(message)" }
}

/// A recursive-descent JSON parser (RFC 8259) over Unicode scalars.
struct JSONParser {
    let scalars: [Unicode.Scalar]
    var index = 0
    static let maximumDepth = 512

    func error(_ message: String) -> JSONSyntaxError {
        var line = 1
        var column = 1
        for scalar in scalars[0..<min(index, scalars.count)] {
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return JSONSyntaxError(message: message, line: line, column: column)
    }

    mutating func skipWhitespace() {
        while index < scalars.count, [" ", "\n", "\r", "\t"].contains(scalars[index]) { index += 1 }
    }

    mutating func value(depth: Int) throws(JSONSyntaxError) -> JSONTree {
        guard depth < JSONParser.maximumDepth else { throw error("nesting deeper than \(JSONParser.maximumDepth) levels") }
        guard index < scalars.count else { throw error("unexpected end of text, expected a value") }
        switch scalars[index] {
        case "{": return try object(depth: depth)
        case "[": return try array(depth: depth)
        case "\"": return .string(try string())
        case "t": try literal("true"); return .bool(true)
        case "f": try literal("false"); return .bool(false)
        case "n": try literal("null"); return .null
        case "-", "0"..."9": return try number()
        default: throw error("unexpected character '\(scalars[index])', expected a value")
        }
    }

    mutating func literal(_ word: String) throws(JSONSyntaxError) {
        for scalar in word.unicodeScalars {
            guard index < scalars.count, scalars[index] == scalar else { throw error("invalid literal, expected '\(word)'") }
            index += 1
        }
    }

    mutating func object(depth: Int) throws(JSONSyntaxError) -> JSONTree {
        index += 1
        var members: [(key: String, value: JSONTree)] = []
        skipWhitespace()
        if index < scalars.count, scalars[index] == "}" { index += 1; return .object(members) }
        while true {
            skipWhitespace()
            guard index < scalars.count, scalars[index] == "\"" else { throw error("expected a quoted member name") }
            let key = try string()
            skipWhitespace()
            guard index < scalars.count, scalars[index] == ":" else { throw error("expected ':' after member name \"\(key)\"") }
            index += 1
            skipWhitespace()
            members.append((key, try value(depth: depth + 1)))
            skipWhitespace()
            guard index < scalars.count else { throw error("unexpected end of text inside an object") }
            if scalars[index] == "," { index += 1; continue }
            if scalars[index] == "}" { index += 1; return .object(members) }
            throw error("expected ',' or '}' in an object")
        }
    }

    mutating func array(depth: Int) throws(JSONSyntaxError) -> JSONTree {
        index += 1
        var elements: [JSONTree] = []
        skipWhitespace()
        if index < scalars.count, scalars[index] == "]" { index += 1; return .array(elements) }
        while true {
            skipWhitespace()
            elements.append(try value(depth: depth + 1))
            skipWhitespace()
            guard index < scalars.count else { throw error("unexpected end of text inside an array") }
            if scalars[index] == "," { index += 1; continue }
            if scalars[index] == "]" { index += 1; return .array(elements) }
            throw error("expected ',' or ']' in an array")
        }
    }

    mutating func string() throws(JSONSyntaxError) -> String {
        index += 1
        var result = String.UnicodeScalarView()
        while true {
            guard index < scalars.count else { throw error("unterminated string") }
            let scalar = scalars[index]
            index += 1
            switch scalar {
            case "\"": return String(result)
            case "\\":
                guard index < scalars.count else { throw error("unterminated escape") }
                let escape = scalars[index]
                index += 1
                switch escape {
                case "\"": result.append("\"")
                case "\\": result.append("\\")
                case "/": result.append("/")
                case "b": result.append("\u{8}")
                case "f": result.append("\u{C}")
                case "n": result.append("\n")
                case "r": result.append("\r")
                case "t": result.append("\t")
                case "u":
                    var code = try hex4()
                    if (0xD800..<0xDC00).contains(code) {
                        guard index + 1 < scalars.count, scalars[index] == "\\", scalars[index + 1] == "u" else { throw error("unpaired surrogate") }
                        index += 2
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw error("invalid low surrogate") }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let decoded = Unicode.Scalar(code) else { throw error("invalid \\u escape") }
                    result.append(decoded)
                default: throw error("invalid escape '\\\(escape)'")
                }
            default:
                guard scalar.value >= 0x20 else { throw error("control character in a string (escape it)") }
                result.append(scalar)
            }
        }
    }

    mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        guard index + 4 <= scalars.count else { throw error("incomplete \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = hexValue(scalars[index]) else {
                throw error("invalid hex digit in \\u escape")
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }

    func hexValue(_ scalar: Unicode.Scalar) -> UInt32? {
        switch scalar {
        case "0"..."9": return scalar.value - 48
        case "a"..."f": return scalar.value - 87
        case "A"..."F": return scalar.value - 55
        default: return nil
        }
    }

    mutating func number() throws(JSONSyntaxError) -> JSONTree {
        let start = index
        func digits(_ parser: inout JSONParser) -> Int {
            let before = parser.index
            while parser.index < parser.scalars.count, ("0"..."9").contains(parser.scalars[parser.index]) { parser.index += 1 }
            return parser.index - before
        }
        if scalars[index] == "-" { index += 1 }
        let integerStart = index
        guard digits(&self) > 0 else { throw error("expected digits in a number") }
        if scalars[integerStart] == "0", index - integerStart > 1 { throw error("numbers cannot have leading zeros") }
        if index < scalars.count, scalars[index] == "." {
            index += 1
            guard digits(&self) > 0 else { throw error("expected digits after '.'") }
        }
        if index < scalars.count, scalars[index] == "e" || scalars[index] == "E" {
            index += 1
            if index < scalars.count, scalars[index] == "+" || scalars[index] == "-" { index += 1 }
            guard digits(&self) > 0 else { throw error("expected digits in the exponent") }
        }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars[start..<index])
        return .number(String(text))
    }
}
