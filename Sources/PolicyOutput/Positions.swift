// Line and column pairs for both ends of a source range, in the column unit a
// format expects, and file paths made relative to a source root. Ranges stay
// UTF-8 byte offsets until a writer needs them, as everywhere in policyc.

import PolicySource

/// How a format counts columns. The text renderer, the JSON writer and GitHub
/// annotations count Unicode scalars; SARIF's default unit is UTF-16 code units.
enum ColumnUnit: Sendable {
    case unicodeScalars
    case utf16CodeUnits
}

/// Both ends of a range as 1-based lines and columns. The end is exclusive:
/// it is the position just after the last character, as in SARIF regions.
struct Span: Sendable, Hashable {
    var startLine: Int
    var startColumn: Int
    var endLine: Int
    var endColumn: Int
}

extension SourceRange {
    /// Returns the lines and columns of both ends, counting columns in `unit`.
    func span(in unit: ColumnUnit) -> Span {
        let start = file.position(of: self.start, in: unit)
        let end = file.position(of: self.end, in: unit)
        return Span(startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column)
    }
}

extension SourceFile {
    /// Returns the 1-based line and column of a byte offset, counting columns in `unit`.
    func position(of offset: Int, in unit: ColumnUnit) -> SourceLocation {
        let location = location(of: offset)
        switch unit {
        case .unicodeScalars:
            return location
        case .utf16CodeUnits:
            // `location(of:)` returns a line in 1...lineStarts.count, so the index is valid.
            let lineStart = lineStarts[location.line - 1]
            let clamped = max(lineStart, min(offset, bytes.count))
            let prefix = String(decoding: bytes[lineStart..<clamped], as: UTF8.self)
            return SourceLocation(line: location.line, column: prefix.utf16.count + 1)
        }
    }
}

// MARK: - Paths

/// Returns `path` relative to `root` when it lies under it, without any
/// leading `./`. Other paths come back unchanged apart from the `./`.
func relativePath(_ path: String, root: String?) -> String {
    var result = Substring(path)
    if let root, !root.isEmpty {
        let prefix = root.hasSuffix("/") ? root : root + "/"
        if result.hasPrefix(prefix) {
            result = result.dropFirst(prefix.count)
        }
    }
    while result.hasPrefix("./") {
        result = result.dropFirst(2)
    }
    return String(result)
}
