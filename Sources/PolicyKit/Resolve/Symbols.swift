// Symbol tables and bit sets: names become dense integer ids once, so later
// stages and the evaluator work with indexes and bit tests, not strings.

import PolicySource

/// The names of one kind of definition, in definition order.
struct SymbolTable: Sendable {
    private(set) var names: [String] = []
    private(set) var ranges: [SourceRange] = []
    private(set) var index: [String: Int] = [:]

    init() {}

    init<S: Sequence>(_ definitions: S) where S.Element == Located<String> {
        for definition in definitions { add(definition) }
    }

    /// Adds a name unless present; returns its id and whether it was new.
    @discardableResult
    mutating func add(_ name: Located<String>) -> (id: Int, inserted: Bool) {
        if let id = index[name.value] { return (id, false) }
        index[name.value] = names.count
        names.append(name.value)
        ranges.append(name.range)
        return (names.count - 1, true)
    }

    var count: Int { names.count }

    subscript(name: String) -> Int? { index[name] }
}

/// A fixed-size set of small integers, used for scopes, models, routes and tiers.
struct BitSet: Hashable, Sendable {
    private(set) var words: [UInt64]

    init(capacity: Int) {
        words = [UInt64](repeating: 0, count: max(1, (capacity + 63) / 64))
    }

    init<S: Sequence>(capacity: Int, _ members: S) where S.Element == Int {
        self.init(capacity: capacity)
        for member in members { insert(member) }
    }

    @inline(__always)
    func contains(_ member: Int) -> Bool {
        let word = member >> 6
        guard member >= 0, word < words.count else { return false }
        return words[word] & (1 << UInt64(member & 63)) != 0
    }

    mutating func insert(_ member: Int) {
        let word = member >> 6
        guard member >= 0, word < words.count else { return }
        words[word] |= 1 << UInt64(member & 63)
    }

    mutating func formUnion(_ other: BitSet) {
        for index in 0..<min(words.count, other.words.count) { words[index] |= other.words[index] }
    }

    func isSuperset(of other: BitSet) -> Bool {
        for index in 0..<other.words.count where other.words[index] != 0 {
            let mine = index < words.count ? words[index] : 0
            if mine & other.words[index] != other.words[index] { return false }
        }
        return true
    }

    func isDisjoint(with other: BitSet) -> Bool {
        for index in 0..<min(words.count, other.words.count) where words[index] & other.words[index] != 0 {
            return false
        }
        return true
    }

    var isEmpty: Bool { words.allSatisfy { $0 == 0 } }

    var count: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

    /// The members in increasing order.
    var members: [Int] {
        var result: [Int] = []
        for (wordIndex, word) in words.enumerated() {
            var remaining = word
            while remaining != 0 {
                let bit = remaining.trailingZeroBitCount
                result.append(wordIndex * 64 + bit)
                remaining &= remaining - 1
            }
        }
        return result
    }
}
