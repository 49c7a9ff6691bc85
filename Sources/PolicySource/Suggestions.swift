// "Did you mean" suggestions for misspelled names, shared by every stage.

public enum Suggestions {
    /// Returns the candidate closest to `name` by edit distance, if it is close
    /// enough to be a likely typo: at most a third of the longer name's length,
    /// and at most 3 edits. A candidate that `name` starts (a name cut short,
    /// of at least 6 characters) also counts.
    public static func closest<S: Sequence>(to name: String, in candidates: S) -> String?
    where S.Element == String {
        let target = Array(name.lowercased().unicodeScalars)
        let list = Array(candidates)
        var best: (name: String, distance: Int)?
        for candidate in list {
            let distance = editDistance(target, Array(candidate.lowercased().unicodeScalars))
            let allowed = min(3, max(1, max(target.count, candidate.unicodeScalars.count) / 3))
            guard distance <= allowed else { continue }
            if best == nil || distance < best!.distance || (distance == best!.distance && candidate < best!.name) {
                best = (candidate, distance)
            }
        }
        if best == nil, name.count >= 6 {
            return list.filter { $0.hasPrefix(name) }.min { ($0.count, $0) < ($1.count, $1) }
        }
        return best?.name
    }

    /// Returns a hint such as `did you mean 'chat:completions'?`, or nil.
    public static func didYouMean<S: Sequence>(_ name: String, in candidates: S) -> String?
    where S.Element == String {
        closest(to: name, in: candidates).map { "did you mean '\($0)'?" }
    }

    /// Levenshtein distance with adjacent transpositions counted as one edit.
    static func editDistance(_ lhs: [Unicode.Scalar], _ rhs: [Unicode.Scalar]) -> Int {
        if lhs.isEmpty { return rhs.count }
        if rhs.isEmpty { return lhs.count }
        var previousPrevious = [Int](repeating: 0, count: rhs.count + 1)
        var previous = Array(0...rhs.count)
        var current = [Int](repeating: 0, count: rhs.count + 1)
        for i in 1...lhs.count {
            current[0] = i
            for j in 1...rhs.count {
                let cost = lhs[i - 1] == rhs[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, lhs[i - 1] == rhs[j - 2], lhs[i - 2] == rhs[j - 1] {
                    value = min(value, previousPrevious[j - 2] + 1)
                }
                current[j] = value
            }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[rhs.count]
    }
}
