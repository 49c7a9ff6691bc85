// `policyc test`: compiles a policy, runs the tests of its `*.test.yaml`
// files and reports failures, in text for people or as JSON, JUnit XML or
// GitHub annotations for CI. With --coverage it also lists the rules, keys
// and routes that no test exercised.

import Foundation
import PolicyKit
import PolicyOutput
import PolicySource

enum TestCommand: Command {
    static let help = """
        usage: policyc test [options] <policy-directory> [test-file-or-directory ...]

        Compiles the policy (without lints) and runs the tests of every
        *.test.yaml file below the policy directory, or of the test files and
        directories given after it. Each failure is reported with the test's
        file and line, what the test expected, what the policy decided and why.
        The test file format is documented in docs/testing.md.

        options:
          --format text|json|junit|github   output format (default: text); junit is JUnit XML
                                 for CI test reports, github prints a workflow annotation per failure
          --verbose              text: also print a line for each passed or skipped test
          --filter TEXT          run only the tests whose name contains TEXT
          --coverage             report the rules, keys and routes that no test exercised
          --coverage-min PERCENT exit with status 1 when overall coverage is below PERCENT
                                 (a number from 0 to 100); implies --coverage
          --color auto|always|never   color diagnostics in text output (default: auto)

        The last line of text and github output is 'N passed, N failed'; with
        json and junit that line goes to standard error.

        exit status: 0 every test passed, 1 a test failed or coverage is below
        --coverage-min, 2 a usage error or errors in the policy or the test files
        """

    static let formats = ["text", "json", "junit", "github"]

    static func run(_ arguments: [String]) throws -> Int32 {
        let options = try Arguments(arguments, valueOptions: ["--format", "--filter", "--coverage-min", "--color"],
                                    flagOptions: ["--verbose", "--coverage"])
        guard let directory = options.positionals.first else { throw UsageError("expected a policy directory") }
        let testPaths = options.positionals.count > 1 ? Array(options.positionals.dropFirst()) : [directory]
        let format = try options.choice("--format", from: formats, default: "text")
        let color = Console.useColor(try options.choice("--color", from: ["auto", "always", "never"], default: "auto"))
        let minimum = try options.value("--coverage-min").map(parsePercent)
        let showCoverage = options.flag("--coverage") || minimum != nil

        let compilation = PolicyCompiler(lints: nil).compile(directory: directory)
        guard let policy = compilation.policy else {
            reportErrors(compilation.diagnostics, format: format, color: color)
            Console.error("\(directory): the policy has errors, so no test ran; see 'policyc check \(directory)'")
            return ExitStatus.usage
        }
        let loaded = PolicyTestLoader(policy: policy).load(paths: testPaths)
        guard loaded.errorCount == 0 else {
            reportErrors(loaded.diagnostics, format: format, color: color)
            let count = loaded.errorCount
            Console.error("\(count) error\(count == 1 ? "" : "s") in the test files, so no test ran")
            return ExitStatus.usage
        }

        let suites = filtered(loaded.suites, by: options.value("--filter"))
        let run = PolicyTestRunner(policy: policy).run(suites)
        let output = TestOutput(run: run, showCoverage: showCoverage, verbose: options.flag("--verbose"))
        output.print(format: format)

        if run.failedCount > 0 { return ExitStatus.failure }
        if let minimum, run.coverage.percent < minimum {
            Console.error("coverage \(TestOutput.percent(run.coverage.percent)) is below --coverage-min \(TestOutput.percent(minimum))")
            return ExitStatus.failure
        }
        return ExitStatus.success
    }

    static func parsePercent(_ text: String) throws -> Double {
        guard let value = Double(text), value.isFinite, (0...100).contains(value) else {
            throw UsageError("invalid value '\(text)' for --coverage-min; use a number from 0 to 100")
        }
        return value
    }

    /// Keeps only the tests whose name contains `text`, and the suites that still have tests.
    private static func filtered(_ suites: [PolicyTestSuite], by text: String?) -> [PolicyTestSuite] {
        guard let text else { return suites }
        return suites.compactMap { suite in
            let tests = suite.tests.filter { $0.name.contains(text) }
            return tests.isEmpty ? nil : PolicyTestSuite(file: suite.file, tests: tests)
        }
    }

    /// Prints errors in the policy or the test files the way `policyc check` does. JUnit has
    /// no form for them, so with junit they go to standard error as text.
    private static func reportErrors(_ diagnostics: [Diagnostic], format: String, color: Bool) {
        let errors = diagnostics.filter(\.isError)
        switch format {
        case "junit":
            Console.error(TextRenderer(useColor: false).render(errors))
        default:
            let rendered = try? DiagnosticFormat.render(errors, format: format, limit: 100, color: color)
            Console.write(rendered ?? TextRenderer().render(errors))
        }
    }
}
