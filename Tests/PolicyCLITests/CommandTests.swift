// The policyc commands as a user runs them: exit statuses of check and eval,
// and decisions that do not depend on the TZ environment variable.

import Foundation
import Testing

/// A policy folder in the corpus with an access window in Europe/Berlin and a daily calendar quota.
let timeCase = corpusRoot.appendingPathComponent("access-windows-across-dst").path

@Suite("policyc commands")
struct CommandTests {
    @Test func checkExamplePolicyPasses() throws {
        let result = try runPolicyc(["check", packageRoot.appendingPathComponent("policies").path])
        #expect(result.status == 0, "\(result.output)\(result.errorOutput)")
    }

    @Test func checkBrokenPolicyFails() throws {
        let result = try runPolicyc(["check", corpusRoot.appendingPathComponent("fallback-cycle").path])
        #expect(result.status == 1)
        #expect(result.output.contains("error[N009]"))
        #expect(result.errorOutput.contains("3 errors"))
    }

    @Test func checkWarningsAsErrors() throws {
        let folder = corpusRoot.appendingPathComponent("fallback-never-widens-allowlist").path
        #expect(try runPolicyc(["check", folder]).status == 0)
        #expect(try runPolicyc(["check", "--warnings-as-errors", folder]).status == 1)
    }

    @Test(arguments: [["check"], ["check", "--format", "xml", "policies"], ["eval"], ["frobnicate"]])
    func usageErrorsExitTwo(arguments: [String]) throws {
        let result = try runPolicyc(arguments)
        #expect(result.status == 2, "\(result.errorOutput)")
        #expect(!result.errorOutput.isEmpty)
    }

    @Test func evalRefusesBrokenPolicy() throws {
        let request = Data(#"{"key_id":"k1","peer":"10.0.0.1","time":"2025-06-01T00:00:00Z","scope":"chat:completions","model":"small"}"#.utf8)
        let result = try runPolicyc(["eval", "--policy", corpusRoot.appendingPathComponent("fallback-cycle").path], input: request)
        #expect(result.status == 1)
        #expect(result.output.isEmpty)
    }

    /// The same requests give byte-identical decisions whatever TZ the process runs under.
    @Test func decisionsIgnoreTimeZoneVariable() throws {
        let times = ["2025-03-30T06:30:00Z", "2025-03-30T07:30:00Z", "2025-10-26T07:30:00Z", "2025-10-26T06:30:00Z"]
        let lines = times.map { time in
            #"{"key_id":"k1","peer":"10.0.1.5","time":"\#(time)","scope":"chat:completions","model":"small"}"#
        }.joined(separator: "\n") + "\n"
        let file = try scratchFile(named: "requests.jsonl", contents: Data(lines.utf8))
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }

        var outputs: [String: String] = [:]
        for zone in ["UTC", "Pacific/Kiritimati", "America/Los_Angeles", "Europe/Berlin", "Asia/Kathmandu"] {
            let result = try runPolicyc(["eval", "--policy", timeCase, "--requests", file.path], environment: ["TZ": zone])
            #expect(result.status == 0)
            outputs[zone] = result.output
        }
        let reference = try #require(outputs["UTC"])
        #expect(reference.split(separator: "\n").count == times.count)
        for (zone, output) in outputs {
            #expect(output == reference, "decisions under TZ=\(zone) differ from TZ=UTC")
        }
        let decisions = reference.split(separator: "\n").map { String($0) }
        #expect(decisions.map { $0.contains(#""decision":"allow""#) } == [true, false, true, false])
    }
}
