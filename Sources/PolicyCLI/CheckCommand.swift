// `policyc check`: type-checks a policy directory and prints every
// diagnostic, in text for people or in a machine format for CI.

import Foundation
import PolicyKit
import PolicyOutput
import PolicySource
import PolicyValues

enum CheckCommand: Command {
    static let help = """
        usage: policyc check [options] <policy-directory>

        Type-checks every policy file below the directory and reports every
        mistake with its file, line and column, then runs the security lints
        (see 'policyc lint --list').

        options:
          --now TIMESTAMP        the time expiry and rotation lints compare against (RFC 3339; default: now)
          --no-lints             skip the security lints
          --format text|json|sarif|github   output format (default: text); sarif is SARIF 2.1.0
                                 for code scanning, github prints workflow annotations
          --warnings-as-errors   exit with status 1 when there are warnings
          --max-diagnostics N    print at most N diagnostics and count the rest (default: 100)
          --color auto|always|never   color text output (default: auto: only on a terminal, off with NO_COLOR)

        exit status: 0 no errors (warnings allowed), 1 errors, 2 usage error
        """

    static func run(_ arguments: [String]) throws -> Int32 {
        try run(arguments, lintsOnly: false)
    }

    /// Runs `check`, or `lint` when `lintsOnly` is set.
    static func run(_ arguments: [String], lintsOnly: Bool) throws -> Int32 {
        let options = try Arguments(arguments, valueOptions: ["--format", "--max-diagnostics", "--color", "--now"],
                                    flagOptions: ["--warnings-as-errors", "--no-lints", "--list"])
        if lintsOnly, options.flag("--list") {
            Console.write(LintCommand.list())
            return ExitStatus.success
        }
        guard options.positionals.count == 1, let directory = options.positionals.first else {
            if lintsOnly, options.positionals.isEmpty { throw UsageError("expected one policy directory") }
            throw UsageError("expected one policy directory, got \(options.positionals.count) arguments")
        }
        let format = try options.choice("--format", from: DiagnosticFormat.names, default: "text")
        let limit = try options.integer("--max-diagnostics", in: 1...100_000, default: 100)
        let color = try options.choice("--color", from: ["auto", "always", "never"], default: "auto")

        let now = try options.value("--now").map(parseNow) ?? Timestamp(date: Date())
        let lints = options.flag("--no-lints") && !lintsOnly ? nil : LintConfiguration(now: now)
        let result = PolicyCompiler(lints: lints).compile(directory: directory)
        // `lint` shows the lints, and any error that kept the policy from being checked.
        let shown = lintsOnly ? result.diagnostics.filter { $0.code.id.hasPrefix("L") || $0.isError } : result.diagnostics
        let output = try DiagnosticFormat.render(shown, format: format, limit: limit, color: Console.useColor(color))
        Console.write(output)
        if format == "text" {
            let summary = TextRenderer.summary(errors: shown.count { $0.isError }, warnings: shown.count { $0.severity == .warning })
            let subject = "\(result.files.count) file\(result.files.count == 1 ? "" : "s")"
            Console.error(result.errorCount == 0 ? "\(directory): \(subject) checked, \(summary)" : "\(directory): \(summary)")
        }
        if result.errorCount > 0 { return ExitStatus.failure }
        if options.flag("--warnings-as-errors"), shown.contains(where: { $0.severity == .warning }) { return ExitStatus.failure }
        return ExitStatus.success
    }

    static func parseNow(_ text: String) throws -> Timestamp {
        switch Timestamp.parse(text) {
        case .success(let time): return time
        case .failure(let error): throw UsageError("invalid --now '\(text)': \(error.message)")
        }
    }
}

/// `policyc lint`: only the security lints.
enum LintCommand: Command {
    static let help = """
        usage: policyc lint [options] <policy-directory>

        Runs only the security lints on a policy. Errors that keep the policy
        from being checked are shown too. Configure lints in the policy:
        settings.lints maps a lint code or name to off, warning or error, and
        settings.lint_options sets expiry_warning_days, max_wildcard_scopes and
        production_labels.

        options:
          --list                 list every lint with its code, default severity and summary
          --now TIMESTAMP        the time expiry and rotation lints compare against (RFC 3339; default: now)
          --format text|json|sarif|github   output format (default: text); sarif is SARIF 2.1.0
                                 for code scanning, github prints workflow annotations
          --warnings-as-errors   exit with status 1 when there are warnings
          --max-diagnostics N    print at most N diagnostics and count the rest (default: 100)
          --color auto|always|never

        exit status: 0 no lint errors, 1 lint errors or policy errors, 2 usage error
        """

    static func run(_ arguments: [String]) throws -> Int32 {
        try CheckCommand.run(arguments, lintsOnly: true)
    }

    static func list() -> String {
        DiagnosticCode.lints.map { code in
            "\(code.id)  \(code.name.padding(toLength: 30, withPad: " ", startingAt: 0)) \(code.defaultSeverity.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(code.summary)"
        }.joined(separator: "\n") + "\n"
    }
}

/// Renders diagnostics in one of the output formats.
enum DiagnosticFormat {
    static let names = ["text", "json", "sarif", "github"]

    static func render(_ diagnostics: [Diagnostic], format: String, limit: Int, color: Bool) throws -> String {
        switch format {
        case "json":
            return try DiagnosticJSON.render(diagnostics)
        case "sarif":
            let root = FileManager.default.currentDirectoryPath
            return try SARIFWriter(toolVersion: policycVersion, sourceRoot: root).render(diagnostics)
        case "github":
            return GitHubAnnotations().render(diagnostics)
        default:
            return TextRenderer(useColor: color).render(diagnostics, limit: limit)
        }
    }
}
