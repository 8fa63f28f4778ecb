import EmpowerBase
import Testing

@Suite("Did-you-mean suggestions")
struct SuggestionTests {
    @Test("edit distance of known pairs", arguments: [
        ("kitten", "sitting", 3), ("", "abc", 3), ("flaw", "lawn", 2), ("same", "same", 0),
    ])
    func distances(a: String, b: String, expected: Int) {
        #expect(editDistance(a, b) == expected)
        #expect(editDistance(b, a) == expected)
    }

    @Test("a near miss is matched, an unrelated word is not")
    func closest() {
        let flags = ["--threads", "--json", "--help"]
        #expect(closestMatch(to: "--thread", in: flags) == "--threads")
        #expect(closestMatch(to: "--jsno", in: flags) == "--json")
        #expect(closestMatch(to: "--verbose", in: flags) == nil)
    }
}
