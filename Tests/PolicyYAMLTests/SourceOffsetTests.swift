// Scalar.sourceOffsets() for every scalar style: a substring of the decoded
// value must map back to exactly the source text that produced it.

import PolicySource
import Testing
import PolicyYAML

struct OffsetCase: CustomTestStringConvertible, Sendable {
    let name: String
    let input: String
    /// The decoded value of key `k`.
    let value: String
    /// A substring of the value.
    let part: String
    /// The source text that `part` must map to.
    let source: String
    /// Where `part` starts in the file.
    let position: String

    var testDescription: String { name }
}

let offsetCases: [OffsetCase] = [
    OffsetCase(name: "plain", input: "k: hello world\n", value: "hello world", part: "world", source: "world", position: "1:10"),
    OffsetCase(
        name: "multi-line plain", input: "k: alpha\n  beta gamma\n", value: "alpha beta gamma",
        part: "beta", source: "beta", position: "2:3"),
    OffsetCase(
        name: "plain across fold", input: "k: alpha\n  beta\n", value: "alpha beta",
        part: "a b", source: "a\n  b", position: "1:8"),
    OffsetCase(
        name: "plain with empty line", input: "k: one\n\n  two\n", value: "one\ntwo", part: "two", source: "two",
        position: "3:3"),
    OffsetCase(
        name: "single-quoted", input: "k: 'it''s here'\n", value: "it's here", part: "s here", source: "s here",
        position: "1:9"),
    OffsetCase(
        name: "single-quoted escape", input: "k: 'it''s'\n", value: "it's", part: "'", source: "''", position: "1:7"),
    OffsetCase(
        name: "single-quoted multi-line", input: "k: 'one\n    two'\n", value: "one two", part: "two", source: "two",
        position: "2:5"),
    OffsetCase(
        name: "double-quoted", input: "k: \"say hi\"\n", value: "say hi", part: "hi", source: "hi", position: "1:9"),
    OffsetCase(
        name: "double-quoted tab escape", input: "k: \"a\\tb\"\n", value: "a\tb", part: "\tb", source: "\\tb",
        position: "1:6"),
    OffsetCase(
        name: "double-quoted unicode escapes", input: "k: \"x \\u00e9t\\u00E9 y\"\n", value: "x été y",
        part: "été", source: "\\u00e9t\\u00E9", position: "1:7"),
    OffsetCase(
        name: "double-quoted after escapes", input: "k: \"\\x41\\U0001F600 end\"\n", value: "A😀 end",
        part: "end", source: "end", position: "1:20"),
    OffsetCase(
        name: "double-quoted escaped quote", input: "k: \"a \\\"b\\\" c\"\n", value: "a \"b\" c",
        part: "\"b\"", source: "\\\"b\\\"", position: "1:7"),
    OffsetCase(
        name: "double-quoted escaped line break", input: "k: \"abc\\\n     def\"\n", value: "abcdef",
        part: "def", source: "def", position: "2:6"),
    OffsetCase(
        name: "double-quoted folded", input: "k: \"one   \n   two\"\n", value: "one two", part: "two", source: "two",
        position: "2:4"),
    OffsetCase(
        name: "literal", input: "k: |\n  line one\n    indented\n  last\n", value: "line one\n  indented\nlast\n",
        part: "  indented", source: "  indented", position: "3:3"),
    OffsetCase(
        name: "literal last line", input: "k: |\n  line one\n  last\n", value: "line one\nlast\n",
        part: "last", source: "last", position: "3:3"),
    OffsetCase(
        name: "literal header comment", input: "k: | # lit\n  lit\n", value: "lit\n", part: "lit", source: "lit",
        position: "2:3"),
    OffsetCase(
        name: "literal explicit indentation", input: "k: |2\n    two extra\n  base\n", value: "  two extra\nbase\n",
        part: "  two", source: "  two", position: "2:3"),
    OffsetCase(
        name: "literal keep", input: "k: |+\n  a\n\nx: 1\n", value: "a\n\n", part: "a", source: "a", position: "2:3"),
    OffsetCase(
        name: "folded", input: "k: >\n  folded\n  text\n\n  para\n", value: "folded text\npara\n",
        part: "text", source: "text", position: "3:3"),
    OffsetCase(
        name: "folded paragraph", input: "k: >-\n  folded\n  text\n\n  para\n", value: "folded text\npara",
        part: "para", source: "para", position: "5:3"),
    OffsetCase(
        name: "folded more indented", input: "k: >\n  a\n    b\n  c\n", value: "a\n  b\nc\n",
        part: "  b", source: "  b", position: "3:3"),
    OffsetCase(
        name: "CRLF plain", input: "k: one\r\n  two\r\n", value: "one two", part: "two", source: "two", position: "2:3"),
    OffsetCase(
        name: "CRLF literal", input: "k: |\r\n  one\r\n  two\r\n", value: "one\ntwo\n", part: "two", source: "two",
        position: "3:3"),
    OffsetCase(
        name: "non-ASCII plain", input: "k: naïve café ok\n", value: "naïve café ok", part: "café", source: "café",
        position: "1:10"),
    OffsetCase(
        name: "tagged", input: "k: !!str 'x y'\n", value: "x y", part: "y", source: "y", position: "1:13"),
    OffsetCase(
        name: "anchored", input: "k: &a plain text\n", value: "plain text", part: "text", source: "text", position: "1:13"),
    OffsetCase(
        name: "tag on its own line", input: "k: !!str\n  later\n", value: "later", part: "ter", source: "ter",
        position: "2:5"),
    OffsetCase(
        name: "in flow list", input: "k: [a, 'b c', d]\n", value: "", part: "", source: "", position: "1:4"),
]

@Test(arguments: offsetCases)
func sourceOffsets(_ testCase: OffsetCase) throws {
    let document = readYAML(testCase.input)
    #expect(document.diagnostics.isEmpty, "\(document.diagnostics)")
    let node = try #require(value("k", in: document))
    guard let scalar = node.scalar else {
        // The flow list case checks the items instead; offset 2 of "a" and "d" is their end.
        let items = allScalars(node)
        #expect(items.map(\.value) == ["a", "b c", "d"])
        #expect(items.map { text($0.range) } == ["a", "'b c'", "d"])
        #expect(items.map { position($0.sourceRange(valueOffset: 2, length: 1)) } == ["1:6", "1:11", "1:16"])
        return
    }
    #expect(scalar.value == testCase.value)
    #expect(scalar.sourceOffsets().count == scalar.value.unicodeScalars.count + 1)

    let scalars = Array(scalar.value.unicodeScalars)
    let part = Array(testCase.part.unicodeScalars)
    let start = try #require((0...(scalars.count - part.count)).first { Array(scalars[$0..<($0 + part.count)]) == part })
    let range = scalar.sourceRange(valueOffset: start, length: part.count)
    #expect(text(range) == testCase.source)
    #expect(position(range) == testCase.position)
}

@Test func scalarRangeIncludesQuotes() throws {
    let document = readYAML("a: 'x'\nb: \"y\"\nc: &n !!str z\nd: |\n  w\n")
    let ranges = allScalars(document.root).map { text($0.range) }
    #expect(ranges == ["a", "'x'", "b", "\"y\"", "c", "z", "d", "|\n  w\n"])
}

@Test func offsetsIncreaseForEveryStyle() {
    let input = """
        plain: one two
          three
        single: 'it''s
          folded'
        double: "tab\\t \\u263A \\
          joined"
        literal: |
          a
            b
        folded: >-
          c
          d
        empty: ""
        null:
        """
    let document = readYAML(input)
    #expect(document.diagnostics.isEmpty)
    for scalar in allScalars(document.root) {
        let offsets = scalar.sourceOffsets()
        #expect(offsets.count == scalar.value.unicodeScalars.count + 1, "\(scalar.value.debugDescription)")
        #expect(offsets == offsets.sorted(), "\(scalar.value.debugDescription)")
        #expect(offsets.allSatisfy { $0 >= 0 })
        #expect(offsets.allSatisfy { $0 <= scalar.range.end - scalar.range.start })
    }
}

@Test func eachPlainCharacterMapsToItself() {
    let document = readYAML("k: |\n  ünï\n   cödé\nj: 'q''r\n  s'\nl: \"a\\nb\n  c\"\n")
    for scalar in allScalars(document.root) {
        for (index, character) in scalar.value.unicodeScalars.enumerated() where character != "\n" && character != " " {
            let range = scalar.sourceRange(valueOffset: index, length: 1)
            let source = text(range)
            #expect(source.unicodeScalars.first == character || source.hasPrefix("\\") || source == "''",
                    "\(character) in \(scalar.value.debugDescription) maps to \(source.debugDescription)")
        }
    }
}

@Test func sourceRangeClampsOutOfBounds() throws {
    let scalar = try #require(value("k", in: readYAML("k: abc\n"))?.scalar)
    #expect(text(scalar.sourceRange(valueOffset: 2, length: Int.max)) == "c")
    #expect(text(scalar.sourceRange(valueOffset: -5, length: 1)) == "a")
    #expect(text(scalar.sourceRange(valueOffset: 99, length: 1)) == "")
}

/// The range `sourceRange(valueOffset:length:)` must return, computed from
/// the full offset list with the same clamping.
private func expectedRange(_ scalar: Scalar, offset: Int, length: Int) -> SourceRange {
    let offsets = scalar.sourceOffsets()
    let lower = max(0, min(offset, offsets.count - 1))
    let (sum, overflow) = lower.addingReportingOverflow(max(0, length))
    let upper = max(lower, min(overflow ? Int.max : sum, offsets.count - 1))
    let startByte = scalar.range.start + offsets[lower]
    var endByte = scalar.range.start + offsets[upper]
    if upper > lower, endByte <= startByte { endByte = startByte + 1 }
    return SourceRange(
        file: scalar.range.file, start: startByte, end: max(startByte + (upper > lower ? 1 : 0), endByte))
}

@Test func sourceRangeMatchesFullOffsets() {
    let inputs = offsetCases.map(\.input) + ["a: \"x\\ty \\u263A \\\n  z\"\nb: >-\n  c\n\n  d\nc: 'e''f\n  g'\n"]
    for input in inputs {
        for scalar in allScalars(readYAML(input).root) {
            let count = scalar.value.unicodeScalars.count
            for offset in -1...(count + 1) {
                for length in [-1, 0, 1, 2, count, Int.max] {
                    let range = scalar.sourceRange(valueOffset: offset, length: length)
                    let expected = expectedRange(scalar, offset: offset, length: length)
                    #expect(range.start == expected.start, "\(scalar.value.debugDescription) \(offset) \(length)")
                    #expect(range.end == expected.end, "\(scalar.value.debugDescription) \(offset) \(length)")
                }
            }
        }
    }
}
