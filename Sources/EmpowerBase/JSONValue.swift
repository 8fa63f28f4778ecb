/// A JSON document built in code, for `--json` output and the C interface's texts. Object keys
/// keep the order they were written in, so the same command always prints the same text
/// (stable for diffs and scripts).
///
/// ```swift
/// let report: JSONValue = [
///     "machine": "x86_64, 2 cores",
///     "threads": 1,
///     "results": [["name": "sgemm", "gflops": 98.4]],
/// ]
/// io.printJSON(report)
/// ```
///
/// Numbers: integers print exactly; doubles print in the shortest form that reads back to the
/// same value (`0.1`, `1e-05`); NaN and infinities, which JSON cannot express, print as `null`.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case number(Double)
    case string(String)
    case array([JSONValue])
    /// Key-value pairs in output order. Keys should be unique (JSON readers keep only one).
    case object([JSONMember])

    /// The document as text: `pretty` indents by two spaces and puts each member on its own line;
    /// otherwise the text has no whitespace at all.
    public func rendered(pretty: Bool = false) -> String {
        var output = ""
        write(to: &output, pretty: pretty, indent: 0)
        return output
    }

    private func write(to output: inout String, pretty: Bool, indent: Int) {
        switch self {
        case .null: output += "null"
        case let .bool(value): output += value ? "true" : "false"
        case let .int(value): output += "\(value)"
        case let .number(value): output += value.isFinite ? "\(value)" : "null"
        case let .string(value): JSONText.appendEscaped(value, to: &output)
        case let .array(elements):
            writeContainer("[", "]", elements, to: &output, pretty: pretty, indent: indent) { element, output in
                element.write(to: &output, pretty: pretty, indent: indent + 1)
            }
        case let .object(members):
            writeContainer("{", "}", members, to: &output, pretty: pretty, indent: indent) { member, output in
                JSONText.appendEscaped(member.key, to: &output)
                output += pretty ? ": " : ":"
                member.value.write(to: &output, pretty: pretty, indent: indent + 1)
            }
        }
    }

    private func writeContainer<Element>(
        _ open: String, _ close: String, _ elements: [Element], to output: inout String,
        pretty: Bool, indent: Int, element writeElement: (Element, inout String) -> Void
    ) {
        output += open
        guard !elements.isEmpty else {
            output += close
            return
        }
        let inner = pretty ? "\n" + String(repeating: "  ", count: indent + 1) : ""
        for (position, element) in elements.enumerated() {
            if position > 0 { output += "," }
            output += inner
            writeElement(element, &output)
        }
        output += pretty ? "\n" + String(repeating: "  ", count: indent) + close : close
    }
}

/// One key-value pair of a ``JSONValue/object(_:)``.
public struct JSONMember: Sendable, Hashable {
    public let key: String
    public let value: JSONValue

    public init(_ key: String, _ value: JSONValue) {
        self.key = key
        self.value = value
    }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// Keeps the literal's order: `["b": 1, "a": 2]` prints `b` first.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(elements.map { JSONMember($0.0, $0.1) })
    }
}
