// Each Y-code the reader emits, with the exact position it points at.

import PolicySource
import Testing
import PolicyYAML

struct DiagnosticCase: CustomTestStringConvertible, Sendable {
    let name: String
    let input: [UInt8]
    let limits: ReadLimits
    let code: DiagnosticCode
    let position: String

    init(_ name: String, _ input: String, _ code: DiagnosticCode, _ position: String, limits: ReadLimits = ReadLimits()) {
        self.init(name, bytes: Array(input.utf8), code, position, limits: limits)
    }

    init(_ name: String, bytes: [UInt8], _ code: DiagnosticCode, _ position: String, limits: ReadLimits = ReadLimits()) {
        self.name = name
        self.input = bytes
        self.limits = limits
        self.code = code
        self.position = position
    }

    var testDescription: String { name }
}

let diagnosticCases: [DiagnosticCase] = [
    DiagnosticCase("reserved indicator", "a: @x\n", .yamlSyntax, "1:4"),
    DiagnosticCase("unclosed quote", "a: 'x\nb: 1\n", .yamlSyntax, "3:1"),
    DiagnosticCase("unclosed flow list", "a: [1, 2\n", .yamlSyntax, "2:1"),
    DiagnosticCase("bad list indentation", "a:\n  - b\n  c: d\n", .yamlSyntax, "3:3"),
    DiagnosticCase("unknown escape", "a: \"x\\q\"\n", .yamlSyntax, "1:6"),
    DiagnosticCase("undefined alias", "a: 1\nb: *missing\n", .yamlSyntax, "2:4"),
    DiagnosticCase("control character", "a: x\u{7}y\n", .yamlSyntax, "1:5"),
    DiagnosticCase("error after multibyte key", "ключ: @x\n", .yamlSyntax, "1:7"),
    DiagnosticCase("error after emoji", "😀😀: [\n  x: @\n", .yamlSyntax, "2:6"),
    DiagnosticCase("error after CRLF lines", "a: 1\r\nb: 2\r\nc: @\r\n", .yamlSyntax, "3:4"),
    DiagnosticCase("error after byte-order mark", "\u{FEFF}é: 1\nb: @\n", .yamlSyntax, "2:4"),
    DiagnosticCase("invalid byte", bytes: Array("a: é".utf8) + [0xFF, 0x0A], .invalidUTF8, "1:5"),
    DiagnosticCase("truncated sequence", bytes: Array("a: 1\nbb: x".utf8) + [0xE2, 0x82], .invalidUTF8, "2:6"),
    DiagnosticCase("encoded surrogate", bytes: Array("k: ".utf8) + [0xED, 0xA0, 0x80], .invalidUTF8, "1:4"),
    DiagnosticCase("overlong slash", bytes: [0xC0, 0xAF], .invalidUTF8, "1:1"),
    DiagnosticCase("UTF-16 file", bytes: [0xFF, 0xFE, 0x61, 0x00], .invalidUTF8, "1:1"),
    DiagnosticCase("tab before key", "a:\n\tb: 1\n", .tabIndentation, "2:1"),
    DiagnosticCase("tab after spaces", "a:\n  b:\n  \t c: 1\n", .tabIndentation, "3:3"),
    DiagnosticCase("tab in flow list", "a: [1,\n  \t2]\n", .tabIndentation, "2:3"),
    DiagnosticCase("tab before comment", "a: [1,\n\t# two\n  2]\n", .tabIndentation, "2:1"),
    DiagnosticCase("tab in plain continuation", "a: one\n \ttwo\n", .tabIndentation, "2:2"),
    DiagnosticCase("tab after CRLF", "a: [1,\r\n\t2]\r\n", .tabIndentation, "2:1"),
    DiagnosticCase("duplicate key", "a: 1\nb: 2\na: 3\n", .duplicateKey, "3:1"),
    DiagnosticCase("duplicate quoted key", "'a': 1\n\"a\": 2\n", .duplicateKey, "2:1"),
    DiagnosticCase("duplicate flow key", "m: {x: 1, x: 2}\n", .duplicateKey, "1:11"),
    DiagnosticCase("duplicate non-ASCII key", "ключ: 1\nключ: 2\n", .duplicateKey, "2:1"),
    DiagnosticCase(
        "alias count", "a: &x 1\nb: *x\nc: *x\nd: *x\n", .aliasLimit, "4:4", limits: limits { $0.maxAliases = 2 }),
    DiagnosticCase(
        "alias expansion", "a: &x [1, 2, 3]\nb: *x\nc: *x\n", .aliasLimit, "3:4",
        limits: limits { $0.maxAliasExpansion = 6 }),
    DiagnosticCase("recursive alias", "a: &x [1, *x]\n", .aliasLimit, "1:11"),
    DiagnosticCase("second document", "a: 1\n---\nb: 2\n", .multipleDocuments, "2:1"),
    DiagnosticCase("document after end marker", "a: 1\n...\n---\nb: 2\n", .multipleDocuments, "3:1"),
    DiagnosticCase("bare document after end marker", "a: 1\n...\nb: 2\n", .yamlSyntax, "3:1"),
    DiagnosticCase("nesting depth", "a:\n  b:\n    c: 1\n", .depthLimit, "2:3", limits: limits { $0.maxDepth = 1 }),
    DiagnosticCase("flow nesting depth", "[[[x]]]\n", .depthLimit, "1:3", limits: limits { $0.maxDepth = 2 }),
    DiagnosticCase(
        "depth through alias", "a: &x [[1]]\nb: [*x]\n", .depthLimit, "2:5", limits: limits { $0.maxDepth = 3 }),
    DiagnosticCase("file size", "a: 1234567890\n", .fileTooLarge, "1:1", limits: limits { $0.maxFileBytes = 10 }),
    DiagnosticCase("node count", "[a, b, c]\n", .nodeLimit, "1:8", limits: limits { $0.maxNodes = 3 }),
    DiagnosticCase(
        "node count through alias", "a: &x [1, 2]\nb: *x\n", .nodeLimit, "2:4", limits: limits { $0.maxNodes = 6 }),
    DiagnosticCase("python tag", "a: !!python/object:os.system x\n", .unsupportedTag, "1:4"),
    DiagnosticCase("binary tag", "a: !!binary aGk=\n", .unsupportedTag, "1:4"),
    DiagnosticCase("int tag", "a: !!int 3\n", .unsupportedTag, "1:4"),
    DiagnosticCase("custom tag", "a: !foo x\n", .unsupportedTag, "1:4"),
    DiagnosticCase("string tag on mapping", "a: !!str {b: 1}\n", .unsupportedTag, "1:4"),
    DiagnosticCase("map tag on list", "a: !!map [1]\n", .unsupportedTag, "1:4"),
    DiagnosticCase("list as key", "? [a]\n: b\n", .complexKey, "1:3"),
    DiagnosticCase("mapping as key", "? {a: 1}\n: b\n", .complexKey, "1:3"),
    DiagnosticCase("alias as key", "x: &k name\n*k : v\n", .complexKey, "2:1"),
]

@Test(arguments: diagnosticCases)
func diagnosticPosition(_ testCase: DiagnosticCase) {
    let document = readYAML(bytes: testCase.input, limits: testCase.limits)
    let first = document.diagnostics.first
    #expect(document.diagnostics.count == 1, "\(document.diagnostics)")
    #expect(first?.code == testCase.code)
    #expect(position(first?.range) == testCase.position)
}

@Test func duplicateKeyNote() {
    let document = readYAML("rules:\n  allow: 1\n  deny: 2\n  allow: 3\n")
    let diagnostic = document.diagnostics.first
    #expect(diagnostic?.message == "duplicate key 'allow' in this mapping")
    #expect(position(diagnostic?.range) == "4:3")
    #expect(diagnostic?.notes.count == 1)
    #expect(diagnostic?.notes.first?.message == "first defined here")
    #expect(position(diagnostic?.notes.first?.range) == "2:3")
}

@Test func duplicateKeyKeepsFirst() {
    let document = readYAML("a: first\nb: 2\na: second\nc: 3\n")
    #expect(value("a", in: document)?.scalar?.value == "first")
    #expect(value("c", in: document)?.scalar?.value == "3")
    guard case .mapping(let entries, _, _) = document.root else {
        Issue.record("root is not a mapping")
        return
    }
    #expect(entries.map(\.key.value) == ["a", "b", "c"])
}

@Test func duplicateKeyRendered() {
    let document = readYAML("a: 1\na: 2\n")
    let rendered = TextRenderer().render(document.diagnostics)
    #expect(rendered == """
        test.yaml:2:1: error[Y004]: duplicate key 'a' in this mapping
          |
        2 | a: 2
          | ^
        test.yaml:1:1: note: first defined here
          |
        1 | a: 1
          | ^
           = hint: remove one of the two entries or merge them into one

        """)
}

@Test func tabMessage() {
    let diagnostic = readYAML("a:\n\tb: 1\n").diagnostics.first
    #expect(diagnostic?.message == "tab character used for indentation")
    #expect(diagnostic?.hint == "YAML indentation must use spaces; replace the tab with spaces")
}

@Test func tabsInsideQuotedAndBlockScalars() {
    let inputs = [
        "a: \"one\n\ttwo\"\n",
        "a: 'one\n\ttwo'\n",
        "a: |\n  one\n  \ttwo\n",
        "a: >\n  one\n  \ttwo\n",
        "a:\tb\n",
    ]
    for input in inputs {
        let document = readYAML(input)
        #expect(document.diagnostics.isEmpty, "\(input.debugDescription): \(document.diagnostics)")
        #expect(document.root != nil)
    }
}

@Test func syntaxErrorNote() {
    let diagnostic = readYAML("a: [1, 2\n").diagnostics.first
    #expect(diagnostic?.message == "expected ',' or ']' in a flow list, found the end of the file")
    #expect(diagnostic?.notes.first?.message == "in the list that starts here")
    #expect(position(diagnostic?.notes.first?.range) == "1:4")
}

@Test func escapeErrorQuotesSequence() {
    let diagnostic = readYAML("a: \"x\\q\"\n").diagnostics.first
    #expect(diagnostic?.message == "unknown escape sequence in a double-quoted string, found '\\q'")
}

@Test func unsupportedTagNamesTag() {
    let diagnostic = readYAML("a: !!python/object:os.system x\n").diagnostics.first
    #expect(diagnostic?.message == "tag '!!python/object:os.system' is not supported on a scalar")
}

@Test func invalidUTF8Message() {
    let diagnostic = readYAML(bytes: Array("a: ".utf8) + [0xC3, 0x28]).diagnostics.first
    #expect(diagnostic?.message == "invalid UTF-8 byte 0xC3")
    #expect(diagnostic?.range?.end == 4)
}

@Test func fatalErrorsDropRoot() {
    let inputs = ["a: @x\n", "a: *nope\n", "[[[x]]]\n"]
    for input in inputs {
        #expect(readYAML(input, limits: limits { $0.maxDepth = 2 }).root == nil, "\(input.debugDescription)")
    }
}

@Test func secondDocumentKeepsFirst() {
    let document = readYAML("a: 1\n---\nb: 2\n")
    #expect(value("a", in: document)?.scalar?.value == "1")
    #expect(value("b", in: document) == nil)
}

@Test func complexKeyEntryDropped() {
    let document = readYAML("? [a]\n: b\nc: d\n")
    guard case .mapping(let entries, _, _) = document.root else {
        Issue.record("root is not a mapping")
        return
    }
    #expect(entries.map(\.key.value) == ["c"])
}
