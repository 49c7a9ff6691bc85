// Diagnostics as one JSON document for scripts and editors, for the command
// line's JSON output of check, lint and test findings.
// The shape is fixed: every member is present in every entry, and a missing
// position or hint is null, so a reader never has to test for a key.
//
//   {"diagnostics": [{"code", "name", "severity", "message", "file", "line",
//     "column", "end_line", "end_column", "hint",
//     "notes": [{"message", "file", "line", "column"}]}],
//    "summary": {"errors": N, "warnings": N}}
//
// Lines and columns are 1-based, columns count Unicode scalars as in the text
// output, and the end position is the one just after the range.

import PolicySource

/// Renders diagnostics and their error and warning counts as JSON.
public enum DiagnosticJSON {
    /// Renders the diagnostics, in the order given, as an indented JSON
    /// document with sorted keys, ending with a newline. Pass
    /// `DiagnosticBag.sorted()` for an order that does not depend on the stages.
    public static func render(_ diagnostics: [Diagnostic]) throws -> String {
        let errors = diagnostics.count { $0.severity == .error }
        let warnings = diagnostics.count { $0.severity == .warning }
        let document = JSONValue.object([
            "diagnostics": .array(diagnostics.map(entry)),
            "summary": .object(["errors": .integer(errors), "warnings": .integer(warnings)]),
        ])
        return try encodeDocument(document)
    }

    // MARK: - Entries

    private static func entry(_ diagnostic: Diagnostic) -> JSONValue {
        let span = diagnostic.range?.span(in: .unicodeScalars)
        return .object([
            "code": .string(diagnostic.code.id),
            "name": .string(diagnostic.code.name),
            "severity": .string(diagnostic.severity.rawValue),
            "message": .string(diagnostic.message),
            "file": .optional(diagnostic.range?.file.path),
            "line": .optional(span?.startLine),
            "column": .optional(span?.startColumn),
            "end_line": .optional(span?.endLine),
            "end_column": .optional(span?.endColumn),
            "hint": .optional(diagnostic.hint),
            "notes": .array(diagnostic.notes.map(noteEntry)),
        ])
    }

    private static func noteEntry(_ note: DiagnosticNote) -> JSONValue {
        let location = note.range?.location
        return .object([
            "message": .string(note.message),
            "file": .optional(note.range?.file.path),
            "line": .optional(location?.line),
            "column": .optional(location?.column),
        ])
    }
}
