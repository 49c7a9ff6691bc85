// The name table used for key, scope, model and route lookups.

@testable import PolicyKit
import Testing

@Test func nameTableFindsEveryName() {
    let names = (0..<50_000).map { "key-\($0)" }
    let table = NameTable(names)
    for (index, name) in names.enumerated() {
        #expect(table[name] == Int32(index))
    }
}

@Test func nameTableMissesUnknownNames() {
    let table = NameTable((0..<1_000).map { "key-\($0)" })
    for name in ["", "key-", "key-1000", "KEY-1", "key-1 ", "ключ", "key-00"] {
        #expect(table[name] == nil, "found '\(name)'")
    }
}

@Test func nameTableEmptyAndDuplicates() {
    #expect(NameTable([])["anything"] == nil)
    let table = NameTable(["a", "b", "a"])
    #expect(table["a"] == 0)
    #expect(table["b"] == 1)
}

@Test func nameTableComparesWholeNames() {
    // Unicode-equivalent spellings are different byte strings; policy names are compared as Swift strings.
    let table = NameTable(["caf\u{E9}"])
    #expect(table["caf\u{E9}"] == 0)
    #expect(table["cafe"] == nil)
}
