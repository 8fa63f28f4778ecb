import EmpowerBase
import Testing

@Suite("JSONText")
struct JSONTextTests {
    @Test("quotes, backslashes and control characters are escaped; other characters are kept")
    func escaping() {
        #expect(JSONText.escaped("plain") == #""plain""#)
        #expect(JSONText.escaped("a \"b\" \\ c") == #""a \"b\" \\ c""#)
        #expect(JSONText.escaped("1\n2\r3\t4") == #""1\n2\r3\t4""#)
        #expect(JSONText.escaped("\u{01}\u{1F}") == #""\u0001\u001f""#)
        #expect(JSONText.escaped("é ∑ 🙂") == "\"é ∑ 🙂\"")
    }

    @Test("appending writes the same literal after what is already there")
    func appending() {
        var output = "key:"
        JSONText.appendEscaped("a\"b", to: &output)
        #expect(output == #"key:"a\"b""#)
    }
}
