// Hostile and broken input: alias bombs, deep nesting, huge files, random
// bytes and mutated policies. None may trap, and every position reported
// must lie inside the file.

import PolicySource
import Testing
import PolicyYAML

/// Checks that every range in a document lies inside its file and that
/// every scalar's offsets fit its range.
func expectConsistent(_ document: YAMLDocument, _ label: @autoclosure () -> String) {
    let size = document.file.bytes.count
    for diagnostic in document.diagnostics {
        let ranges = [diagnostic.range] + diagnostic.notes.map(\.range)
        for range in ranges.compactMap({ $0 }) {
            #expect(range.start >= 0, "\(label()): \(diagnostic)")
            #expect(range.end <= size, "\(label()): \(diagnostic)")
        }
    }
    for scalar in allScalars(document.root) {
        #expect(scalar.range.end <= size, "\(label())")
        let offsets = scalar.sourceOffsets()
        #expect(offsets.count == scalar.value.unicodeScalars.count + 1, "\(label())")
        #expect(offsets.allSatisfy { $0 >= 0 }, "\(label())")
        #expect(offsets.allSatisfy { $0 <= scalar.range.end - scalar.range.start }, "\(label())")
    }
}

/// Builds a "billion laughs" file: `levels` anchors, each a list of `width` aliases to the previous one.
func aliasBomb(levels: Int, width: Int) -> String {
    var lines = ["l0: &l0 [lol]"]
    for level in 1...levels {
        let items = Array(repeating: "*l\(level - 1)", count: width).joined(separator: ", ")
        lines.append("l\(level): &l\(level) [\(items)]")
    }
    return lines.joined(separator: "\n") + "\n"
}

@Test func aliasBombFailsFast() {
    let document = readYAML(aliasBomb(levels: 9, width: 10))
    #expect(document.root == nil)
    #expect(document.diagnostics.map(\.code) == [.aliasLimit])
    #expect(position(document.diagnostics.first?.range) == "5:25")
}

@Test func aliasBombWithRaisedLimitsStillStops() {
    let raised = limits {
        $0.maxAliases = 1_000_000
        $0.maxAliasExpansion = 1_000_000_000
        $0.maxNodes = 5_000_000
    }
    let document = readYAML(aliasBomb(levels: 9, width: 10), limits: raised)
    #expect(document.diagnostics.map(\.code) == [.nodeLimit])
}

@Test func aliasBombOfMappings() {
    var lines = ["a: &a {x: 1, y: 2}"]
    for (index, name) in ["b", "c", "d", "e", "f", "g", "h", "i"].enumerated() {
        let previous = index == 0 ? "a" : ["b", "c", "d", "e", "f", "g", "h"][index - 1]
        lines.append("\(name): &\(name) {p: *\(previous), q: *\(previous), r: *\(previous), s: *\(previous)}")
    }
    let document = readYAML(lines.joined(separator: "\n"))
    #expect(document.diagnostics.map(\.code) == [.aliasLimit])
}

@Test func deepFlowNesting() {
    let document = readYAML(String(repeating: "[", count: 10_000))
    #expect(document.diagnostics.map(\.code) == [.depthLimit])
    #expect(position(document.diagnostics.first?.range) == "1:65")
}

@Test func deepBlockNesting() {
    var text = ""
    for level in 0..<200 {
        text += String(repeating: " ", count: level) + "k\(level):\n"
    }
    let document = readYAML(text)
    #expect(document.diagnostics.map(\.code) == [.depthLimit])
    #expect(position(document.diagnostics.first?.range) == "65:65")
}

@Test func deepNestingWithinLimit() {
    let depth = 64
    let document = readYAML(String(repeating: "[", count: depth) + String(repeating: "]", count: depth))
    #expect(document.diagnostics.isEmpty)
    #expect(document.root != nil)
}

@Test func twentyMegabyteFileRejected() {
    let bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 20 * 1024 * 1024)
    let document = readYAML(bytes: bytes)
    #expect(document.diagnostics.map(\.code) == [.fileTooLarge])
    #expect(document.diagnostics.first?.message == "file is 20971520 bytes, more than the limit of 16777216 bytes")
}

@Test func twentyMegabyteFileWithRaisedLimit() {
    // One long comment line with non-ASCII text, then a small mapping.
    var bytes = Array("# ".utf8)
    bytes += [UInt8](repeating: UInt8(ascii: "x"), count: 10 * 1024 * 1024)
    bytes += Array(String(repeating: "é", count: 5 * 1024 * 1024).utf8)
    bytes += Array("\nkey: @\n".utf8)
    let document = readYAML(bytes: bytes, limits: limits { $0.maxFileBytes = 32 * 1024 * 1024 })
    #expect(document.diagnostics.map(\.code) == [.yamlSyntax])
    #expect(position(document.diagnostics.first?.range) == "2:6")
}

@Test func manyNodesStopAtLimit() {
    let text = String(repeating: "- item\n", count: 100_000)
    let document = readYAML(text, limits: limits { $0.maxNodes = 1_000 })
    #expect(document.diagnostics.map(\.code) == [.nodeLimit])
    #expect(position(document.diagnostics.first?.range) == "1000:3")
}

@Test func randomBytesNeverTrap() {
    var generator = SeededGenerator(state: 1)
    for round in 0..<300 {
        let count = Int.random(in: 0..<200, using: &generator)
        let alphabet = Array("ab:-[]{},&*!|>'\"\\#?%@ \t\n\r".utf8) + [0xC3, 0xA9, 0xFF, 0x00, 0xE2, 0x82, 0xAC]
        let bytes = (0..<count).map { _ in
            Bool.random(using: &generator)
                ? alphabet.randomElement(using: &generator) ?? 0 : UInt8.random(in: 0...(round.isMultiple(of: 2) ? 0x7F : 0xFF), using: &generator)
        }
        let document = readYAML(bytes: bytes)
        expectConsistent(document, "round \(round): \(bytes)")
    }
}

@Test func mutatedPoliciesNeverTrap() {
    let policy = """
        version: 1
        keys:
          - id: "ключ-1"
            scopes: [chat:completions, 'embeddings']
            windows: &w
              - {days: [mon, tue], from: 09:00, to: "17:30"}
            note: |
              multi-line
                text \t here
            folded: >-
              a
              b
          - id: k2
            windows: *w
            cond: "request.tokens > 10 && user.tier == \\"gold\\" \\u00e9"
        """
    let base = Array(policy.utf8)
    var generator = SeededGenerator(state: 42)
    for round in 0..<400 {
        var bytes = base
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
            let index = Int.random(in: 0..<max(1, bytes.count), using: &generator)
            switch Int.random(in: 0..<4, using: &generator) {
            case 0 where index < bytes.count: bytes[index] = Array("\t:[{'\"&*!|>-#\n ".utf8).randomElement(using: &generator) ?? 0
            case 1 where index < bytes.count: bytes.remove(at: index)
            case 2: bytes.insert(UInt8.random(in: 0...255, using: &generator), at: min(index, bytes.count))
            default: bytes = Array(bytes.prefix(index))
            }
        }
        let document = readYAML(bytes: bytes)
        expectConsistent(document, "round \(round): \(String(decoding: bytes, as: UTF8.self).debugDescription)")
    }
}

@Test func truncatedPoliciesNeverTrap() {
    let policy = Array("a: {b: [1, \"two\\u00e9\", 'th''ree']}\nc: |\n  x\n  y\nd: &x [*x]\n".utf8)
    for length in 0...policy.count {
        expectConsistent(readYAML(bytes: Array(policy.prefix(length))), "prefix \(length)")
    }
}
