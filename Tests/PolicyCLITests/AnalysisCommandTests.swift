// End-to-end tests of `policyc diff`, `who-can` and `lint` on the example
// policy and its realistic second version in examples/northwind-next.

import Foundation
import Testing

private let examplePolicy = packageRoot.appendingPathComponent("policies").path
private let nextPolicy = packageRoot.appendingPathComponent("examples/northwind-next").path

@Suite("Analysis commands")
struct AnalysisCommandTests {
    @Test func diffDirectoriesReportsEachChange() throws {
        let result = try runPolicyc(["diff", examplePolicy, nextPolicy])
        #expect(result.status == 0)
        #expect(result.output.contains("key 'billing-analyst-bob': models added: claude-sonnet-4"))
        #expect(result.output.contains("key 'billing-analyst-bob': addresses admitted: 172.16.0.0/12"))
        #expect(result.output.contains("quota tier:developer/spend-per-day lowered: 25.00 USD per day (calendar) -> 15.00 USD per day (calendar)"))
        #expect(result.output.contains("rule 'partner-uploads-need-ticket': deny rule added"))
        #expect(result.output.contains("affects keys: support-helpdesk-partner; scopes: files:write"))
    }

    @Test func diffFailOnWideningGates() throws {
        #expect(try runPolicyc(["diff", "--fail-on", "widening", examplePolicy, nextPolicy]).status == 1)
        #expect(try runPolicyc(["diff", "--fail-on", "widening", examplePolicy, examplePolicy]).status == 0)
        // Going back from the new version to the old one removes the deny rule, which widens.
        #expect(try runPolicyc(["diff", "--fail-on", "widening", nextPolicy, examplePolicy]).status == 1)
    }

    @Test func diffJSONCountsKinds() throws {
        let result = try runPolicyc(["diff", "--format", "json", examplePolicy, nextPolicy])
        #expect(result.status == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        let summary = try #require(document["summary"] as? [String: Int])
        let changes = try #require(document["changes"] as? [[String: Any]])
        #expect(summary["widening"] == changes.count { $0["kind"] as? String == "widening" })
        #expect(summary["narrowing"] == changes.count { $0["kind"] as? String == "narrowing" })
        #expect((summary["widening"] ?? 0) > 0)
        #expect(changes.allSatisfy { $0["location"] is String })
    }

    @Test func diffGitHubAnnotatesWidening() throws {
        let result = try runPolicyc(["diff", "--format", "github", examplePolicy, nextPolicy])
        let lines = result.output.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("::warning file=") && $0.contains("title=widening%3A key 'billing-analyst-bob'") })
        #expect(lines.contains { $0.hasPrefix("::notice ") })
    }

    @Test func diffGitRevisionComparesCommittedFiles() throws {
        let repository = FileManager.default.temporaryDirectory.appendingPathComponent("policyc-git-\(UUID().uuidString)")
        let policy = repository.appendingPathComponent("policies")
        try FileManager.default.createDirectory(at: repository, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: repository) }
        try FileManager.default.copyItem(atPath: examplePolicy, toPath: policy.path)
        try git(["init", "-q"], in: repository)
        try git(["add", "."], in: repository)
        try git(["-c", "user.name=test", "-c", "user.email=test@example.invalid", "commit", "-q", "-m", "first"], in: repository)

        // Working-tree change: widen a tier network.
        let tiers = policy.appendingPathComponent("tiers.yaml")
        let text = try String(contentsOf: tiers, encoding: .utf8)
        try text.replacingOccurrences(of: "        - 10.0.0.0/8\n", with: "        - 10.0.0.0/8\n        - 172.16.0.0/12\n", options: [], range: nil)
            .write(to: tiers, atomically: true, encoding: .utf8)

        let result = try runPolicyc(["diff", "--git", "HEAD", "--fail-on", "widening", policy.path])
        #expect(result.status == 1, "\(result.errorOutput)")
        #expect(result.output.contains("addresses admitted: 172.16.0.0/12"))
        #expect(result.output.contains("HEAD:") == false, "locations point at the new files")

        let unknown = try runPolicyc(["diff", "--git", "no-such-revision", policy.path])
        #expect(unknown.status == 2)
        #expect(unknown.errorOutput.contains("git ls-tree failed"))
    }

    @Test func diffTrafficReportsFlips() throws {
        // A request from the newly admitted network flips from deny to allow.
        let request = #"{"key_id": "billing-analyst-bob", "peer": "172.16.4.2", "time": "2026-12-04T15:00:00Z", "scope": "chat:completions", "model": "gpt-4o-mini", "input_tokens": 100, "max_output_tokens": 100}"#
        let unchanged = #"{"key_id": "billing-analyst-bob", "peer": "10.1.4.2", "time": "2026-12-04T15:00:00Z", "scope": "chat:completions", "model": "gpt-4o-mini", "input_tokens": 100, "max_output_tokens": 100}"#
        let file = try scratchFile(named: "traffic.jsonl", contents: Data([request, request, unchanged].joined(separator: "\n").utf8))
        let result = try runPolicyc(["diff", "--traffic", file.path, examplePolicy, nextPolicy])
        #expect(result.status == 0)
        #expect(result.output.contains("traffic: 2 decisions flip"))
        #expect(result.output.contains("billing-analyst-bob: deny (network.not_allowed) -> allow (allow.key_grant): 2"))
    }

    @Test func whoCanTextAndJSON() throws {
        let text = try runPolicyc(["who-can", "--policy", examplePolicy, "--scope", "files:write"])
        #expect(text.status == 0)
        #expect(text.output.hasPrefix("2 keys may use 'files:write':"))
        let json = try runPolicyc(["who-can", "--policy", examplePolicy, "--scope", "files:write", "--address", "192.0.2.10", "--format", "json"])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        #expect((document["keys"] as? [Any])?.isEmpty == true)
        #expect((document["excluded"] as? [String: String])?.isEmpty == false)
    }

    @Test func whoCanUnknownScopeIsUsageError() throws {
        let result = try runPolicyc(["who-can", "--policy", examplePolicy, "--scope", "files:writes"])
        #expect(result.status == 2)
        #expect(result.errorOutput.contains("did you mean 'files:write'?"))
    }

    @Test(arguments: ["text", "json", "sarif", "github"])
    func lintFormats(format: String) throws {
        let result = try runPolicyc(["lint", "--now", "2026-12-04T00:00:00Z", "--format", format, examplePolicy])
        #expect(result.status == 0)
        switch format {
        case "json":
            let document = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
            let diagnostics = try #require(document["diagnostics"] as? [[String: Any]])
            #expect(diagnostics.allSatisfy { ($0["code"] as? String)?.hasPrefix("L") == true })
        case "sarif":
            let log = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
            #expect(log["version"] as? String == "2.1.0")
            let runs = try #require(log["runs"] as? [[String: Any]])
            let results = try #require(runs.first?["results"] as? [[String: Any]])
            #expect(!results.isEmpty)
            #expect(results.allSatisfy { $0["ruleId"] is String && $0["locations"] is [Any] })
        case "github":
            #expect(result.output.split(separator: "\n").allSatisfy { $0.hasPrefix("::warning ") || $0.hasPrefix("::error ") })
        default:
            #expect(result.output.contains("warning[L001]: key 'platform-healthcheck' never expires"))
        }
    }

    @Test func lintListNamesEveryLint() throws {
        let result = try runPolicyc(["lint", "--list"])
        #expect(result.status == 0)
        for code in (1...12).map({ String(format: "L%03d", $0) }) {
            #expect(result.output.contains(code))
        }
    }
}

private func git(_ arguments: [String], in folder: URL) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git"] + arguments
    process.currentDirectoryURL = folder
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "git \(arguments.joined(separator: " ")) failed")
}
