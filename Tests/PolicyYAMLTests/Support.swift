// Helpers shared by the YAML reader tests.

import PolicySource
import PolicyYAML

/// Reads `text` as a file named `test.yaml`.
func readYAML(_ text: String, limits: ReadLimits = ReadLimits()) -> YAMLDocument {
    YAMLReader.read(SourceFile(path: "test.yaml", text: text), limits: limits)
}

/// Reads raw bytes as a file named `test.yaml`.
func readYAML(bytes: [UInt8], limits: ReadLimits = ReadLimits()) -> YAMLDocument {
    YAMLReader.read(SourceFile(path: "test.yaml", bytes: bytes), limits: limits)
}

/// The printed `line:column` of a range's start, or "none".
func position(_ range: SourceRange?) -> String {
    range.map { $0.location.description } ?? "none"
}

/// The file text a range covers.
func text(_ range: SourceRange) -> String {
    range.file.text(range.start..<range.end)
}

/// ReadLimits with some fields changed.
func limits(_ change: (inout ReadLimits) -> Void) -> ReadLimits {
    var limits = ReadLimits()
    change(&limits)
    return limits
}

/// The value node of `key` in a root mapping.
func value(_ key: String, in document: YAMLDocument) -> Node? {
    guard case .mapping(let entries, _, _) = document.root else { return nil }
    return entries.first { $0.key.value == key }?.value
}

/// Every scalar in a tree, keys included, in document order.
func allScalars(_ node: Node?) -> [Scalar] {
    switch node {
    case .scalar(let scalar): [scalar]
    case .sequence(let items, _, _): items.flatMap { allScalars($0) }
    case .mapping(let entries, _, _): entries.flatMap { [$0.key] + allScalars($0.value) }
    case nil: []
    }
}

/// A small deterministic random number generator (SplitMix64), so failures repeat.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
