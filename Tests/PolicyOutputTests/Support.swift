// Shared sample files, ranges and parsing helpers for the output tests.

import Foundation
import PolicySource

/// A policy file whose third line mixes accented letters and an emoji, so
/// Unicode-scalar and UTF-16 columns differ after them.
let keysFile = SourceFile(
    path: "policies/keys.yaml",
    text: "keys:\n  - id: alpha\n    note: \"café 😀\" bad: 10.0.0.0/33\n    scopes: [chat, chat]\n")

/// A second file, named with characters that need escaping in URIs and in
/// GitHub command properties.
let oddlyNamedFile = SourceFile(path: "./policies/a b,c:d%.yaml", text: "tiers:\n  gold: {}\n")

/// Returns the range of the first occurrence of `needle` in `file`, or an
/// empty range at the end of the file when it does not occur.
func range(of needle: String, in file: SourceFile) -> SourceRange {
    let bytes = file.bytes
    let pattern = Array(needle.utf8)
    var start = 0
    while start + pattern.count <= bytes.count {
        if Array(bytes[start..<(start + pattern.count)]) == pattern {
            return SourceRange(file: file, start: start, end: start + pattern.count)
        }
        start += 1
    }
    return SourceRange(file: file, start: bytes.count, end: bytes.count)
}

/// Diagnostics that cover every severity, notes with and without a range, a
/// hint, a diagnostic without a range and a repeated code.
func sampleDiagnostics() -> [Diagnostic] {
    [
        Diagnostic(
            .prefixOutOfRange, "prefix length '33' is outside 0..32 for IPv4",
            at: range(of: "10.0.0.0/33", in: keysFile), hint: "use a prefix length from 0 to 32"),
        Diagnostic(
            .duplicateEntry, "scope 'chat' is listed twice", at: range(of: "chat]", in: keysFile).subrange(offset: 0, length: 4),
            notes: [
                DiagnosticNote("first listed here", at: range(of: "chat,", in: keysFile).subrange(offset: 0, length: 4)),
                DiagnosticNote("duplicates are ignored"),
            ]),
        Diagnostic(.prefixOutOfRange, "prefix length '40' is outside 0..32 for IPv4", at: range(of: "gold", in: oddlyNamedFile)),
        Diagnostic(.emptyPolicy, "directory 'policies' contains no policy files", at: nil, severity: .note),
    ]
}

/// Parses JSON text into an object, or nil when it is not a JSON object.
func parseObject(_ text: String) -> [String: Any]? {
    guard let value = try? JSONSerialization.jsonObject(with: Data(text.utf8)) else { return nil }
    return value as? [String: Any]
}

/// Follows a path of object keys and array indexes through parsed JSON.
func value(_ root: Any?, _ path: Any...) -> Any? {
    var current = root
    for step in path {
        if let key = step as? String {
            current = (current as? [String: Any])?[key]
        } else if let index = step as? Int {
            guard let array = current as? [Any], array.indices.contains(index) else { return nil }
            current = array[index]
        }
    }
    return current
}
