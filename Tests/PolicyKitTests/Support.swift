// Helpers shared by the PolicyKit tests: compiling inline policies, building
// requests and timestamps, and a small base policy that tests extend.

import Foundation
import PolicyKit
import PolicySource
import PolicyValues
import Testing

/// SHA-256 of "k1-secret" and "k2-secret", the secrets of the test keys.
let firstSecretHash = "3b256f451f98330c67236eb5cbc1b61fe284e2c01ece772d555ad736af2ffc9c"
let secondSecretHash = "edd3acdd77440e2add2725ea9a810c2dbf4037d38182accdfe05e791e36d58e5"

/// Compiles one in-memory policy file; records an issue and returns nil when it has errors.
func compilePolicy(_ text: String, path: String = "policy.yaml", sourceLocation: Testing.SourceLocation = #_sourceLocation) -> CompiledPolicy? {
    let result = PolicyCompiler().compile(sources: [(path: path, text: text)])
    if result.policy == nil {
        let rendered = TextRenderer().render(result.diagnostics)
        Issue.record("the policy does not compile:\n\(rendered)", sourceLocation: sourceLocation)
    }
    return result.policy
}

/// Parses an RFC 3339 time written in a test.
func instant(_ text: String) -> Timestamp {
    switch Timestamp.parse(text) {
    case .success(let value): return value
    case .failure(let error):
        Issue.record("invalid test timestamp '\(text)': \(error)")
        return Timestamp(nanoseconds: 0)
    }
}

/// A request with the defaults the base policy accepts.
func makeRequest(
    key: String? = "k1", secret: String? = nil, peer: String = "10.0.1.5", forwardedFor: [String] = [],
    time: String = "2025-06-02T12:00:00Z", scope: String = "chat:completions", model: String = "small",
    inputTokens: Int64 = 0, maxOutputTokens: Int64 = 0, requestID: String? = nil
) -> Request {
    Request(keyID: key, presentedSecret: secret, peerAddress: peer, forwardedFor: forwardedFor, time: instant(time),
            scope: scope, model: model, inputTokens: inputTokens, maxOutputTokens: maxOutputTokens, requestID: requestID)
}

/// A policy with one scope, the models `small` and `large`, and key `k1`
/// (limited to `small`) whose body is extended by `keyFields`.
func basePolicy(settings: String = "", keyFields: String = "", extra: String = "") -> String {
    """
    version: 1
    settings:
      name: tests
    \(settings)
    scopes: [chat:completions]
    models:
      small:
        provider: openai
        price: {input: 1.00, output: 2.00}
        context_window: 1000
      large:
        provider: openai
        price: {input: 3.00, output: 6.00}
        context_window: 100000
    keys:
      k1:
        secret_sha256: \(firstSecretHash)
        created_at: 2025-01-01T00:00:00Z
        scopes: [chat:completions]
        models: [small]
    \(keyFields)
    \(extra)
    """
}

/// Indents every line of `text` by `spaces` spaces, for splicing YAML blocks.
func indented(_ text: String, by spaces: Int) -> String {
    let padding = String(repeating: " ", count: spaces)
    return text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : padding + $0 }
        .joined(separator: "\n")
}
