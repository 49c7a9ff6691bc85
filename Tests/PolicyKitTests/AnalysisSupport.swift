// Helpers for tests that compile small in-memory policies.

import PolicyKit
import PolicySource
import PolicyValues
import Testing

/// A minimal valid policy: settings, two scopes, two models, one route, and the given extra text.
func miniPolicy(keys: String, rules: String = "", extra: String = "") -> String {
    """
    settings:
      name: mini
      max_key_age: 60d
    scopes: [chat:completions, files:write, admin:keys]
    models:
      small: {provider: openai, price: {input: 0.10, output: 0.40}, context_window: 8000, latency: 300ms, capabilities: [chat]}
      large: {provider: anthropic, price: {input: 3.00, output: 15.00}, context_window: 200000, latency: 900ms, capabilities: [chat]}
    routes:
      chat: {strategy: ordered, candidates: [small, large]}
    keys:
    \(keys)
    \(rules.isEmpty ? "" : "rules:\n" + rules)
    \(extra)
    """
}

/// A key entry for `miniPolicy`, indented for the keys section.
func miniKey(_ id: String, hash: String = String(repeating: "a", count: 64), fields: String = "") -> String {
    var text = """
      \(id):
        secret_sha256: "\(hash)"
        created_at: 2026-11-01T00:00:00Z
        expires_at: 2027-01-01T00:00:00Z
        scopes: [chat:completions]
        networks: {allow: [10.0.0.0/8]}
        models: [small]
        routes: [chat]
    """
    if !fields.isEmpty { text += "\n" + fields }
    return text
}

let lintNow = Timestamp(nanoseconds: 1_796_000_000 * 1_000_000_000)  // 2026-11-30T...

/// Compiles one in-memory policy file with lints at a fixed time.
func compileMini(_ text: String, now: Timestamp = lintNow, lints: Bool = true) -> CompilationResult {
    PolicyCompiler(lints: lints ? LintConfiguration(now: now) : nil).compile(sources: [(path: "policy.yaml", text: text)])
}

/// The codes of the diagnostics, in order.
func codes(_ result: CompilationResult) -> [String] {
    result.diagnostics.map(\.code.id)
}

/// Parses an address for tests, nil when invalid.
enum IPAddressParsing {
    static func parse(_ text: String) -> IPAddress? {
        if case .success(let address) = IPAddress.parse(text) { return address }
        return nil
    }
}
