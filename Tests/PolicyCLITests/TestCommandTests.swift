// End-to-end tests of `policyc test`. The built policyc binary runs the
// Northwind example's test suite in each output format. Small test files in
// a temporary copy of the example show the exit statuses for a failing test
// and for a test that names an undefined key.

import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// The output and exit status of one policyc run.
struct PolicycRun {
    let status: Int32
    let stdout: String
    let stderr: String

    var lastLine: String { stdout.split(separator: "\n").last.map(String.init) ?? "" }
}

/// Runs policyc with `arguments` in the package root.
func policyc(_ arguments: [String]) throws -> PolicycRun {
    let result = try runPolicyc(arguments, currentDirectory: packageRoot)
    return PolicycRun(status: result.status, stdout: result.output, stderr: result.errorOutput)
}

/// Copies the example's policy files (not its tests) to a temporary directory and adds `tests` as `case.test.yaml`.
func examplePolicy(withTests tests: String) throws -> URL {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("policyc-cli-\(UUID().uuidString)")
    try FileManager.default.copyItem(at: packageRoot.appendingPathComponent("policies"), to: directory)
    let files = FileManager.default.enumerator(atPath: directory.path)?.allObjects as? [String] ?? []
    for relative in files where relative.hasSuffix(".test.yaml") {
        try FileManager.default.removeItem(at: directory.appendingPathComponent(relative))
    }
    try tests.write(to: directory.appendingPathComponent("case.test.yaml"), atomically: true, encoding: .utf8)
    return directory
}

/// Returns the number N of a summary line `N passed, 0 failed`, or nil for any other line.
private func passedCount(_ line: String) -> Int? {
    guard let match = line.wholeMatch(of: #/(\d+) passed, 0 failed/#) else { return nil }
    return Int(match.1)
}

@Test func cliTextPasses() throws {
    let run = try policyc(["test", "policies", "--verbose"])
    #expect(run.status == 0, "\(run.stderr)")
    let passed = try #require(passedCount(run.lastLine))
    #expect(passed >= 20)
    let lines = run.stdout.split(separator: "\n")
    #expect(lines.count { $0.hasPrefix("PASS policies/") } == passed)
    #expect(!lines.contains { $0.hasPrefix("FAIL ") })
}

@Test func cliJSON() throws {
    let run = try policyc(["test", "policies", "--format", "json", "--coverage"])
    #expect(run.status == 0)
    let document = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    let summary = try #require(document["summary"] as? [String: Int])
    let tests = try #require(document["tests"] as? [[String: Any]])
    #expect(summary["failed"] == 0)
    #expect(summary["passed"] == tests.count)
    #expect(tests.allSatisfy { $0["status"] as? String == "passed" })
    let coverage = try #require(document["coverage"] as? [String: Any])
    #expect(Set(coverage.keys) == ["rules", "keys", "routes", "overall"])
    #expect(run.stderr == "\(tests.count) passed, 0 failed\n")
}

@Test func cliJUnit() throws {
    let run = try policyc(["test", "policies", "--format", "junit"])
    #expect(run.status == 0)
    let counter = TestCaseCounter()
    let parser = XMLParser(data: Data(run.stdout.utf8))
    parser.delegate = counter
    #expect(parser.parse(), "the JUnit output is not well-formed XML")
    #expect(counter.testCases >= 20)
    #expect(counter.failures == 0)
    #expect(counter.classNames.allSatisfy { $0.hasPrefix("policies/") })
    #expect(counter.classNames.allSatisfy { $0.hasSuffix(".test.yaml") })
    #expect(run.stderr == "\(counter.testCases) passed, 0 failed\n")
}

@Test func cliGitHub() throws {
    let run = try policyc(["test", "policies", "--format", "github"])
    #expect(run.status == 0)
    #expect(!run.stdout.contains("::error"))
    #expect(passedCount(run.lastLine) != nil)
}

@Test func cliCoverageMinimum() throws {
    let covered = try policyc(["test", "policies", "--coverage-min", "50"])
    #expect(covered.status == 0)
    #expect(covered.stdout.contains("\ncoverage: rules ") || covered.stdout.hasPrefix("coverage: rules "))
    #expect(passedCount(covered.lastLine) != nil)

    // Two rules of the example can never fire for its keys, so full coverage is out of reach.
    let strict = try policyc(["test", "policies", "--coverage-min", "100"])
    #expect(strict.status == 1)
    #expect(strict.stderr.contains("is below --coverage-min 100.0%"))
}

@Test func cliFailingTest() throws {
    let directory = try examplePolicy(withTests: """
        tests:
          - name: the expired key works
            request: {key: billing-legacy-export, peer: 10.20.1.5, time: 2026-12-04T15:00:00Z, scope: chat:completions, model: chat-default}
            expect: {decision: allow}
        """)
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.path + "/case.test.yaml"

    let run = try policyc(["test", directory.path])
    #expect(run.status == 1)
    #expect(run.stdout.contains("FAIL \(path):2: the expired key works: expected decision allow, got deny (key.expired: "))
    #expect(run.lastLine == "0 passed, 1 failed")

    let github = try policyc(["test", directory.path, "--format", "github"])
    #expect(github.status == 1)
    #expect(github.stdout.contains("::error file=\(path.replacingOccurrences(of: ":", with: "%3A")),line=2,col=11,"))
    #expect(github.stdout.contains("title=X005::test 'the expired key works' failed: expected decision allow, got deny"))
}

@Test func cliUnknownKey() throws {
    let directory = try examplePolicy(withTests: """
        tests:
          - name: a typo in the key
            request: {key: billing-invoce-prod, peer: 10.20.1.5, time: 2026-12-04T15:00:00Z, scope: chat:completions, model: chat-default}
            expect: {decision: allow}
        """)
    defer { try? FileManager.default.removeItem(at: directory) }
    let run = try policyc(["test", directory.path])
    #expect(run.status == 2)
    #expect(run.stdout.contains("\(directory.path)/case.test.yaml:3:20: error[X002]: key 'billing-invoce-prod' is not defined in the policy"))
    #expect(run.stdout.contains("did you mean 'billing-invoice-prod'?"))
    #expect(run.stderr.contains("1 error in the test files, so no test ran"))
}

struct UsageErrorCase: CustomTestStringConvertible, Sendable {
    let arguments: [String]
    var testDescription: String { arguments.joined(separator: " ") }
}

@Test(arguments: [
    UsageErrorCase(arguments: ["test"]),
    UsageErrorCase(arguments: ["test", "policies", "--format", "xml"]),
    UsageErrorCase(arguments: ["test", "policies", "--coverage-min", "101"]),
    UsageErrorCase(arguments: ["test", "policies", "--verbos"]),
    UsageErrorCase(arguments: ["test", "Sources"]),
])
func cliUsageErrors(_ testCase: UsageErrorCase) throws {
    let run = try policyc(testCase.arguments)
    #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
}

/// Counts `<testcase>` and `<failure>` elements and collects the class names.
final class TestCaseCounter: NSObject, XMLParserDelegate {
    var testCases = 0
    var failures = 0
    var classNames = Set<String>()

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if elementName == "testcase" {
            testCases += 1
            if let className = attributes["classname"] { classNames.insert(className) }
        }
        if elementName == "failure" { failures += 1 }
    }
}
