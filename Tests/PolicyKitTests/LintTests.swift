// Security lints: each lint fires on its fault and stays quiet otherwise,
// and settings.lints changes levels or turns lints off.

import PolicyKit
import PolicySource
import Testing

struct LintCase: CustomTestStringConvertible, Sendable {
    let name: String
    let keys: String
    var extra: String = ""
    /// Lines added to the settings section.
    var settings: String = ""
    let code: String
    /// Text on the line the lint must point at.
    let line: String

    var testDescription: String { name }
}

let lintCases: [LintCase] = [
    LintCase(name: "key without expiry", keys: """
          forever:
            secret_sha256: "\(String(repeating: "b", count: 64))"
            created_at: 2026-11-01T00:00:00Z
            scopes: [chat:completions]
            networks: {allow: [10.0.0.0/8]}
            models: [small]
        """, code: "L001", line: "forever:"),
    LintCase(name: "max age above ninety days", keys: miniKey("old", fields: "    max_age: 120d"), code: "L002", line: "max_age: 120d"),
    LintCase(name: "rotation overdue", keys: """
          stale:
            secret_sha256: "\(String(repeating: "c", count: 64))"
            created_at: 2026-01-01T00:00:00Z
            expires_at: 2027-06-01T00:00:00Z
            scopes: [chat:completions]
            networks: {allow: [10.0.0.0/8]}
            models: [small]
        """, code: "L003", line: "created_at: 2026-01-01T00:00:00Z"),
    LintCase(name: "expiry within two weeks", keys: """
          soon:
            secret_sha256: "\(String(repeating: "d", count: 64))"
            created_at: 2026-11-01T00:00:00Z
            expires_at: 2026-12-05T00:00:00Z
            scopes: [chat:completions]
            networks: {allow: [10.0.0.0/8]}
            models: [small]
        """, code: "L004", line: "expires_at: 2026-12-05T00:00:00Z"),
    LintCase(name: "wildcard wider than limit", keys: miniKey("wide", fields: "    scopes: [\"*:*\"]").replacingOccurrences(of: "    scopes: [chat:completions]\n", with: ""),
             settings: "  lint_options: {max_wildcard_scopes: 2}\n", code: "L005", line: "scopes: [\"*:*\"]"),
    LintCase(name: "admin scope on production key", keys: miniKey("prod", fields: "    labels: {env: prod}\n    scopes: [admin:keys, chat:completions]").replacingOccurrences(of: "    scopes: [chat:completions]\n", with: ""),
             code: "L006", line: "scopes: [admin:keys, chat:completions]"),
    LintCase(name: "key without network allowlist", keys: miniKey("open").replacingOccurrences(of: "    networks: {allow: [10.0.0.0/8]}\n", with: ""),
             code: "L007", line: "open:"),
    LintCase(name: "IPv4 allowlist admits everything", keys: miniKey("all4").replacingOccurrences(of: "10.0.0.0/8", with: "0.0.0.0/0"),
             code: "L008", line: "networks: {allow: [0.0.0.0/0]}"),
    LintCase(name: "IPv6 allowlist admits everything", keys: miniKey("all6").replacingOccurrences(of: "10.0.0.0/8", with: "\"::/0\""),
             code: "L008", line: "networks: {allow: [\"::/0\"]}"),
    LintCase(name: "two keys share a secret", keys: miniKey("first") + "\n" + miniKey("second"), code: "L009",
             line: "secret_sha256: \"\(String(repeating: "a", count: 64))\""),
    LintCase(name: "plaintext secret in a label", keys: miniKey("leaky", fields: "    labels: {note: sk-proj-Zx81KqLm20VbNc7TrYw3PaQe5Ud4}"),
             code: "L010", line: "labels: {note: sk-proj-Zx81KqLm20VbNc7TrYw3PaQe5Ud4}"),
    LintCase(name: "fallback above price cap", keys: miniKey("capped", fields: "    routes: [cheap]").replacingOccurrences(of: "    routes: [chat]\n", with: ""),
             extra: """
             routes:
               cheap: {strategy: ordered, candidates: [small], constraints: {max_price: {input: 1.00}}, fallback: {route: pricey}}
               pricey: {strategy: ordered, candidates: [large]}
             """, code: "L012", line: "fallback: {route: pricey}"),
]

@Test("lint fires on its fault", arguments: lintCases)
func lintFires(_ lintCase: LintCase) throws {
    var text = miniPolicy(keys: lintCase.keys)
    if !lintCase.extra.isEmpty {
        // A second routes section would be a duplicate key, so extra routes replace the default one.
        text = text.replacingOccurrences(of: "routes:\n  chat: {strategy: ordered, candidates: [small, large]}\n", with: lintCase.extra + "\n")
    }
    text = text.replacingOccurrences(of: "  max_key_age: 60d\n", with: "  max_key_age: 60d\n" + lintCase.settings)
    let result = compileMini(text)
    let found = result.diagnostics.filter { $0.code.id == lintCase.code }
    #expect(!found.isEmpty, "expected \(lintCase.code), got \(codes(result))")
    let diagnostic = try #require(found.first)
    let range = try #require(diagnostic.range)
    #expect(range.file.lineText(range.location.line).contains(lintCase.line))
}

@Test func lintQuietOnCleanKey() {
    let result = compileMini(miniPolicy(keys: miniKey("clean")))
    let keyLints = result.diagnostics.filter { $0.code.id.hasPrefix("L") && $0.code.id != "L011" }
    #expect(keyLints.isEmpty, "unexpected \(keyLints.map(\.description))")
}

@Test func lintUnusedScopes() {
    let result = compileMini(miniPolicy(keys: miniKey("clean")))
    let unused = result.diagnostics.filter { $0.code.id == "L011" }.map(\.message)
    #expect(unused.contains("scope 'files:write' is never used"))
    #expect(unused.contains("scope 'admin:keys' is never used"))
    #expect(!unused.contains { $0.contains("chat:completions") })
}

@Test func lintLevelOffRemovesIt() {
    let text = miniPolicy(keys: miniKey("open").replacingOccurrences(of: "    networks: {allow: [10.0.0.0/8]}\n", with: ""))
        .replacingOccurrences(of: "  max_key_age: 60d\n", with: "  max_key_age: 60d\n  lints: {L007: off, unused-definition: off}\n")
    let result = compileMini(text)
    #expect(!codes(result).contains("L007"))
    #expect(!codes(result).contains("L011"))
}

@Test func lintLevelErrorBlocksCompilation() {
    let text = miniPolicy(keys: miniKey("open").replacingOccurrences(of: "    networks: {allow: [10.0.0.0/8]}\n", with: ""))
        .replacingOccurrences(of: "  max_key_age: 60d\n", with: "  max_key_age: 60d\n  lints: {key-without-network-allowlist: error}\n")
    let result = compileMini(text)
    #expect(result.diagnostics.contains { $0.code.id == "L007" && $0.severity == .error })
    #expect(result.policy == nil)
}

@Test func lintUnknownNameSuggestsClosest() throws {
    let text = miniPolicy(keys: miniKey("clean"))
        .replacingOccurrences(of: "  max_key_age: 60d\n", with: "  max_key_age: 60d\n  lints: {key-without-expiri: off}\n")
    let result = compileMini(text)
    let unknown = try #require(result.diagnostics.first { $0.code.id == "L000" })
    #expect(unknown.hint == "did you mean 'key-without-expiry'?")
    #expect(unknown.range?.location.line == 4)
}

@Test func lintsSkippedWithoutConfiguration() {
    let result = compileMini(miniPolicy(keys: miniKey("open").replacingOccurrences(of: "    networks: {allow: [10.0.0.0/8]}\n", with: "")),
                             lints: false)
    #expect(!result.diagnostics.contains { $0.code.id.hasPrefix("L") })
    #expect(result.policy != nil)
}

@Test func lintAllowAllModelsUsesEveryModel() {
    let key = miniKey("wide").replacingOccurrences(of: "    models: [small]\n", with: "    allow_all_models: true\n")
    let text = miniPolicy(keys: key).replacingOccurrences(of: "  chat: {strategy: ordered, candidates: [small, large]}", with: "  chat: {strategy: ordered, candidates: [small]}")
    let unused = compileMini(text).diagnostics.filter { $0.code.id == "L011" }.map(\.message)
    #expect(!unused.contains("model 'large' is never used"))
}

@Test func lintEmptyProductionLabelsMeansNone() {
    let key = miniKey("prod", fields: "    labels: {env: prod}\n    scopes: [admin:keys, chat:completions]")
        .replacingOccurrences(of: "    scopes: [chat:completions]\n", with: "")
    let defaults = compileMini(miniPolicy(keys: key))
    #expect(codes(defaults).contains("L006"))
    let none = compileMini(miniPolicy(keys: key).replacingOccurrences(
        of: "  max_key_age: 60d\n", with: "  max_key_age: 60d\n  lint_options: {production_labels: {}}\n"))
    #expect(!codes(none).contains("L006"))
}

@Test func suggestionsCompleteShortenedNames() {
    #expect(Suggestions.closest(to: "key-without-network-allow", in: ["key-without-network-allowlist", "key-without-expiry"])
        == "key-without-network-allowlist")
    #expect(Suggestions.closest(to: "key", in: ["key-without-expiry"]) == nil)
}
