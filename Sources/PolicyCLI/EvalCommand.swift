// `policyc eval`: decides requests against a policy. One request (a JSON
// object from a file or standard input) prints one decision; a JSON Lines
// file prints one decision per line and keeps quota usage across the
// stream, so recorded traffic can be replayed.

import Foundation
import PolicyKit
import PolicySource

enum EvalCommand: Command {
    static let help = """
        usage: policyc eval --policy DIR [--request FILE | --requests FILE.jsonl] [options]

        Decides requests against the policy and prints each decision as JSON.
        The request format is documented in docs/decisions.md.

        options:
          --policy DIR        the policy directory (required)
          --request FILE      one request as a JSON object; '-' reads standard input (the default)
          --requests FILE     JSON Lines, one request per line; '-' reads standard input.
                              Quota usage carries over from line to line.
          --explain           include every check made, in order, with the file:line involved
          --format json|text  json (default) or a readable explanation for people

        exit status: 0 decisions printed (allow or deny), 1 the policy has errors, 2 usage or input error
        """

    static func run(_ arguments: [String]) throws -> Int32 {
        let options = try Arguments(arguments, valueOptions: ["--policy", "--request", "--requests", "--format"],
                                    flagOptions: ["--explain"])
        guard options.positionals.isEmpty else {
            throw UsageError("unexpected argument '\(options.positionals[0])'")
        }
        guard let directory = options.value("--policy") else { throw UsageError("--policy DIR is required") }
        if options.value("--request") != nil, options.value("--requests") != nil {
            throw UsageError("give either --request or --requests, not both")
        }
        let format = try options.choice("--format", from: ["json", "text"], default: "json")
        let explain = options.flag("--explain") || format == "text"

        let result = PolicyCompiler().compile(directory: directory)
        guard let policy = result.policy else {
            Console.error(TextRenderer().render(result.diagnostics.filter(\.isError)))
            Console.error("\(directory): the policy has errors; fix them with 'policyc check \(directory)'")
            return ExitStatus.failure
        }
        let store = InMemoryQuotaStore()
        let evaluator = RequestEvaluator(policy: policy, store: store, explain: explain)

        if let path = options.value("--requests") {
            let data = try Console.readInput(path)
            var lineNumber = 0
            for line in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
                lineNumber += 1
                let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !trimmed.isEmpty else { continue }
                Console.write(evaluator.evaluateLine(Data(trimmed.utf8), line: lineNumber, format: format) + "\n")
            }
            return ExitStatus.success
        }
        let data = try Console.readInput(options.value("--request") ?? "-")
        let request: Request
        do {
            request = try Request(json: data)
        } catch {
            throw UsageError("invalid request: \(error)")
        }
        Console.write(evaluator.render(evaluator.evaluate(request), format: format, pretty: true) + "\n")
        return ExitStatus.success
    }
}

/// Decides requests with a shared quota store and renders the reports.
struct RequestEvaluator {
    let policy: CompiledPolicy
    let store: InMemoryQuotaStore
    let explain: Bool

    func evaluate(_ request: Request) -> DecisionReport {
        let tracer = explain ? RecordingTracer() : nil
        let authorization = policy.authorize(request, quotas: store, tracer: tracer)
        return policy.report(authorization.decision, request: request, authorization: authorization, trace: tracer?.events)
    }

    /// Evaluates one JSON Lines entry; a malformed line gives an error object, not a stop.
    func evaluateLine(_ data: Data, line: Int, format: String) -> String {
        do {
            return render(evaluate(try Request(json: data)), format: format, pretty: false)
        } catch {
            let object = ["line": "\(line)", "decision": "deny", "error": "invalid request: \(error)"]
            return Self.json(object, pretty: false)
        }
    }

    func render(_ report: DecisionReport, format: String, pretty: Bool) -> String {
        if format == "text" { return ExplainText.render(report) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(report) else { return #"{"decision":"deny","error":"the decision could not be encoded"}"# }
        return String(decoding: data, as: UTF8.self)
    }

    static func json(_ object: [String: String], pretty: Bool) -> String {
        let options: JSONSerialization.WritingOptions = pretty ? [.sortedKeys, .prettyPrinted] : [.sortedKeys]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: options)) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}

/// The readable form of a decision and its explanation.
enum ExplainText {
    static func render(_ report: DecisionReport) -> String {
        var lines: [String] = []
        lines.append("decision: \(report.decision.uppercased())")
        for reason in report.reasons {
            lines.append("reason:   [\(reason.code)] \(reason.message)" + (reason.location.map { " (\($0))" } ?? ""))
        }
        if let key = report.keyID { lines.append("key:      \(key)") }
        if let cap = report.outputTokenCap { lines.append("output cap: \(cap) tokens") }
        if let fallback = report.fallback {
            lines.append("fallback: on \(fallback.on.joined(separator: ", ")), at most \(fallback.maxAttempts) attempts")
        }
        if !report.plan.isEmpty {
            lines.append("plan:")
            for (index, entry) in report.plan.enumerated() {
                lines.append("  \(index + 1). \(entry.model) (\(entry.provider)), estimated cost \(entry.estimatedCost) USD")
            }
        }
        for quota in report.quotas {
            lines.append("quota:    \(quota.quota): \(quota.used) of \(quota.limit) used, \(quota.remaining) left, resets \(quota.resetAt)")
        }
        if let retry = report.retryAfterSeconds { lines.append("retry after: \(retry) s") }
        if let steps = report.explain, !steps.isEmpty {
            lines.append("checks:")
            for (index, step) in steps.enumerated() {
                lines.append("  \(index + 1). \(step.check) \(step.outcome): \(step.detail)" + (step.location.map { "  [\($0)]" } ?? ""))
            }
        }
        return lines.joined(separator: "\n")
    }
}
