/// "Did you mean" support: the candidate closest to a mistyped word.
///
/// ```swift
/// closestMatch(to: "--thread", in: ["--threads", "--json"])   // "--threads"
/// closestMatch(to: "zzz", in: ["--threads", "--json"])        // nil: nothing is close
/// ```
///
/// A candidate is returned only when its edit distance is at most `max(2, word.count / 3)`, so
/// unrelated words get no suggestion. Cost: O(word length x candidate length) per candidate.
public func closestMatch(to word: String, in candidates: some Sequence<String>) -> String? {
    let limit = max(2, word.count / 3)
    var best: (candidate: String, distance: Int)?
    for candidate in candidates {
        let distance = editDistance(word.lowercased(), candidate.lowercased())
        if distance <= limit, distance < (best?.distance ?? Int.max) {
            best = (candidate, distance)
        }
    }
    return best?.candidate
}

/// The Levenshtein distance between two strings (insertions, deletions, substitutions), over
/// Unicode scalars.
public func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.unicodeScalars)
    let b = Array(b.unicodeScalars)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
            current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}

extension String {
    /// The string without leading and trailing spaces (not other white space): how values
    /// typed in lists such as `"0, 1"` or `"0.2, 0.25"` are read.
    public func trimmingSpaces() -> String {
        var text = Substring(self)
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
