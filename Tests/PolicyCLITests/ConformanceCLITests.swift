// Runs the conformance corpus through the policyc binary: `policyc check
// --format json` must report the same codes at the same positions as the
// library, and `policyc eval --requests` must reach the same decisions.
// Cases with custom read limits are skipped, because the command line has
// no options for them. Request sequences stop at the first request that
// needs prior quota usage, which only the library can set.

import ConformanceSupport
import Foundation
import Testing

let cliCases: [ConformanceCase] = ((try? ConformanceCase.loadAll(from: corpusRoot)) ?? []).filter { $0.limits == nil }

@Suite("Conformance corpus through policyc")
struct ConformanceCLITests {
    @Test func corpusIsFound() throws {
        let cases = try ConformanceCase.loadAll(from: corpusRoot)
        #expect(!cases.isEmpty, "no cases under \(corpusRoot.path)")
        #expect(cliCases.count >= 50)
    }

    @Test(arguments: cliCases)
    func checkConforms(_ testCase: ConformanceCase) throws {
        guard let knownIssue = testCase.knownIssue else { return try runCheck(testCase) }
        withKnownIssue(Comment(rawValue: knownIssue)) { try runCheck(testCase) }
    }

    private func runCheck(_ testCase: ConformanceCase) throws {
        let result = try runPolicyc(["check", "--no-lints", "--format", "json", testCase.policyPath])
        let data = Data(result.output.utf8)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "not JSON: \(result.output)")
        let items = try #require(object["diagnostics"] as? [[String: Any]])
        let observed = items.map { item in
            ExpectedDiagnostic(code: item["code"] as? String ?? "?",
                               file: (item["file"] as? String).map { relativePath($0, in: testCase.folder.path) },
                               line: item["line"] as? Int, column: item["column"] as? Int, notes: nil)
        }
        for problem in mismatches(expected: testCase.diagnostics, observed: observed, compareNotes: false) {
            Issue.record("\(testCase.name): \(problem)")
        }
        let hasErrors = items.contains { $0["severity"] as? String == "error" }
        #expect(result.status == (hasErrors ? 1 : 0), "\(testCase.name): exit status \(result.status)")
    }

    @Test(arguments: cliCases.filter { !$0.requests.isEmpty })
    func evalConforms(_ testCase: ConformanceCase) throws {
        let requests = Array(testCase.requests.prefix { $0.priorUsage.isEmpty })
        guard !requests.isEmpty else { return }
        var lines = Data()
        for request in requests {
            lines.append(request.json)
            lines.append(Data("\n".utf8))
        }
        let file = try scratchFile(named: "requests.jsonl", contents: lines)
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }

        let result = try runPolicyc(["eval", "--policy", testCase.policyPath, "--requests", file.path])
        #expect(result.status == 0, "\(testCase.name): \(result.errorOutput)")
        let outputLines = result.output.split(separator: "\n")
        try #require(outputLines.count == requests.count, "\(testCase.name): \(outputLines.count) decisions for \(requests.count) requests")
        for (expected, line) in zip(requests, outputLines) {
            let observed = try observedDecision(Data(line.utf8))
            for problem in mismatches(expected: expected.decision, observed: observed) {
                Issue.record("\(testCase.name) / \(expected.name): \(problem)")
            }
        }
    }
}

/// Reads the parts of a JSON decision report that the corpus checks.
func observedDecision(_ data: Data) throws -> ObservedDecision {
    let report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let reasons = report["reasons"] as? [[String: Any]] ?? []
    let plan = (report["plan"] as? [[String: Any]] ?? []).compactMap { $0["model"] as? String }
    let cap = (report["output_token_cap"] as? NSNumber)?.int64Value
    return ObservedDecision(effect: report["decision"] as? String ?? "?", reason: reasons.first?["code"] as? String ?? "?",
                            plan: plan, outputCap: cap)
}
