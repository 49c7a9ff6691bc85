// The YAML reading stage: checks a file's bytes, runs libyaml's event parser
// over them and builds the node tree, reporting Y-codes for everything the
// policy language does not accept. Nothing here resolves types: every scalar
// keeps its raw text and style for the schema to interpret.

public import PolicySource

/// Reads policy YAML files into node trees.
public enum YAMLReader {
    /// Reads the single YAML document in `file`, with diagnostics sorted by position.
    ///
    /// The root is nil for a file with no document (empty or only comments).
    /// It is also nil when reading stopped early: at a syntax error (Y001, or
    /// Y003 for a tab that libyaml rejected), at invalid UTF-8 (Y002) or at a
    /// limit (Y005, Y007, Y008, Y009).
    public static func read(_ file: SourceFile, limits: ReadLimits = ReadLimits()) -> YAMLDocument {
        if let problem = checkInput(file, limits: limits) {
            return YAMLDocument(file: file, root: nil, diagnostics: [problem])
        }

        let tree = TreeBuilder(file: file, limits: limits).build()
        var diagnostics = tree.diagnostics

        // libyaml lets some tabs through (inside flow collections and plain
        // scalars), so the lines it has read are checked here as well.
        let reported = Set(diagnostics.filter { $0.code == .tabIndentation }.compactMap { $0.range?.start })
        for tab in indentationTabs(in: file, before: tree.endOffset, exempt: tree.tabExemptRanges)
        where !reported.contains(tab) {
            diagnostics.append(.tabIndentation(at: SourceRange(file: file, start: tab, end: tab + 1)))
        }
        return YAMLDocument(file: file, root: tree.root, diagnostics: diagnostics.sorted(by: Diagnostic.sortOrder))
    }

    // MARK: - Input checks

    /// Returns the diagnostic for a file too large or not valid UTF-8 text, if any.
    private static func checkInput(_ file: SourceFile, limits: ReadLimits) -> Diagnostic? {
        guard file.bytes.count <= limits.maxFileBytes else {
            return .fileTooLarge(
                byteCount: file.bytes.count, limit: limits.maxFileBytes,
                at: SourceRange(file: file, start: 0, end: 0))
        }
        switch findInputProblem(file.bytes) {
        case .invalidUTF8(let offset, let byte):
            return .invalidUTF8(byte: byte, at: SourceRange(file: file, start: offset, end: offset + 1))
        case .controlCharacter(let offset, let length, let value):
            return .controlCharacter(value, at: SourceRange(file: file, start: offset, end: offset + length))
        case nil:
            return nil
        }
    }

    // MARK: - Tabs

    /// Returns the offsets of tabs in the indentation of lines that start
    /// before `end`, except tabs inside quoted and block scalars, where a tab
    /// at the start of a line is part of the value.
    static func indentationTabs(in file: SourceFile, before end: Int, exempt: [Range<Int>]) -> [Int] {
        var tabs: [Int] = []
        var exemptIndex = 0
        for lineStart in file.lineStarts where lineStart < end {
            guard let tab = firstIndentationTab(in: file.bytes, lineStart: lineStart) else { continue }
            while exemptIndex < exempt.count, exempt[exemptIndex].upperBound <= tab {
                exemptIndex += 1
            }
            let isContent = exemptIndex < exempt.count && exempt[exemptIndex].lowerBound < tab
            if !isContent {
                tabs.append(tab)
            }
        }
        return tabs
    }
}

/// Returns the first tab among the leading blanks of the line at `lineStart`,
/// or nil when there is none or the line contains nothing but blanks.
func firstIndentationTab(in bytes: [UInt8], lineStart: Int) -> Int? {
    var offset = lineStart
    var firstTab: Int?
    while offset < bytes.count {
        switch bytes[offset] {
        case UInt8(ascii: " "):
            break
        case UInt8(ascii: "\t"):
            firstTab = firstTab ?? offset
        case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
            return nil
        default:
            return firstTab
        }
        offset += 1
    }
    return nil
}
