/// JSON string literals, written the one way every JSON writer of Empower writes them: quotes,
/// backslashes and control characters escaped (`\n`, `\r`, `\t`, the rest as `\u00XX`); every
/// other character written as itself, in UTF-8.
///
/// ```swift
/// JSONText.escaped("a \"b\"\n")   // "\"a \\\"b\\\"\\n\""
/// ```
public enum JSONText {
    /// `value` as a JSON string literal, quotes included.
    public static func escaped(_ value: String) -> String {
        var output = ""
        appendEscaped(value, to: &output)
        return output
    }

    /// Appends `value` as a JSON string literal, quotes included, to `output`.
    public static func appendEscaped(_ value: String, to output: inout String) {
        output += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
