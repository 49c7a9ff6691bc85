// The output formats of `policyc test`: text lines, one JSON document, JUnit
// XML and GitHub annotations. Every format ends with the line
// `N passed, N failed`, on standard output for text and github, and on
// standard error for json and junit, whose standard output must stay a
// single document.

import Foundation
import PolicyKit
import PolicyOutput
import PolicySource

/// Renders a test run.
struct TestOutput {
    let run: PolicyTestRun
    let showCoverage: Bool
    let verbose: Bool

    var summary: String { "\(run.passedCount) passed, \(run.failedCount) failed" }

    func print(format: String) {
        switch format {
        case "json":
            Console.write(json())
            Console.error(summary)
        case "junit":
            Console.write(junit())
            if showCoverage { Console.error(coverageText(run.coverage)) }
            Console.error(summary)
        case "github":
            Console.write(github() + (showCoverage ? coverageText(run.coverage) + "\n" : "") + summary + "\n")
        default:
            Console.write(text() + summary + "\n")
        }
    }

    // MARK: - Text

    /// Renders one line per failure, and per passed or skipped test when verbose, then the coverage.
    func text() -> String {
        var lines: [String] = []
        for result in run.results {
            let place = "\(result.test.location.file.path):\(result.test.location.location.line)"
            if result.failed {
                lines.append("FAIL \(place): \(result.test.name): \(result.failureSummary)")
            } else if verbose {
                lines.append("\(result.isSkipped ? "SKIP" : "PASS") \(place): \(result.test.name)")
            }
        }
        if run.skippedCount > 0 { lines.append("\(run.skippedCount) skipped") }
        if showCoverage { lines.append(coverageText(run.coverage)) }
        return lines.map { $0 + "\n" }.joined()
    }

    func coverageText(_ coverage: TestCoverage) -> String {
        let counts = coverage.kinds.map { "\($0.name) \($0.covered.count) of \($0.total) (\(Self.percent($0.percent)))" }
        var lines = ["coverage: " + counts.joined(separator: ", ")
            + ", overall \(coverage.coveredCount) of \(coverage.total) (\(Self.percent(coverage.percent)))"]
        for kind in coverage.kinds where !kind.uncovered.isEmpty {
            lines.append("  \(kind.name) no test exercised: \(kind.uncovered.joined(separator: ", "))")
        }
        return lines.joined(separator: "\n")
    }

    /// Formats a percentage with one decimal, such as `87.5%`.
    static func percent(_ value: Double) -> String {
        String(format: "%.1f%%", value)
    }

    // MARK: - Machine formats

    func junit() -> String {
        let suites = run.suites.map { suite in
            TestSuiteResult(name: suite.suite.file.path, cases: suite.results.map { junitCase($0, path: suite.suite.file.path) })
        }
        return JUnitWriter.render(name: "policyc", suites: suites)
    }

    private func junitCase(_ result: PolicyTestResult, path: String) -> TestCaseResult {
        let outcome: TestOutcome
        if result.isSkipped {
            outcome = .skipped(message: "the test is marked skip: true")
        } else if result.failed {
            var details = ["\(path):\(result.test.location.location)"] + result.mismatches.map(\.description)
            if let reason = result.report?.reasons.first {
                details.append("reason \(reason.code): \(reason.message)" + (reason.location.map { " (\($0))" } ?? ""))
            }
            outcome = .failed(message: result.mismatches.map(\.description).joined(separator: "; "),
                              details: details.joined(separator: "\n"))
        } else {
            outcome = .passed
        }
        return TestCaseResult(name: result.test.name, className: path, durationSeconds: result.durationSeconds, outcome: outcome)
    }

    func github() -> String {
        let failures = run.results.filter(\.failed).map { result in
            Diagnostic.testFailed(result.test.name, problem: result.failureSummary, at: result.test.location)
        }
        return GitHubAnnotations().render(failures)
    }

    func json() -> String {
        let document = TestRunJSON(
            tests: run.results.map(TestResultJSON.init),
            summary: ["passed": run.passedCount, "failed": run.failedCount, "skipped": run.skippedCount],
            coverage: showCoverage ? CoverageJSON(run.coverage) : nil)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(document) else { return "{\"error\":\"the test results could not be encoded\"}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

// MARK: - JSON shapes

/// The JSON document of a test run. Every member is always present; absent values are null.
private struct TestRunJSON: Encodable {
    let tests: [TestResultJSON]
    let summary: [String: Int]
    let coverage: CoverageJSON?

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(tests, forKey: .tests)
        try container.encode(summary, forKey: .summary)
        try container.encode(coverage, forKey: .coverage)
    }

    enum CodingKeys: String, CodingKey {
        case tests, summary, coverage
    }
}

private struct TestResultJSON: Encodable {
    let file: String
    let line: Int
    let column: Int
    let name: String
    let status: String
    let failures: [MismatchJSON]
    let decision: String?
    let reason: ReasonReport?

    init(_ result: PolicyTestResult) {
        file = result.test.location.file.path
        line = result.test.location.location.line
        column = result.test.location.location.column
        name = result.test.name
        if result.isSkipped {
            status = "skipped"
        } else {
            status = result.passed ? "passed" : "failed"
        }
        failures = result.mismatches.map { MismatchJSON(field: $0.field, expected: $0.expected, actual: $0.actual) }
        decision = result.report?.decision
        reason = result.report?.reasons.first
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(file, forKey: .file)
        try container.encode(line, forKey: .line)
        try container.encode(column, forKey: .column)
        try container.encode(name, forKey: .name)
        try container.encode(status, forKey: .status)
        try container.encode(failures, forKey: .failures)
        try container.encode(decision, forKey: .decision)
        try container.encode(reason, forKey: .reason)
    }

    enum CodingKeys: String, CodingKey {
        case file, line, column, name, status, failures, decision, reason
    }
}

private struct MismatchJSON: Encodable {
    let field: String
    let expected: String
    let actual: String
}

private struct CoverageJSON: Encodable {
    struct Kind: Encodable {
        let covered: Int
        let total: Int
        let percent: Double
        let uncovered: [String]?
    }

    let rules: Kind
    let keys: Kind
    let routes: Kind
    let overall: Kind

    init(_ coverage: TestCoverage) {
        func kind(_ kind: CoverageKind) -> Kind {
            Kind(covered: kind.covered.count, total: kind.total, percent: Self.rounded(kind.percent), uncovered: kind.uncovered)
        }
        rules = kind(coverage.rules)
        keys = kind(coverage.keys)
        routes = kind(coverage.routes)
        overall = Kind(covered: coverage.coveredCount, total: coverage.total, percent: Self.rounded(coverage.percent), uncovered: nil)
    }

    /// Rounds to one decimal, as in the text output.
    private static func rounded(_ value: Double) -> Double { (value * 10).rounded() / 10 }
}
