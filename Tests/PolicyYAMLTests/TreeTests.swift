// The shape of the tree: raw plain scalars, aliases expanded into copies,
// accepted tags, empty files and positions in CRLF files.

import PolicySource
import Testing
import PolicyYAML

@Test(arguments: ["on", "no", "yes", "off", "22:30", "010", "0x1F", "1e3", "~", "null", ".inf", "2024-01-01"])
func plainScalarKeepsText(_ word: String) throws {
    let document = readYAML("k: \(word)\n")
    let scalar = try #require(value("k", in: document)?.scalar)
    #expect(document.diagnostics.isEmpty)
    #expect(scalar.value == word)
    #expect(scalar.style == .plain)
    #expect(scalar.tag == nil)
    #expect(text(scalar.range) == word)
}

@Test func scalarStyles() {
    let document = readYAML("a: x\nb: 'x'\nc: \"x\"\nd: |\n  x\ne: >\n  x\n")
    let styles = ["a", "b", "c", "d", "e"].map { value($0, in: document)?.scalar?.style }
    #expect(styles == [.plain, .singleQuoted, .doubleQuoted, .literal, .folded])
}

@Test(arguments: ["", "# only a comment\n", "\n\n   \n", "\u{FEFF}", "# a\r\n# b\r\n"])
func emptyFileHasNoRoot(_ input: String) {
    let document = readYAML(input)
    #expect(document.root == nil)
    #expect(document.diagnostics.isEmpty)
}

@Test func explicitEmptyDocumentIsNull() throws {
    let document = readYAML("---\n")
    let scalar = try #require(document.root?.scalar)
    #expect(scalar.isNull)
    #expect(document.diagnostics.isEmpty)
}

@Test func aliasExpandsToCopy() throws {
    let document = readYAML("base: &b {x: 1, y: [2, 3]}\ncopy: *b\n")
    #expect(document.diagnostics.isEmpty)
    let base = try #require(value("base", in: document))
    let copy = try #require(value("copy", in: document))
    #expect(base == copy)
    #expect(copy.range == base.range)
}

@Test func equalityIgnoresPositions() {
    let first = readYAML("a: [1, 'two']\n").root
    let second = readYAML("\n\na:   [ 1,   'two' ]\n").root
    #expect(first == second)
    #expect(first?.hashValue == second?.hashValue)
    #expect(first != readYAML("a: [1, two]\n").root)
}

@Test func anchorRedefinitionUsesLatest() throws {
    let document = readYAML("a: &x 1\nb: &x 2\nc: *x\n")
    #expect(value("c", in: document)?.scalar?.value == "2")
}

@Test func acceptedTagsKept() throws {
    let document = readYAML("s: !!str 10\nm: !!map {a: 1}\nl: !!seq [1]\n")
    #expect(document.diagnostics.isEmpty)
    #expect(value("s", in: document)?.tag == "tag:yaml.org,2002:str")
    #expect(value("m", in: document)?.tag == "tag:yaml.org,2002:map")
    #expect(value("l", in: document)?.tag == "tag:yaml.org,2002:seq")
    #expect(value("s", in: document)?.scalar?.value == "10")
}

@Test func yamlDirectiveAccepted() {
    #expect(readYAML("%YAML 1.1\n---\na: 1\n").diagnostics.isEmpty)
    #expect(readYAML("%YAML 1.2\n---\na: 1\n").diagnostics.isEmpty)
}

@Test func collectionRanges() throws {
    let document = readYAML("outer:\n  list: [1, 2]\n  map:\n    k: v\n")
    let outer = try #require(value("outer", in: document))
    guard case .mapping(let entries, _, _) = outer else {
        Issue.record("outer is not a mapping")
        return
    }
    #expect(position(outer.range) == "2:3")
    #expect(text(entries[0].value.range) == "[1, 2]")
    #expect(position(entries[1].value.range) == "4:5")
}

@Test func crlfPositions() throws {
    let document = readYAML("a: 1\r\nlist:\r\n  - x\r\n  - \"y\"\r\nz: last\r\n")
    #expect(document.diagnostics.isEmpty)
    let scalars = allScalars(document.root)
    #expect(scalars.map(\.value) == ["a", "1", "list", "x", "y", "z", "last"])
    #expect(scalars.map { position($0.range) } == ["1:1", "1:4", "2:1", "3:5", "4:5", "5:1", "5:4"])
    #expect(scalars.map { text($0.range) } == ["a", "1", "list", "x", "\"y\"", "z", "last"])
}

@Test func nonASCIIKeyPositions() throws {
    let document = readYAML("ключ: значение\n名前: 値\n😀: [é, ü]\n")
    let scalars = allScalars(document.root)
    #expect(scalars.map { position($0.range) } == ["1:1", "1:7", "2:1", "2:5", "3:1", "3:5", "3:8"])
    #expect(scalars.map { text($0.range) } == ["ключ", "значение", "名前", "値", "😀", "é", "ü"])
}

@Test func byteOrderMarkPositions() throws {
    let document = readYAML("\u{FEFF}a: é\nb: x\n")
    let scalars = allScalars(document.root)
    #expect(document.diagnostics.isEmpty)
    #expect(scalars.map { text($0.range) } == ["a", "é", "b", "x"])
    #expect(scalars.first?.range.start == 3)
}

@Test func nulEscapeKept() throws {
    let scalar = try #require(value("k", in: readYAML("k: \"a\\0b\"\n"))?.scalar)
    #expect(scalar.value == "a\u{0}b")
    #expect(text(scalar.sourceRange(valueOffset: 2, length: 1)) == "b")
}

@Test func longNonASCIIFilePositions() throws {
    // Hundreds of lines put most marks far past the first 64-character checkpoint.
    let lines = (0..<300).map { "ké\($0): \"välue \($0)\" # ü\n" }
    let document = readYAML("\u{FEFF}" + lines.joined())
    #expect(document.diagnostics.isEmpty)
    let scalars = allScalars(document.root)
    #expect(scalars.count == 600)
    for (index, scalar) in scalars.enumerated() {
        let line = index / 2
        let isKey = index % 2 == 0
        #expect(text(scalar.range) == (isKey ? "ké\(line)" : "\"välue \(line)\""))

        // The printed column counts the byte-order mark on the first line.
        let keyColumn = line == 0 ? 2 : 1
        let column = isKey ? keyColumn : keyColumn + 4 + String(line).count
        #expect(position(scalar.range) == "\(line + 1):\(column)")
    }
}

@Test func contextMarkBeforeProblemInNonASCIIFile() throws {
    // The context mark lies hundreds of characters before the problem mark.
    let items = (0..<100).map { "ü\($0): é" }.joined(separator: ", ")
    let document = readYAML("a: ä\nm: {\(items)\n")
    let diagnostic = try #require(document.diagnostics.first)
    #expect(diagnostic.code == .yamlSyntax)
    #expect(position(diagnostic.range) == "3:1")
    #expect(diagnostic.notes.map { position($0.range) } == ["2:4"])
}

@Test(arguments: [3, 15, 16, 17, 40])
func duplicateKeyInLongMapping(firstLine: Int) throws {
    // Short mappings compare keys in order and long ones hash them; both must find the first definition.
    var lines = (1...40).map { "k\($0): \($0)" }
    lines.append("k\(firstLine): again")
    let document = readYAML(lines.joined(separator: "\n") + "\n")
    let diagnostic = try #require(document.diagnostics.first)
    #expect(document.diagnostics.count == 1)
    #expect(diagnostic.code == .duplicateKey)
    #expect(position(diagnostic.range) == "41:1")
    #expect(diagnostic.notes.map { position($0.range) } == ["\(firstLine):1"])
    guard case .mapping(let entries, _, _) = document.root else {
        Issue.record("the root is not a mapping")
        return
    }
    #expect(entries.count == 40)
    #expect(entries.map(\.key.value) == (1...40).map { "k\($0)" })
}

@Test func duplicateKeysInShortAndLongMappings() throws {
    // The duplicate in each mapping comes after the mapping has grown past the linear search.
    let short = "s:\n" + (1...5).map { "  a\($0): x\n" }.joined() + "  a2: y\n"
    let long = "l:\n" + (1...20).map { "  b\($0): x\n" }.joined() + "  b18: y\n  b2: z\n"
    let document = readYAML(short + long)
    #expect(document.diagnostics.map(\.code) == [.duplicateKey, .duplicateKey, .duplicateKey])
    #expect(document.diagnostics.map { position($0.range) } == ["7:3", "29:3", "30:3"])
    #expect(document.diagnostics.flatMap { $0.notes.map { position($0.range) } } == ["3:3", "26:3", "10:3"])
}
