// Prints diagnostics in the compiler convention:
//
//   path:line:column: error[CODE]: message
//      |
//   12 |     allow: [10.0.0.0/33]
//      |             ^^^^^^^^^^^
//   path:line:column: note: first defined here
//      = hint: ...

/// Renders diagnostics as text with a source excerpt and a caret under the value.
public struct TextRenderer: Sendable {
    /// Whether to add ANSI colors; the command line turns this on only for a terminal.
    public var useColor: Bool

    public init(useColor: Bool = false) {
        self.useColor = useColor
    }

    /// Renders one diagnostic, ending with a newline.
    public func render(_ diagnostic: Diagnostic) -> String {
        var output = ""
        let label = paint("\(diagnostic.severity.rawValue)[\(diagnostic.code.id)]", color: color(for: diagnostic.severity))
        output += "\(place(diagnostic.range))\(label): \(paint(diagnostic.message, color: "1"))\n"
        if let range = diagnostic.range {
            output += excerpt(range)
        }
        for note in diagnostic.notes {
            output += "\(place(note.range))\(paint("note", color: "36")): \(note.message)\n"
            if let range = note.range {
                output += excerpt(range)
            }
        }
        if let hint = diagnostic.hint {
            output += "   = \(paint("hint", color: "32")): \(hint)\n"
        }
        return output
    }

    /// Renders a list of diagnostics, keeping at most `limit` and counting the
    /// rest. When some must be left out, errors are kept before warnings and
    /// notes; the kept ones stay in their given order.
    public func render(_ diagnostics: [Diagnostic], limit: Int = 100) -> String {
        var kept = Array(diagnostics.indices)
        if diagnostics.count > limit {
            kept = diagnostics.indices.sorted { (diagnostics[$1].severity, $0) < (diagnostics[$0].severity, $1) }
            kept = Array(kept.prefix(limit)).sorted()
        }
        var output = ""
        for index in kept {
            output += render(diagnostics[index])
        }
        if diagnostics.count > limit {
            output += "\(diagnostics.count - limit) more diagnostics not shown\n"
        }
        return output
    }

    /// Returns the closing summary line, for example `2 errors, 1 warning`.
    public static func summary(errors: Int, warnings: Int) -> String {
        "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
    }

    // MARK: - Pieces

    private func place(_ range: SourceRange?) -> String {
        range.map { "\($0): " } ?? ""
    }

    /// Returns the source line of the range's start with carets under the range. A
    /// range that spans lines is underlined to the end of its first line.
    private func excerpt(_ range: SourceRange) -> String {
        let start = range.file.location(of: range.start)
        let lineText = range.file.lineText(start.line)
        let end = range.file.location(of: range.end)
        let lineWidth = lineText.unicodeScalars.count
        var width = end.line == start.line ? end.column - start.column : lineWidth - start.column + 1
        width = max(1, min(width, max(1, lineWidth - start.column + 1)))

        let number = String(start.line)
        let gutter = String(repeating: " ", count: number.count)
        let visibleLine = String(String.UnicodeScalarView(lineText.unicodeScalars.map { $0 == "\t" ? " " : $0 }))
        let padding = String(repeating: " ", count: max(0, start.column - 1))
        var output = "\(gutter) |\n"
        output += "\(number) | \(visibleLine)\n"
        output += "\(gutter) | \(padding)\(paint(String(repeating: "^", count: width), color: "32"))\n"
        return output
    }

    private func color(for severity: Severity) -> String {
        switch severity {
        case .error: "1;31"
        case .warning: "1;33"
        case .note: "1;36"
        }
    }

    private func paint(_ text: String, color: String) -> String {
        useColor ? "\u{1B}[\(color)m\(text)\u{1B}[0m" : text
    }
}
