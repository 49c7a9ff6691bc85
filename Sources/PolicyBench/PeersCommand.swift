// `policyc-bench peers`: times policyc on a policy and requests that a
// peer-comparison script also gives to other policy engines. It compiles
// the policy directory, reads JSON Lines requests in the format of
// `policyc eval`, decides each once to collect the decisions, then times
// deciding the whole list and prints one JSON line:
//
//   {"decisions": ["allow", "deny", ...], "per_decision_ns": 812.4, "repetitions": 20}
//
// `generate` writes such a request file for the synthetic policy.

import Foundation
import PolicyKit

enum PeersCommand {
    /// Each repetition decides at least this many requests, cycling through the
    /// list, so a short list still gives a repetition long enough to time.
    static let minimumDecisionsPerRepetition = 10_000

    static func run(policy directory: String, requests path: String, repetitions: Int) throws -> String {
        let policy = try Sweep.compiledPolicy(PolicyCompiler().compile(directory: directory), directory: directory)
        let requests = try readRequests(path)
        guard !requests.isEmpty else { throw BenchmarkError(description: "'\(path)' contains no requests") }

        var effects: [String] = []
        for (number, request) in requests.enumerated() {
            let decision = policy.decide(request)
            guard decision.reason != .internalError else {
                throw BenchmarkError(description: "request \(number + 1) of '\(path)' failed with an internal error")
            }
            effects.append(decision.effect.rawValue)
        }

        let passes = max(1, (minimumDecisionsPerRepetition + requests.count - 1) / requests.count)
        var samples: [Double] = []
        var allowed = 0
        for _ in 0..<repetitions {
            let start = monotonicNanoseconds()
            for _ in 0..<passes {
                for request in requests where policy.decide(request).isAllowed { allowed += 1 }
            }
            samples.append(Double(monotonicNanoseconds() - start) / Double(passes * requests.count))
        }
        benchmarkSink &+= allowed

        let decisions = effects.map { "\"\($0)\"" }.joined(separator: ", ")
        let median = Distribution(samples).median
        return "{\"decisions\": [\(decisions)], \"per_decision_ns\": \(Report.fixed(median, 1)), \"repetitions\": \(repetitions)}"
    }

    /// Reads one request per non-blank line; a line that is not a valid request stops with its line number.
    static func readRequests(_ path: String) throws -> [Request] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BenchmarkError(description: "cannot read '\(path)'")
        }
        var requests: [Request] = []
        for (number, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            guard line.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\r") }) else { continue }
            do {
                requests.append(try Request(json: Data(line)))
            } catch {
                throw BenchmarkError(description: "'\(path)' line \(number + 1): \(error.description)")
            }
        }
        return requests
    }

    // MARK: - Writing requests

    /// Returns the JSON Lines form of requests, as `policyc eval --requests` reads them.
    static func jsonLines(_ requests: [Request]) -> String {
        requests.map(json).joined(separator: "\n") + "\n"
    }

    private static func json(_ request: Request) -> String {
        var fields: [String] = []
        if let keyID = request.keyID { fields.append("\"key_id\": \(quoted(keyID))") }
        if let secret = request.presentedSecret { fields.append("\"secret\": \(quoted(secret))") }
        fields.append("\"peer\": \(quoted(request.peerAddress))")
        fields.append("\"time\": \(quoted(request.time.description))")
        fields.append("\"scope\": \(quoted(request.scope))")
        fields.append("\"model\": \(quoted(request.model))")
        fields.append("\"input_tokens\": \(request.inputTokens)")
        fields.append("\"max_output_tokens\": \(request.maxOutputTokens)")
        return "{" + fields.joined(separator: ", ") + "}"
    }

    /// Returns `text` as a JSON string literal, escaping only quotes and backslashes,
    /// because the generated requests contain only printable ASCII.
    private static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
