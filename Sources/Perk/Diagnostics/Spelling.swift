/// Suggests the known name closest to a misspelt one, for "did you mean" help.
public enum Spelling {
    /// The candidate nearest to `word` by edit distance (case-insensitive), if near enough:
    /// at most one edit for short words, up to a third of the length for longer ones.
    public static func suggest(_ word: String, from candidates: [String]) -> String? {
        // Names are short; a long word is no misspelling of one (and would cost quadratic time).
        guard word.utf8.count <= 64 else { return nil }
        let lowered = Array(word.lowercased())
        var best: (name: String, distance: Int)?
        for candidate in candidates where candidate != word && abs(candidate.count - lowered.count) <= 3 {
            let distance = editDistance(lowered, Array(candidate.lowercased()))
            if distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        guard let best else { return nil }
        let limit = max(1, min(lowered.count, best.name.count) / 3)
        return best.distance <= limit ? best.name : nil
    }

    /// The help line for a suggestion, or nil when there is none.
    static func help(_ word: String, from candidates: [String]) -> String? {
        suggest(word, from: candidates).map { "did you mean `\($0)`?" }
    }

    /// Levenshtein distance with adjacent transpositions counted as one edit.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previousPrevious[j - 2] + 1)
                }
            }
            previousPrevious = previous
            previous = current
        }
        return previous[b.count]
    }
}
