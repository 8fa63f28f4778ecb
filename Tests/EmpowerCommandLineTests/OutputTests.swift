import EmpowerBase
import EmpowerCommandLine
import Testing

@Suite("TextTable")
struct TextTableTests {
    @Test("columns are padded to the widest cell, numbers right-aligned, no trailing spaces")
    func render() {
        var table = TextTable(["env", "steps/s", "note"], alignments: [.left, .right, .left])
        table.append(["PointMass-v0", "1250000", ""])
        table.append(["Push", "41000", "box2d"])
        #expect(table.render() == """
            env           steps/s  note
            ------------  -------  -----
            PointMass-v0  1250000
            Push            41000  box2d

            """)
    }

    @Test("an empty table is its header and rule")
    func empty() {
        #expect(TextTable(["a", "bb"]).render() == "a  bb\n-  --\n")
    }
}

@Suite("JSONValue")
struct JSONValueTests {
    @Test("keys keep the order they were written in")
    func keyOrder() {
        let value: JSONValue = ["zeta": 1, "alpha": 2, "mid": ["b": true, "a": nil]]
        #expect(value.rendered() == #"{"zeta":1,"alpha":2,"mid":{"b":true,"a":null}}"#)
    }

    @Test("pretty output indents by two spaces; empty containers stay on one line")
    func pretty() {
        let value: JSONValue = ["name": "nn", "figures": [1.5, 2], "empty": [], "none": .object([])]
        #expect(value.rendered(pretty: true) == """
            {
              "name": "nn",
              "figures": [
                1.5,
                2
              ],
              "empty": [],
              "none": {}
            }
            """)
    }

    @Test("strings are escaped; non-finite numbers become null")
    func escaping() {
        let value: JSONValue = ["s": "a\"b\\c\nd\te\u{1}é", "nan": .number(.nan), "inf": .number(-.infinity), "x": 0.1]
        #expect(value.rendered() == #"{"s":"a\"b\\c\nd\te\u0001é","nan":null,"inf":null,"x":0.1}"#)
    }

    @Test("integers print exactly, doubles in shortest round-trip form")
    func numbers() {
        #expect(JSONValue.int(Int.max).rendered() == "9223372036854775807")
        #expect(JSONValue.number(1e-5).rendered() == "1e-05")
        #expect(JSONValue.number(-2.25).rendered() == "-2.25")
    }
}

@Suite("CommandIO")
struct CommandIOTests {
    @Test("a capture separates standard output from standard error and reports isTerminal")
    func capture() {
        let capture = OutputCapture()
        let io = capture.io(isTerminal: true)
        #expect(io.isTerminal)
        io.print("one")
        io.print("two", terminator: "")
        io.printError("oops")
        io.printJSON(["k": 1])
        var table = TextTable(["a"])
        table.append(["1"])
        io.printTable(table)
        #expect(capture.output == "one\ntwo{\n  \"k\": 1\n}\na\n-\n1\n")
        #expect(capture.error == "oops\n")
        #expect(OutputCapture().io().isTerminal == false)
    }
}
