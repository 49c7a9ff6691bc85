// `policyc who-can`: which keys may use a scope, and under which conditions.

import Foundation
import PolicyKit
import PolicySource
import PolicyValues

enum WhoCanCommand: Command {
    static let help = """
        usage: policyc who-can --policy DIR --scope SCOPE [--model ID] [--address IP] [--time TIMESTAMP] [--format text|json]

        Lists every active key that may use the scope, with the conditions under
        which it can: validity, access windows, networks, models, rules and quotas.
        --model, --address and --time narrow the answer to keys that may use the
        scope for that model or route, from that address, at that time.

        exit status: 0 answered, 1 the policy has errors, 2 usage error
        """

    static func run(_ arguments: [String]) throws -> Int32 {
        let options = try Arguments(arguments, valueOptions: ["--policy", "--scope", "--model", "--address", "--time", "--format"],
                                    flagOptions: [])
        guard let directory = options.value("--policy") ?? options.positionals.first else { throw UsageError("--policy DIR is required") }
        guard let scope = options.value("--scope") else { throw UsageError("--scope SCOPE is required") }
        let format = try options.choice("--format", from: ["text", "json"], default: "text")
        var query = WhoCanQuery(scope: scope, model: options.value("--model"))
        if let text = options.value("--address") {
            guard case .success(let address) = IPAddress.parse(text) else { throw UsageError("invalid --address '\(text)'") }
            query.address = address
        }
        if let text = options.value("--time") { query.time = try CheckCommand.parseNow(text) }

        let result = PolicyCompiler(lints: nil).compile(directory: directory)
        guard let policy = result.policy else {
            Console.error(TextRenderer().render(result.diagnostics.filter(\.isError)))
            return ExitStatus.failure
        }
        guard policy.scopes.contains(scope) else {
            let hint = Suggestions.didYouMean(scope, in: policy.scopes).map { "; \($0)" } ?? ""
            throw UsageError("scope '\(scope)' is not declared in the policy\(hint)")
        }
        let answer = policy.whoCan(query)
        if format == "json" {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            Console.write(String(decoding: try encoder.encode(answer), as: UTF8.self) + "\n")
            return ExitStatus.success
        }
        var lines = ["\(answer.keys.count) key\(answer.keys.count == 1 ? "" : "s") may use '\(scope)':"]
        for entry in answer.keys {
            lines.append("  \(entry.key)  (granted by \(entry.grantedBy); \(entry.location))")
            lines += entry.conditions.map { "    - \($0)" }
        }
        if !answer.excluded.isEmpty {
            lines.append("excluded by the question:")
            lines += answer.excluded.sorted { $0.key < $1.key }.map { "  \($0.key): \($0.value)" }
        }
        Console.write(lines.joined(separator: "\n") + "\n")
        return ExitStatus.success
    }
}
