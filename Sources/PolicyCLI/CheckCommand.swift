// `policyc check`: type-checks a policy directory and prints every
// diagnostic, in text for people or in a machine format for CI.

import Foundation
import PolicyKit
import PolicySource

enum CheckCommand: Command {
    static let help = """
        usage: policyc check [options] <policy-directory>

        Type-checks every policy file below the directory and reports every
        mistake with its file, line and column.

        options:
          --format text|json     output format (default: text)
          --warnings-as-errors   exit with status 1 when there are warnings
          --max-diagnostics N    print at most N diagnostics and count the rest (default: 100)
          --color auto|always|never   color text output (default: auto: only on a terminal, off with NO_COLOR)

        exit status: 0 no errors (warnings allowed), 1 errors, 2 usage error
        """

    static func run(_ arguments: [String]) throws -> Int32 {
        let options = try Arguments(arguments, valueOptions: ["--format", "--max-diagnostics", "--color"],
                                    flagOptions: ["--warnings-as-errors"])
        guard options.positionals.count == 1, let directory = options.positionals.first else {
            throw UsageError("expected one policy directory, got \(options.positionals.count) arguments")
        }
        let format = try options.choice("--format", from: DiagnosticFormat.names, default: "text")
        let limit = try options.integer("--max-diagnostics", in: 1...100_000, default: 100)
        let color = try options.choice("--color", from: ["auto", "always", "never"], default: "auto")

        let result = PolicyCompiler().compile(directory: directory)
        let output = DiagnosticFormat.render(result.diagnostics, format: format, limit: limit, color: Console.useColor(color))
        Console.write(output)
        if format == "text" {
            let summary = TextRenderer.summary(errors: result.errorCount, warnings: result.warningCount)
            let subject = "\(result.files.count) file\(result.files.count == 1 ? "" : "s")"
            Console.error(result.errorCount == 0 ? "\(directory): \(subject) checked, \(summary)" : "\(directory): \(summary)")
        }
        if result.errorCount > 0 { return ExitStatus.failure }
        if options.flag("--warnings-as-errors"), result.warningCount > 0 { return ExitStatus.failure }
        return ExitStatus.success
    }
}

/// Renders diagnostics in one of the output formats.
enum DiagnosticFormat {
    static let names = ["text", "json"]

    static func render(_ diagnostics: [Diagnostic], format: String, limit: Int, color: Bool) -> String {
        switch format {
        case "json":
            return DiagnosticJSONText.render(diagnostics)
        default:
            return TextRenderer(useColor: color).render(diagnostics, limit: limit)
        }
    }
}

/// A stand-in JSON rendering until the PolicyOutput module provides the full one.
enum DiagnosticJSONText {
    static func render(_ diagnostics: [Diagnostic]) -> String {
        let items: [[String: Any]] = diagnostics.map { diagnostic in
            var item: [String: Any] = [
                "code": diagnostic.code.id, "severity": diagnostic.severity.rawValue, "message": diagnostic.message,
            ]
            if let range = diagnostic.range {
                item["file"] = range.file.path
                item["line"] = range.location.line
                item["column"] = range.location.column
            }
            if let hint = diagnostic.hint { item["hint"] = hint }
            return item
        }
        let data = (try? JSONSerialization.data(withJSONObject: ["diagnostics": items], options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
