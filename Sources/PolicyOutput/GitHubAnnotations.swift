// Diagnostics as GitHub Actions workflow commands. A step that prints
//
//   ::error file=policies/keys.yaml,line=3,col=9,endLine=3,endColumn=20,title=V001::message
//
// makes the runner attach an annotation to that place in the pull request.
// Severities map to the `error`, `warning` and `notice` commands.
//
// Escaping follows the encoder in GitHub's actions/toolkit (packages/core,
// command.ts). In the message, `%`, CR and LF become `%25`, `%0D` and `%0A`.
// Property values also turn `:` into `%3A` and `,` into `%2C`.

import PolicySource

/// Renders diagnostics as GitHub Actions annotation commands.
public struct GitHubAnnotations: Sendable {
    /// The directory that file paths are made relative to, usually the
    /// workspace; GitHub matches annotations to repository-relative paths.
    public var sourceRoot: String?

    /// Creates a renderer that makes paths relative to `sourceRoot` when given.
    public init(sourceRoot: String? = nil) {
        self.sourceRoot = sourceRoot
    }

    /// Renders one command line per diagnostic, each ending with a newline.
    public func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map { command(for: $0) + "\n" }.joined()
    }

    /// Returns the command for one diagnostic, without a line break. The
    /// message carries the hint and the notes on further (escaped) lines.
    public func command(for diagnostic: Diagnostic) -> String {
        var properties: [(String, String)] = []
        if let range = diagnostic.range {
            properties.append(("file", relativePath(range.file.path, root: sourceRoot)))
            properties += positionProperties(range)
        }
        properties.append(("title", diagnostic.code.id))

        let list = properties.map { "\($0.0)=\(Self.escapeProperty($0.1))" }.joined(separator: ",")
        return "::\(Self.command(for: diagnostic.severity)) \(list)::\(Self.escapeMessage(messageText(diagnostic)))"
    }

    // MARK: - Pieces

    private static func command(for severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .note: "notice"
        }
    }

    /// Returns the line and column properties, counting Unicode scalars.
    /// GitHub accepts columns only when the annotation starts and ends on one
    /// line, so a range over several lines keeps just its lines.
    private func positionProperties(_ range: SourceRange) -> [(String, String)] {
        let span = range.span(in: .unicodeScalars)

        // A range that ends just after a line break ends on the line before.
        var endLine = span.endLine
        var endColumn = span.endColumn
        if endLine > span.startLine, endColumn == 1 {
            endLine -= 1
            endColumn = range.file.lineText(endLine).unicodeScalars.count + 1
        }

        guard endLine == span.startLine else {
            return [("line", String(span.startLine)), ("endLine", String(endLine))]
        }
        // NOTE: GitHub's endColumn defaults to col when only col is given, so
        // it is read as the last column inside the annotation, not the one after.
        let lastColumn = max(span.startColumn, endColumn - 1)
        return [
            ("line", String(span.startLine)), ("col", String(span.startColumn)),
            ("endLine", String(endLine)), ("endColumn", String(lastColumn)),
        ]
    }

    private func messageText(_ diagnostic: Diagnostic) -> String {
        var text = diagnostic.messageWithHint
        for note in diagnostic.notes {
            let place = note.range.map { " (\(relativePath($0.file.path, root: sourceRoot)):\($0.location))" } ?? ""
            text += "\nnote: \(note.message)\(place)"
        }
        return text
    }

    // MARK: - Escaping

    /// Escapes a command's message: `%`, CR and LF.
    public static func escapeMessage(_ text: String) -> String {
        replacingScalars(in: text) { messageEscapes[$0] }
    }

    /// Escapes a property value: the message escapes plus `:` and `,`.
    public static func escapeProperty(_ text: String) -> String {
        replacingScalars(in: text) { messageEscapes[$0] ?? propertyEscapes[$0] }
    }

    private static let messageEscapes: [Unicode.Scalar: String] = ["%": "%25", "\r": "%0D", "\n": "%0A"]
    private static let propertyEscapes: [Unicode.Scalar: String] = [":": "%3A", ",": "%2C"]
}
